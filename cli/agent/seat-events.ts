import type { DeviceApi, Reserve, Revocation } from './api.ts';
import { describeError } from './api.ts';

/**
 * The seat's events on the device's stream: a `revocation` (a subscription ended under the app:
 * revoked, replaced, expired…), which the app stops using and acknowledges, and a `reserve`
 * (a subscription waiting until the current one ends, then started by the service itself).
 * Each line starts with stable words: "Revoked subscription <id>", "Acknowledged revocation <id>",
 * "Reserve waiting <id>", "Reserve started <id>", "Reserve cancelled <id>", "Reserve failed <id>".
 */
export class SeatEvents {
  private readonly api: DeviceApi;
  private readonly print: (line: string) => void;
  /** Revocations already handled (the stream and a catch-up may both bring one). */
  private readonly handled = new Set<string>();

  constructor(api: DeviceApi, print: (line: string) => void) {
    this.api = api;
    this.print = print;
  }

  onEvent(event: 'revocation' | 'reserve', data: string): void {
    try {
      const payload = JSON.parse(data) as { revocation?: Revocation; reserve?: Reserve };
      if (event === 'revocation' && payload.revocation) void this.revoked(payload.revocation);
      if (event === 'reserve' && payload.reserve) this.reserve(payload.reserve);
    } catch (err) {
      this.print(`Ignored an event that could not be read (${describeError(err)}).`);
    }
  }

  /** The stream (re)opened: revocations made while it was closed are fetched and handled. Never throws. */
  async catchUp(): Promise<void> {
    try {
      for (const r of await this.api.revocations()) await this.revoked(r);
    } catch (err) {
      this.print(`Could not fetch revocations (${describeError(err)}); the stream will bring new ones.`);
    }
  }

  private async revoked(r: Revocation): Promise<void> {
    if (this.handled.has(r.id)) return;
    this.handled.add(r.id);
    // A real app would stop the features the subscription unlocks here, and forget its licence.
    this.print(
      `Revoked subscription ${r.subscriptionId} (${r.productName ?? r.app}): ${BECAUSE[r.because] ?? r.because}; ` +
        'stopped using it.',
    );
    try {
      await this.api.ackRevocation(r.id);
      this.print(`Acknowledged revocation ${r.id}.`);
    } catch (err) {
      this.handled.delete(r.id);
      this.print(`Could not acknowledge revocation ${r.id} (${describeError(err)}); will try again.`);
    }
  }

  private reserve(r: Reserve): void {
    const when = r.startsAt ? ` on ${r.startsAt.slice(0, 10)}` : '';
    if (r.status === 'waiting')
      this.print(
        `Reserve waiting ${r.id}: subscription ${r.subscriptionId} starts when the current one ends${when}.`,
      );
    else if (r.status === 'started')
      this.print(
        `Reserve started ${r.id}: subscription ${r.subscriptionId} is now this app's current subscription.`,
      );
    else if (r.status === 'cancelled') this.print(`Reserve cancelled ${r.id}: the sender undid it.`);
    else this.print(`Reserve failed ${r.id}: it could not start (${r.reason ?? 'unknown reason'}).`);
  }
}

const BECAUSE: Record<string, string> = {
  revoked: 'the owner removed it from this device',
  replaced: 'another device took over its seat',
  expired: 'it expired',
  inactive: 'this device was silent too long',
  lost: 'this device was reported lost',
  subscription_ended: 'the subscription ended',
};
