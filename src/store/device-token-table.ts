import type { DeviceAtRequest } from './device-at-request.ts';

/**
 * The devices that have checked in, by token, held in this process: the check-in's lookup without
 * a trip through SQLite's B-tree (on a million devices, most of a check-in's CPU: docs/scaling.md).
 *
 * It holds only what the database says, and only while the database says it: every change to a
 * device's row, or to its deliveries, made through this process's connection forgets the device
 * at once (triggers on that connection, see device-token-watch.ts), and a change made by any other
 * connection clears it all. A device that anything waits for is never held, so a hit always means
 * "this token is valid and nothing waits for it".
 *
 * Compact: an open-addressing table over typed arrays (37 bytes a slot, and the id's string), not
 * a Map of an object per device, which costs several times that. A slot holds 120 bits of the token's
 * hash (its first 20 base64url characters: a guess that matches a held one has odds of about
 * 2^-100, far below guessing a token), the device's id, last seen, and the apps' fingerprint and the
 * region as indexes into small tables of the values seen.
 */

const EMPTY = 0;
const FULL = 1;
const GONE = 2;
const KEY_CHARS = 20;
/**
 * Distinct app lists and regions a table names (kept while the process lives, so bounded); a
 * device with another one is not held.
 */
const MAX_FINGERPRINTS = 0xfffe;
const MAX_REGIONS = 0xfffe;

const SIXTY_FOUR = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries())
  SIXTY_FOUR[c.charCodeAt(0)] = i;

/** The four 30-bit words of a base64url token hash's first 20 characters, or false. */
function keyOf(tokenHash: string, out: Uint32Array): boolean {
  if (tokenHash.length < KEY_CHARS) return false;
  for (let w = 0; w < 4; w++) {
    let word = 0;
    for (let c = 0; c < 5; c++) {
      const code = tokenHash.charCodeAt(w * 5 + c);
      const v = code < 128 ? SIXTY_FOUR[code]! : -1;
      if (v < 0) return false;
      word = word * 64 + v;
    }
    out[w] = word;
  }
  return true;
}

class Interned {
  readonly #index = new Map<string, number>();
  readonly #values: string[] = [''];
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  /** 0 for null; undefined when the table is full. */
  of(value: string | null): number | undefined {
    if (value === null) return 0;
    let i = this.#index.get(value);
    if (i === undefined && this.#values.length <= this.#max) {
      i = this.#values.push(value) - 1;
      this.#index.set(value, i);
    }
    return i;
  }
  value(index: number): string | null {
    return index === 0 ? null : this.#values[index]!;
  }
}

export class DeviceTokenTable {
  #capacity = 0;
  #full = 0;
  #used = 0;
  #state = new Uint8Array(0);
  #keys = new Uint32Array(0);
  #ids: (string | undefined)[] = [];
  #lastSeen = new Float64Array(0);
  #fingerprints = new Uint16Array(0);
  #regions = new Uint16Array(0);
  readonly #fingerprintValues = new Interned(MAX_FINGERPRINTS);
  readonly #regionValues = new Interned(MAX_REGIONS);
  readonly #key = new Uint32Array(4);
  readonly #maxCapacity: number;
  /** Bumped by every forgetting: a lookup that read the database before it must not fill in after it. */
  generation = 0;

  /** `maxCapacity` slots at most (a power of two), of which at most three quarters are held. */
  constructor(maxCapacity = 1 << 21) {
    this.#maxCapacity = maxCapacity;
    this.#allocate(1 << 12);
  }

  get size(): number {
    return this.#full;
  }

