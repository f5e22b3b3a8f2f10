import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import type { Customer, TestServer } from './server.ts';

/**
 * A member of the vendor's staff for tests: an account the operator gives a role, with two
 * factors turned on through the portal's own API by an authenticator no one here wrote (`otpauth`).
 */
export async function newStaffMember(
  server: TestServer,
  role: 'support' | 'admin',
  opts: { twoFactors?: boolean; language?: string } = {},
): Promise<Customer & { totp: OTPAuth.TOTP | null }> {
  const c = await server.newCustomer({
    name: `Staff ${role}`,
    ...(opts.language ? { language: opts.language } : {}),
  });
  const made = await server.operator.post('/v1/operator/staff', { email: c.email, role });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  if (opts.twoFactors === false) return { ...c, totp: null };
  const started = await c.api.post('/v1/me/two-factor', { password: c.password });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const totp = OTPAuth.URI.parse(started.body.otpauthUri) as OTPAuth.TOTP;
  const confirmed = await c.api.post('/v1/me/two-factor/confirm', { code: totp.generate() });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { ...c, totp };
}
