import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** The portal as `npm run build` made it (npm test builds it first). */
const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET, bytes as sent: fetch() would ask for and undo the compression itself. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The portal's files go out compressed as the browser accepts (Brotli, else gzip, else as they
 * are), compressed once by the build; the content-hashed files may be cached for good, and the
 * page that names them is asked for again each time.
 */
describe(`the portal's files (${DIALECT})`, () => {
  let server: TestServer;
  let script: string;
  before(async () => {
    assert.ok(existsSync(join(WEB_ROOT, 'index.html')), 'the portal is built (npm run build)');
    server = await startTestServer({ webRoot: WEB_ROOT });
    const html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
    script = /src="\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
  });
  after(() => server.close());

  it('the build writes a Brotli and a gzip copy of every script and style sheet over 1 KB', () => {
    const assets = join(WEB_ROOT, 'assets');
    const texts = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
    assert.ok(texts.length > 0);
    for (const f of texts) {
      if (statSync(join(assets, f)).size < 1024) continue;
      const original = readFileSync(join(assets, f));
      assert.deepEqual(brotliDecompressSync(readFileSync(join(assets, `${f}.br`))), original, `${f}.br`);
      assert.deepEqual(gunzipSync(readFileSync(join(assets, `${f}.gz`))), original, `${f}.gz`);
    }
  });

  it('a script goes out in Brotli to a browser that accepts it, the same bytes once decoded', async () => {
    const original = readFileSync(join(WEB_ROOT, script));
    const res = await get(`${server.url}/${script}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.match(String(res.headers.vary), /accept-encoding/i);
    assert.ok(res.body.length < original.length / 3, `${res.body.length} bytes of ${original.length}`);
    assert.deepEqual(brotliDecompressSync(res.body), original);
  });

  it('in gzip to a client that accepts only gzip, and as it is to one that accepts nothing', async () => {
    const original = readFileSync(join(WEB_ROOT, script));
    const gz = await get(`${server.url}/${script}`, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), original);

    const plain = await get(`${server.url}/${script}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, original);
  });

  it('content-hashed files are cached for a year; the page is asked for again each time', async () => {
    const asset = await get(`${server.url}/${script}`, { 'accept-encoding': 'br' });
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');

    for (const page of ['/', '/index.html', '/devices', '/subscriptions/some-id']) {
      const res = await get(`${server.url}${page}`, { 'accept-encoding': 'br, gzip' });
      assert.equal(res.status, 200, page);
      assert.equal(res.headers['cache-control'], 'no-cache', page);
      assert.match(res.body.toString('utf8'), /<script type="module"/, page);
      // The page keeps its security headers.
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, page);

      const etag = String(res.headers.etag);
      const again = await get(`${server.url}${page}`, {
        'if-none-match': etag,
        'accept-encoding': 'br, gzip',
      });
      assert.equal(again.status, 304, `${page}: revalidated`);
    }
  });

  it('an API path is still the API’s: a problem, never the page', async () => {
    const res = await get(`${server.url}/v1/no-such-thing`, { 'accept-encoding': 'br' });
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('a file gone since the server started is a 404 problem, not a 405 for the method its route takes', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'seatpost-web-'));
    cpSync(WEB_ROOT, copy, { recursive: true });
    const second = await startTestServer({ webRoot: copy });
    try {
      rmSync(join(copy, script));
      rmSync(join(copy, `${script}.br`));
      rmSync(join(copy, `${script}.gz`));
      const res = await get(`${second.url}/${script}`, { 'accept-encoding': 'br, gzip' });
      assert.equal(res.status, 404);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal((JSON.parse(res.body.toString('utf8')) as { code: string }).code, 'NOT_FOUND');
    } finally {
      await second.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
