/**
 * What makes a device the same device (issue 15): a key it proves, or, for apps without one, a
 * hardware hint that lets its owner merge two entries that are one machine.
 */

/** The text an app signs with its Ed25519 key to connect with `code`: the code is the nonce, so a proof works once. */
export function connectProofText(code: string): string {
  return `seatpost-connect:${code}`;
}

/** Where a key must be unique, and where a known key finds its device: the account, or the organization. */
export function identityScope(owner: { accountId: string; organizationId: string | null }): string {
  return owner.organizationId ? `organization:${owner.organizationId}` : `account:${owner.accountId}`;
}

export interface HintedDevice {
  id: string;
  hardwareId: string | null;
  connectedAt: Date;
}

export interface DuplicateSuggestion {
  hardwareId: string;
  /** The newer connection: the one a merge keeps. */
  keep: string;
  /** The older connections with the same hint, newest first. */
  duplicates: string[];
}

/**
 * Devices that report the same hardware hint, as "these look like the same device": in each
 * group the newest connection is the one to keep (it holds the working token). Groups come in
 * the order of their newest device, newest first; ties broken by id so the answer is stable.
 */
export function duplicateSuggestions(devices: readonly HintedDevice[]): DuplicateSuggestion[] {
  const groups = new Map<string, HintedDevice[]>();
  for (const d of devices) {
    if (!d.hardwareId) continue;
    groups.set(d.hardwareId, [...(groups.get(d.hardwareId) ?? []), d]);
  }
  const newestFirst = (a: HintedDevice, b: HintedDevice) =>
    b.connectedAt.getTime() - a.connectedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...groups]
    .filter(([, list]) => list.length > 1)
    .map(([hardwareId, list]) => {
      const [keep, ...rest] = [...list].sort(newestFirst);
      return { hardwareId, keep: keep!.id, duplicates: rest.map((d) => d.id), at: keep!.connectedAt };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.keep < b.keep ? -1 : 1))
    .map(({ hardwareId, keep, duplicates }) => ({ hardwareId, keep, duplicates }));
}

/** Of two devices to merge, which stays: the newer connection (ties: the first named). */
export function mergeKeeps<T extends { id: string; connectedAt: Date }>(a: T, b: T): { keep: T; drop: T } {
  return b.connectedAt.getTime() > a.connectedAt.getTime() ? { keep: b, drop: a } : { keep: a, drop: b };
}