  get(tokenHash: string): DeviceAtRequest | undefined {
    if (this.#full === 0 || !keyOf(tokenHash, this.#key)) return undefined;
    const slot = this.#find();
    if (slot < 0) return undefined;
    return {
      id: this.#ids[slot]!,
      region: this.#regionValues.value(this.#regions[slot]!),
      lastSeenAt: new Date(this.#lastSeen[slot]!),
      appsFingerprint: this.#fingerprintValues.value(this.#fingerprints[slot]!),
      waiting: false,
    };
  }

  /** Holds what the database just said of a token, if it can be held (see the class). */
  put(tokenHash: string, device: DeviceAtRequest): void {
    const ms = device.lastSeenAt.getTime();
    if (device.waiting || Number.isNaN(ms)) return;
    const fingerprint = this.#fingerprintValues.of(device.appsFingerprint);
    const region = this.#regionValues.of(device.region);
    if (fingerprint === undefined || region === undefined || !keyOf(tokenHash, this.#key)) return;
    let slot = this.#find();
    if (slot < 0) {
      if ((this.#used + 1) * 4 > this.#capacity * 3 && !this.#grow()) return;
      slot = this.#freeSlot();
      this.#full++;
      if (this.#state[slot] === EMPTY) this.#used++;
      this.#state[slot] = FULL;
      this.#keys.set(this.#key, slot * 4);
    }
    this.#ids[slot] = device.id;
    this.#lastSeen[slot] = ms;
    this.#fingerprints[slot] = fingerprint;
    this.#regions[slot] = region;
  }

  forget(tokenHash: string | null): void {
    this.generation++;
    if (tokenHash === null || this.#full === 0 || !keyOf(tokenHash, this.#key)) return;
    const slot = this.#find();
    if (slot < 0) return;
    this.#state[slot] = GONE;
    this.#ids[slot] = undefined;
    this.#full--;
  }

  /** Forgets every device, keeping the slots: the table refills to the size it had, and a new one would be garbage to collect. */
  clear(): void {
    this.generation++;
    this.#state.fill(EMPTY);
    this.#ids.fill(undefined);
    this.#full = 0;
    this.#used = 0;
  }

  /** Where `#key`'s probe starts. */
  #home(): number {
    return (this.#key[0]! ^ this.#key[1]!) & (this.#capacity - 1);
  }

  /** The slot holding `#key`, or -1. */
  #find(): number {
    const mask = this.#capacity - 1;
    const k = this.#key;
    for (let slot = this.#home(); ; slot = (slot + 1) & mask) {
      const state = this.#state[slot];
      if (state === EMPTY) return -1;
      const i = slot * 4;
      if (
        state === FULL &&
        this.#keys[i] === k[0] &&
        this.#keys[i + 1] === k[1] &&
        this.#keys[i + 2] === k[2] &&
        this.#keys[i + 3] === k[3]
      )
        return slot;
    }
  }

  #freeSlot(): number {
    const mask = this.#capacity - 1;
    let slot = this.#home();
    while (this.#state[slot] === FULL) slot = (slot + 1) & mask;
    return slot;
  }

  /** Makes room: twice the slots, or the same after dropping forgotten ones. False at the maximum. */
  #grow(): boolean {
    const capacity = this.#full * 2 >= this.#capacity ? this.#capacity * 2 : this.#capacity;
    if (capacity > this.#maxCapacity) return false;
    const [state, keys, ids, lastSeen, fingerprints, regions] = [
      this.#state,
      this.#keys,
      this.#ids,
      this.#lastSeen,
      this.#fingerprints,
      this.#regions,
    ];
    const key = new Uint32Array(this.#key);
    this.#allocate(capacity);
    for (let from = 0; from < state.length; from++) {
      if (state[from] !== FULL) continue;
      this.#key.set(keys.subarray(from * 4, from * 4 + 4));
      const to = this.#freeSlot();
      this.#state[to] = FULL;
      this.#keys.set(this.#key, to * 4);
      this.#ids[to] = ids[from];
      this.#lastSeen[to] = lastSeen[from]!;
      this.#fingerprints[to] = fingerprints[from]!;
      this.#regions[to] = regions[from]!;
      this.#full++;
      this.#used++;
    }
    this.#key.set(key);
    return true;
  }

  #allocate(capacity: number): void {
    this.#capacity = capacity;
    this.#full = 0;
    this.#used = 0;
    this.#state = new Uint8Array(capacity);
    this.#keys = new Uint32Array(capacity * 4);
    this.#ids = new Array<string | undefined>(capacity).fill(undefined);
    this.#lastSeen = new Float64Array(capacity);
    this.#fingerprints = new Uint16Array(capacity);
    this.#regions = new Uint16Array(capacity);
  }
}
