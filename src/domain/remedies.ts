import type { ReasonCode } from './reasons.ts';

/** The one-step fixes the pre-flight offers beside a refusal (api.md, eligibility's `remedies`). */
export const REMEDY_KINDS = ['replace', 'reserve', 'send_download_link', 'update_app', 'connect'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

/**
 * Which reason each remedy removes. A reason not listed has no one-step fix (the subscription
 * expired, is blocked, is a trial…), and only the subscription's vendor or support can help.
 */
export const REMEDY_FOR_REASON: Readonly<Partial<Record<ReasonCode, RemedyKind>>> = {
  DEVICE_NOT_CONNECTED: 'connect',
  APP_NOT_INSTALLED: 'send_download_link',
  EXPIRES_SOONER_THAN_CURRENT: 'reserve',
  NO_FREE_SLOTS: 'replace',
  INCOMPATIBLE_APP_VERSION: 'update_app',
  LIMITED_ONTO_AUTO_RENEWAL: 'reserve',
  AUTO_RENEWAL_ONTO_LIMITED: 'reserve',
};

/** What besides the reasons decides whether a remedy can be taken now. */
export interface RemedyFacts {
  /** Other devices hold a seat of the subscription, so one of them can be replaced. */
  seatHoldersElsewhere: boolean;
  /** A reserve already waits on the device for the app: a second is refused. */
  reserveWaiting: boolean;
  /** A new installer of the app exists to update to. */
  installerAvailable: boolean;
}

/** Whether a remedy can be taken at all, given the facts beyond the reasons. */
const AVAILABLE: Readonly<Record<RemedyKind, (f: RemedyFacts) => boolean>> = {
  replace: (f) => f.seatHoldersElsewhere,
  reserve: (f) => !f.reserveWaiting,
  send_download_link: () => true,
  update_app: (f) => f.installerAvailable,
  connect: () => true,
};

/**
 * The remedies for a device refused for `reasons`: a remedy is offered when it removes every
 * reason at once (one step that makes the send possible) and can be taken now. At most one,
 * since every reason maps to one remedy; empty for an eligible device.
 */
export function remediesFor(reasons: readonly ReasonCode[], facts: RemedyFacts): RemedyKind[] {
  if (reasons.length === 0) return [];
  const kinds = new Set(reasons.map((r) => REMEDY_FOR_REASON[r]));
  if (kinds.size !== 1) return [];
  const [kind] = kinds;
  return kind !== undefined && AVAILABLE[kind](facts) ? [kind] : [];
}
