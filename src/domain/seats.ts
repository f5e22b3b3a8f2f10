import type { SeatUnit } from './model.ts';

/**
 * Who holds or is being sent a subscription, as loaded from the store: one entry per active
 * activation and one per non-final delivery. Seat accounting depends on the unit.
 */
export interface SeatHolder {
  deviceId: string;
  /** The account that owns the device (for unit `user`, a seat is a person). */
  personId: string;
  kind: 'activation' | 'delivery';
  /**
   * A replace-send: the seat of the device it replaces, which it takes over when it completes.
   * The pair counts as that one seat, never two, and never none while the new one is on its way.
   */
  holdsSeatOf?: { deviceId: string; personId: string } | null;
}

export interface SeatUsage {
  total: number;
  /** Seats held by active activations. */
  used: number;
  /** Seats reserved by non-final deliveries that do not already hold a seat. */
  reserved: number;
}

function seatKey(unit: SeatUnit, h: SeatHolder): string {
  const seat = h.holdsSeatOf ?? h;
  return unit === 'device' ? seat.deviceId : seat.personId;
}

/**
 * Seats used and reserved. Unit `device`: each device holding an activation or a non-final
 * delivery takes one. Unit `user`: each distinct person does, however many devices they have.
 */
export function seatUsage(unit: SeatUnit, seats: number, holders: readonly SeatHolder[]): SeatUsage {
  const used = new Set<string>();
  for (const h of holders) if (h.kind === 'activation') used.add(seatKey(unit, h));
  const reserved = new Set<string>();
  for (const h of holders) {
    const key = seatKey(unit, h);
    if (h.kind === 'delivery' && !used.has(key)) reserved.add(key);
  }
  return { total: seats, used: used.size, reserved: reserved.size };
}

/**
 * The distinct seats a list of holders takes, counted once per list and brought up to date as
 * the list grows: a pre-flight judges thousands of devices against one list, and a send appends
 * a holder for each delivery it makes. Counting the whole list for every device made a big
 * fleet's pre-flight quadratic. Lists are only ever appended to.
 */
const counted = new WeakMap<readonly SeatHolder[], { unit: SeatUnit; upTo: number; keys: Set<string> }>();

function seatKeys(unit: SeatUnit, holders: readonly SeatHolder[]): ReadonlySet<string> {
  let c = counted.get(holders);
  if (!c || c.unit !== unit || c.upTo > holders.length) {
    c = { unit, upTo: 0, keys: new Set() };
    counted.set(holders, c);
  }
  for (; c.upTo < holders.length; c.upTo++) c.keys.add(seatKey(unit, holders[c.upTo]!));
  return c.keys;
}

/**
 * Whether a send to `target` needs a free seat and none is left. Unit `user`: a person who
 * already holds the subscription (or is being sent it) uses no further seat. Without a target
 * (a download link), whether any seat is left at all.
 */
export function noFreeSeat(
  unit: SeatUnit,
  seats: number,
  holders: readonly SeatHolder[],
  target: { deviceId: string; personId: string } | null,
): boolean {
  const keys = seatKeys(unit, holders);
  if (unit === 'user' && target !== null && keys.has(target.personId)) return false;
  return keys.size >= seats;
}
