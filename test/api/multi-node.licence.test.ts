import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { Client } from '../support/http.ts';
import { skipWithoutPostgres as skip, twoNodesOnOnePostgres } from '../support/two-nodes.ts';

/** Offline licences across two nodes on one PostgreSQL: they sign with the one current key. */
describe('two nodes on one PostgreSQL: licence keys', { skip }, () => {
  const nodes = twoNodesOnOnePostgres();

  test('both nodes, racing for the first key, agree on it; a rotation on one is the other’s key too', async () => {
    const { a, b, clock } = nodes;
    const device = await a.newDevice(await a.newCustomer());
    const onB = new Client(b.url, { authorization: `Bearer ${device.token}` });
    const kidsOf = async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? onB : device.api).get('/v1/device/licence')),
      );
      assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200]));
      return new Set(answers.map((r) => decodeProtectedHeader(r.body as string).kid));
    };
    const first = await kidsOf();
    assert.equal(first.size, 1);
    const rows = await a.service.deps.db.selectFrom('licence_keys').select('id').execute();
    assert.deepEqual(
      rows.map((r) => r.id),
      [...first],
    );

    const rotated = await b.operator.post('/v1/operator/licence-keys/rotate');
    assert.equal(rotated.status, 201);
    assert.deepEqual(await kidsOf(), new Set([rotated.body.kid]));

    // Both nodes publish the same keys, and a licence from one verifies with the other's JWKS.
    const jwksA = (await a.anonymous().get('/.well-known/jwks.json')).body as JSONWebKeySet;
    const jwksB = (await b.anonymous().get('/.well-known/jwks.json')).body as JSONWebKeySet;
    assert.deepEqual(jwksA, jwksB);
    assert.deepEqual(jwksA.keys.map((k) => k.kid).sort(), [...first, rotated.body.kid].sort());
    const fromA = (await device.api.get('/v1/device/licence')).body as string;
    const { payload } = await jwtVerify(fromA, createLocalJWKSet(jwksB), {
      issuer: a.url,
      currentDate: clock.now(),
    });
    assert.equal(payload.sub, device.deviceId);
  });
});
