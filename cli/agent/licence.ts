import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import { DisconnectedError, describeError } from './api.ts';
import type { DeviceApi } from './api.ts';
import { saveState } from './state.ts';
import type { AgentState } from './state.ts';

/**
 * The offline licence: fetched at connect and check-in, kept in the state file with the keys
 * that sign it, and verified here without the network, so that the vendor's app keeps working
 * offline until the licence's `exp`; after that it must check in again.
 */

export type LicenceClaims = {
  sub: string;
  iss: string;
  iat: number;
  exp: number;
  subscriptions: { id: string; product: string; expiresAt: string; renewal: string }[];
};

/** The saved licence cannot be used: none yet, altered, not this device's or server's, or expired. */
export class LicenceRefused extends Error {}

/** Verifies the saved licence with the saved keys, offline: signature, issuer, device and expiry. */
export async function verifyLicence(state: AgentState, now: Date = new Date()): Promise<LicenceClaims> {
  if (!state.licence || !state.jwks)
    throw new LicenceRefused('no licence is saved yet: the device must check in once while online');
  try {
    const { payload } = await jwtVerify(state.licence, createLocalJWKSet(state.jwks), {
      issuer: new URL(state.server).origin,
      subject: state.deviceId,
      algorithms: ['EdDSA'],
      requiredClaims: ['iat', 'exp'],
      currentDate: now,
    });
    return payload as unknown as LicenceClaims;
  } catch (err) {
    if (err instanceof errors.JWTExpired)
      throw new LicenceRefused('the licence has expired: check in while online to renew it');
    if (err instanceof errors.JOSEError)
      throw new LicenceRefused(`the saved licence is not valid (${err.code}): ${err.message}`);
    throw err;
  }
}

/** How often a check-in also fetches a fresh licence. */
const REFRESH_MS = 60_000;

/** Keeps the licence fresh while online and says, once per change, what the device may do offline. */
export class LicenceKeeper {
  private state: AgentState;
  private readonly api: DeviceApi;
  private readonly statePath: string | undefined;
  private readonly print: (line: string) => void;
  private refreshedAt = -Infinity;
  private said = '';

  constructor(
    state: AgentState,
    api: DeviceApi,
    statePath: string | undefined,
    print: (line: string) => void,
  ) {
    this.state = state;
    this.api = api;
    this.statePath = statePath;
    this.print = print;
  }

  /** Fetches and saves a new licence (at most every REFRESH_MS); offline, checks the saved one. Never throws. */
  async refresh(): Promise<void> {
    if (performance.now() - this.refreshedAt < REFRESH_MS) return;
    let fresh: { licence: string; jwks: AgentState['jwks'] };
    try {
      fresh = await this.api.licence();
    } catch (err) {
      if (err instanceof DisconnectedError) return this.forget();
      return this.offline(describeError(err));
    }
    try {
      const claims = await verifyLicence({ ...this.state, ...fresh });
      this.refreshedAt = performance.now();
      await this.save({ ...this.state, ...fresh });
      const count = claims.subscriptions.length;
      this.say(`Licence valid until ${isoOf(claims.exp)} for ${count} subscription(s).`);
    } catch (err) {
      // A licence that does not verify (a clock far off, a key we were not given) is not kept.
      this.say(`Licence refused: ${describeError(err)}.`);
    }
  }

  private async offline(why: string): Promise<void> {
    try {
      const claims = await verifyLicence(this.state);
      this.say(`Working offline: the saved licence is valid until ${isoOf(claims.exp)} (${why}).`);
    } catch (refused) {
      this.say(`Licence refused: ${describeError(refused)}.`);
    }
  }

  /** The device was disconnected: its licence no longer holds. */
  async forget(): Promise<void> {
    const { licence: _licence, jwks: _jwks, ...rest } = this.state;
    if (this.state.licence) await this.save(rest);
  }

  private async save(state: AgentState): Promise<void> {
    this.state = state;
    if (this.statePath) await saveState(this.statePath, state);
  }

  private say(line: string): void {
    if (line !== this.said) this.print(line);
    this.said = line;
  }
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
