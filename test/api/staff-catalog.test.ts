import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client } from '../support/http.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { newStaffMember } from '../support/staff.ts';

/**
 * The catalogue in the support console (issue 18, item 2): staff with the admin role list and add
 * products and register installers, by upload or by the vendor's URL, with the operator's rules;
 * support staff, accounts without two factors and nobody are refused.
 */
let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server?.close());

/** An installer upload as the console sends it: the file as the body, the release in the query. */
async function upload(staff: Customer, productId: string, query: Record<string, string>, file: Uint8Array) {
  const cookie = [...staff.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(
    `${server.url}/v1/staff/products/${encodeURIComponent(productId)}/releases?${new URLSearchParams(query).toString()}`,
    {
      method: 'POST',
      headers: { ...staff.api.headers, cookie, 'content-type': 'application/octet-stream' },
      body: file,
    },
  );
  return { status: res.status, body: (await res.json()) as any };
}

const newProductBody = () => ({
  id: `catalogue-${randomBytes(4).toString('hex')}`,
  name: 'Seatpost Backup',
  app: 'seatpost-backup',
  appVersions: '>=3.0.0 <4',
  regions: ['dk', 'SE'],
  business: false,
  perUserService: false,
});

describe(`the staff console's catalogue (${DIALECT})`, () => {
  test('an admin lists and adds products, and uploads an installer whose SHA-256 the server computes', async () => {
    const admin = await newStaffMember(server, 'admin');
    const body = newProductBody();
    const made = await admin.api.post('/v1/staff/products', body);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.regions, ['DK', 'SE']);
    const again = await admin.api.post('/v1/staff/products', body);
    assert.deepEqual([again.status, again.body.code, again.body.pointer], [409, 'ALREADY_EXISTS', '/id']);
    const listed = await admin.api.get('/v1/staff/products');
    assert.equal(listed.status, 200);
    assert.ok(listed.body.products.some((p: any) => p.id === body.id && p.name === 'Seatpost Backup'));

    const file = randomBytes(70_000);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const up = await upload(
      admin,
      body.id,
      { platform: 'linux', version: '3.1.0', fileName: 'backup-3.1.0.deb' },
      file,
    );
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(
      [up.body.sha256, up.body.size, up.body.fileName, up.body.source, up.body.platform],
      [sha256, file.length, 'backup-3.1.0.deb', 'upload', 'linux'],
    );
    // With the SHA-256 the vendor expects: accepted when it matches.
    const checked = await upload(admin, body.id, { platform: 'windows', version: '3.1.0', sha256 }, file);
    assert.equal(checked.status, 201, JSON.stringify(checked.body));

    const external = await admin.api.post(`/v1/staff/products/${body.id}/releases`, {
      platform: 'macos',
      version: '3.1.0',
      url: 'https://downloads.vendor.example/backup-3.1.0.pkg',
      sha256: 'B'.repeat(64),
    });
    assert.equal(external.status, 201, JSON.stringify(external.body));
    assert.deepEqual([external.body.source, external.body.sha256], ['external', 'b'.repeat(64)]);

    const releases = await admin.api.get(`/v1/staff/products/${body.id}/releases`);
    assert.equal(releases.status, 200);
    assert.deepEqual(
      releases.body.installers.map((i: any) => `${i.platform} ${i.version} ${i.sha256.slice(0, 8)}`).sort(),
      [`linux 3.1.0 ${sha256.slice(0, 8)}`, 'macos 3.1.0 bbbbbbbb', `windows 3.1.0 ${sha256.slice(0, 8)}`],
    );
    // What the operator sees is the same catalogue.
    const operatorView = await server.operator.get(`/v1/operator/products/${body.id}/releases`);
    assert.equal(operatorView.body.installers.length, 3);
  });

  test('an admin changes when silent devices lose a product, after a dry run', async () => {
    const admin = await newStaffMember(server, 'admin');
    const product = await server.createProduct();
    const dry = await admin.api.patch(`/v1/staff/products/${product.id}?dryRun=true`, {
      inactiveAfter: '90d',
    });
    assert.deepEqual([dry.status, dry.body.dryRun], [200, true]);
    const changed = await admin.api.patch(`/v1/staff/products/${product.id}`, { inactiveAfter: '90d' });
    assert.deepEqual([changed.status, changed.body.inactiveAfter], [200, '90d']);
    const bad = await admin.api.patch(`/v1/staff/products/${product.id}`, { inactiveAfter: '5m' });
    assert.deepEqual([bad.status, bad.body.code], [400, 'VALIDATION_FAILED']);
  });

  test('a wrong SHA-256, platform, version or file name is refused with its problem code', async () => {
    const admin = await newStaffMember(server, 'admin');
    const product = await server.createProduct();
    const file = randomBytes(1_000);
    const wrongSha = await upload(
      admin,
      product.id,
      { platform: 'linux', version: '22.0.0', sha256: 'c'.repeat(64) },
      file,
    );
    assert.deepEqual(
      [wrongSha.status, wrongSha.body.code, wrongSha.body.pointer],
      [400, 'VALIDATION_FAILED', '/sha256'],
    );
    // Not kept: the same release can be uploaded right after.
    const retried = await upload(admin, product.id, { platform: 'linux', version: '22.0.0' }, file);
    assert.equal(retried.status, 201, JSON.stringify(retried.body));

    const badPlatform = await upload(admin, product.id, { platform: 'beos', version: '22.0.1' }, file);
    assert.deepEqual([badPlatform.status, badPlatform.body.code], [400, 'VALIDATION_FAILED']);
    const badVersion = await upload(admin, product.id, { platform: 'linux', version: 'latest' }, file);
    assert.deepEqual(
      [badVersion.status, badVersion.body.code, badVersion.body.pointer],
      [400, 'VALIDATION_FAILED', '/version'],
    );
    const noVersion = await upload(admin, product.id, { platform: 'linux' }, file);
    assert.deepEqual([noVersion.status, noVersion.body.pointer], [400, '/version']);
    const badName = await upload(
      admin,
      product.id,
      { platform: 'ios', version: '22.0.2', fileName: '../x' },
      file,
    );
    assert.deepEqual([badName.status, badName.body.pointer], [400, '/fileName']);
    const twice = await upload(admin, product.id, { platform: 'linux', version: '22.0.0' }, file);
    assert.deepEqual([twice.status, twice.body.code], [409, 'ALREADY_EXISTS']);
    const noProduct = await upload(admin, 'no-such-product', { platform: 'linux', version: '1.0.0' }, file);
    assert.deepEqual([noProduct.status, noProduct.body.code], [404, 'NOT_FOUND']);
    const badUrl = await admin.api.post(`/v1/staff/products/${product.id}/releases`, {
      platform: 'ios',
      version: '22.0.3',
      url: 'javascript:alert(1)',
      sha256: 'a'.repeat(64),
    });
    assert.deepEqual([badUrl.status, badUrl.body.pointer], [400, '/url']);
    const badProduct = await admin.api.post('/v1/staff/products', {
      ...newProductBody(),
      appVersions: 'soon',
    });
    assert.deepEqual([badProduct.status, badProduct.body.pointer], [400, '/appVersions']);
  });

  test('support staff, staff without two factors, other origins and nobody are refused', async () => {
    const product = await server.createProduct();
    const file = randomBytes(100);
    const support = await newStaffMember(server, 'support');
    for (const r of [
      await support.api.get('/v1/staff/products'),
      await support.api.post('/v1/staff/products', newProductBody()),
      await support.api.get(`/v1/staff/products/${product.id}/releases`),
      await support.api.patch(`/v1/staff/products/${product.id}`, { inactiveAfter: null }),
      await upload(support, product.id, { platform: 'linux', version: '22.0.0' }, file),
    ])
      assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN'], JSON.stringify(r.body));

    const noTwoFactors = await newStaffMember(server, 'admin', { twoFactors: false });
    const refused = await upload(noTwoFactors, product.id, { platform: 'linux', version: '22.0.0' }, file);
    assert.deepEqual([refused.status, refused.body.code], [403, 'STAFF_TWO_FACTOR_REQUIRED']);
    const listing = await noTwoFactors.api.get('/v1/staff/products');
    assert.deepEqual([listing.status, listing.body.code], [403, 'STAFF_TWO_FACTOR_REQUIRED']);

    const nobody = new Client(server.url, { origin: server.url });
    assert.equal((await nobody.get('/v1/staff/products')).status, 401);
    assert.equal((await nobody.post('/v1/staff/products', newProductBody())).status, 401);
    const anonymousUpload = await upload(
      { ...support, api: nobody },
      product.id,
      { platform: 'linux', version: '22.0.0' },
      file,
    );
    assert.deepEqual([anonymousUpload.status, anonymousUpload.body.code], [401, 'UNAUTHENTICATED']);

    const admin = await newStaffMember(server, 'admin');
    const cookie = [...admin.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const foreign = await new Client(server.url, { origin: 'https://evil.example', cookie }).post(
      '/v1/staff/products',
      newProductBody(),
    );
    assert.deepEqual([foreign.status, foreign.body.code], [403, 'CSRF_REJECTED']);
    // Nothing of it reached the catalogue.
    const releases = await server.operator.get(`/v1/operator/products/${product.id}/releases`);
    assert.deepEqual(releases.body.installers, []);
  });
});
