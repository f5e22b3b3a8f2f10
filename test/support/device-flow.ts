import assert from 'node:assert/strict';
import type { Clock } from '../../src/app/shared/ports.ts';
import { DEVICE_CODE_GRANT_TYPE } from '../../src/domain/device-flow.ts';
import type { Customer } from './server.ts';

/**
 * For the RFC 8628 tests. openid-client waits with real timers, so the server's clock follows
 * real time, shifted forward when a test needs a code to expire, or frozen when two polls must
 * arrive "at once" even on a busy machine.
 */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  frozenAt: number | null = null;
  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    this.offsetMs += ms;
  }
  freeze(): void {
    this.frozenAt = this.now().getTime();
  }
  thaw(): void {
    this.frozenAt = null;
  }
}

export const INTERVAL_MS = 200;
export const TTL_MS = 10 * 60_000;
export const PER_ACCOUNT = 5;
export const PER_ADDRESS = 8;
export const AUTHORIZATIONS_PER_HOUR = 40;

/** The test server's settings: a short interval, and small guessing limits. */
export const DEVICE_FLOW_SETTINGS = {
  deviceFlowIntervalMs: INTERVAL_MS,
  deviceCodeTtlMs: TTL_MS,
  guessFailuresPerWindow: PER_ACCOUNT,
  addressGuessFailuresPerWindow: PER_ADDRESS,
  deviceAuthorizationsPerAddressPerHour: AUTHORIZATIONS_PER_HOUR,
};

export type FormAnswer = { status: number; headers: Headers; body: Record<string, any> };

/** The device's side, by direct form POSTs as the RFC's clients send them. */
export function deviceClient(url: string) {
  const form = async (path: string, fields: Record<string, string>): Promise<FormAnswer> => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  };
  return {
    form,
    async authorize(fields: Record<string, string> = {}) {
      const r = await form('/v1/oauth/device_authorization', { client_id: 'seatpost-device', ...fields });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { device_code: string; user_code: string; interval: number };
    },
    poll(deviceCode: string, extra: Record<string, string> = {}) {
      return form('/v1/oauth/token', {
        grant_type: DEVICE_CODE_GRANT_TYPE,
        device_code: deviceCode,
        client_id: 'seatpost-device',
        ...extra,
      });
    },
  };
}

/** An RFC 6749 §5.2 error: JSON `{ error, error_description }`, never cached. */
export function assertOAuthError(r: FormAnswer, error: string, status = 400): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error, error);
  assert.equal(typeof r.body.error_description, 'string');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
}

export const approve = (who: Customer, userCode: string, organizationId?: string) =>
  who.api.post('/v1/me/device-authorizations/approve', {
    userCode,
    ...(organizationId ? { organizationId } : {}),
  });
