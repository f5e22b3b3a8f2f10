import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sha256, useDownloadLinkServer } from '../../support/download-links.ts';
import { DIALECT } from '../../support/server.ts';

describe(`installers (${DIALECT})`, () => {
  const ctx = useDownloadLinkServer();

  test('the operator uploads installers (SHA-256 computed and shown) or registers the vendor’s own URL', async () => {
    const product = await ctx.server.createProduct();
    const content = 'a small installer';
    const up = await ctx.upload(product.id, 'windows', '22.1.0', content, { fileName: 'Setup-22.1.0.exe' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(
      [up.body.platform, up.body.version, up.body.fileName, up.body.size, up.body.sha256, up.body.source],
      ['windows', '22.1.0', 'Setup-22.1.0.exe', content.length, sha256(content), 'upload'],
    );
    const external = await ctx.server.operator.post(`/v1/operator/products/${product.id}/releases`, {
      platform: 'macos',
      version: '22.1.0',
      url: 'https://cdn.example.com/Seatpost-22.1.0.dmg',
      sha256: 'B'.repeat(64),
    });
    assert.equal(external.status, 201);
    assert.deepEqual(
      [external.body.fileName, external.body.sha256, external.body.source, external.body.size],
      ['Seatpost-22.1.0.dmg', 'b'.repeat(64), 'external', null],
    );
    const listed = await ctx.server.operator.get(`/v1/operator/products/${product.id}/releases`);
    assert.deepEqual(
      listed.body.installers.map((i: any) => [i.platform, i.sha256]),
      [
        ['macos', 'b'.repeat(64)],
        ['windows', sha256(content)],
      ],
    );
  });

  test('refused: the same release twice, a wrong checksum (nothing kept), a bad URL or platform, another product', async () => {
    const product = await ctx.server.createProduct();
    assert.equal((await ctx.upload(product.id, 'linux', '22.0.0', 'x')).status, 201);
    const twice = await ctx.upload(product.id, 'linux', '22.0.0', 'y');
    assert.deepEqual([twice.status, twice.body.code], [409, 'ALREADY_EXISTS']);
    const wrong = await ctx.upload(product.id, 'linux', '22.0.1', 'z', { sha256: 'c'.repeat(64) });
    assert.deepEqual(
      [wrong.status, wrong.body.code, wrong.body.pointer],
      [400, 'VALIDATION_FAILED', '/sha256'],
    );
    const badPlatform = await ctx.upload(product.id, 'beos', '22.0.1', 'z');
    assert.equal(badPlatform.status, 400);
    const noVersion = await fetch(
      `${ctx.server.url}/v1/operator/products/${product.id}/releases?platform=linux`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.server.operatorKey}`,
          'content-type': 'application/octet-stream',
        },
        body: 'z',
      },
    );
    assert.deepEqual([noVersion.status, ((await noVersion.json()) as any).pointer], [400, '/version']);
    const javascript = await ctx.server.operator.post(`/v1/operator/products/${product.id}/releases`, {
      platform: 'ios',
      version: '22.0.0',
      url: 'javascript:alert(1)',
      sha256: 'a'.repeat(64),
    });
    assert.deepEqual([javascript.status, javascript.body.pointer], [400, '/url']);
    assert.equal((await ctx.upload('no-such-product', 'linux', '1.0.0', 'x')).status, 404);
    const anonymous = await fetch(`${ctx.server.url}/v1/operator/products/${product.id}/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'x',
    });
    assert.equal(anonymous.status, 401);
    const listed = await ctx.server.operator.get(`/v1/operator/products/${product.id}/releases`);
    assert.deepEqual(
      listed.body.installers.map((i: any) => i.version),
      ['22.0.0'],
    );
  });
});
