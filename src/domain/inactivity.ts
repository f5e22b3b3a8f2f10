/**
 * Silent devices (sending.md, "Additions (second round)", inactive devices): a product's
 * `inactiveAfter` ends the activations of a device that has not checked in for that long, after
 * the owner has been warned. Pure: the facts are loaded beforehand, time is passed in.
 */

const DAY_MS = 86_400_000;
const UNIT_MS = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS } as const;

/** `"90d"`-style: a whole number of hours (`h`), days (`d`) or weeks (`w`). */
export const INACTIVE_AFTER_PATTERN = '^[1-9][0-9]{0,5}[hdw]$';
/** Shorter than a day would end the seats of devices that are merely switched off overnight. */
export const INACTIVE_AFTER_MIN_MS = DAY_MS;
/** Ten years: anything longer means "never", which is said by leaving it out. */
export const INACTIVE_AFTER_MAX_MS = 3_650 * DAY_MS;

/**
 * The length of an `inactiveAfter` in milliseconds, or null when it is not one (malformed, or
 * outside one day … ten years).
 */
export function parseInactiveAfter(text: string): number | null {
  if (!new RegExp(INACTIVE_AFTER_PATTERN).test(text)) return null;
  const ms = Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS];
  return ms >= INACTIVE_AFTER_MIN_MS && ms <= INACTIVE_AFTER_MAX_MS ? ms : null;
}

/** The warning already sent for one silence of one device (about one product). */
export interface SentWarning {
  /** The silence it is about: the device's last sign of life when it was sent. */
  silentSince: Date;
  /** The date it promised the seat would be freed on. */
  endsAt: Date;
}

/** What the rule needs to know about one device holding one product with `inactiveAfter`. */
export interface SilenceFacts {
  now: Date;
  /** The device's last sign of life: its last check-in, or the owner's "Keep", whichever is later. */
  silentSince: Date;
  inactiveAfterMs: number;
  /** How long before the end the owner is warned (the setting; 14 days by default). */
  warnBeforeMs: number;
  /**
   * How far the stored "last seen" may lag behind the device's true last check-in (it is written
   * lazily: only when older than its resolution, and in batches). Nothing ends before this much
   * past its date, so that a check-in made before the end is never missed.
   */
  lastSeenLagMs: number;
  /** The warning sent for this same silence, if one was. */
  warning: SentWarning | null;
}

/** How long before the end the warning goes out: the setting, but at most half of `inactiveAfter`. */
export function warningLead(f: Pick<SilenceFacts, 'inactiveAfterMs' | 'warnBeforeMs'>): number {
  return Math.min(f.warnBeforeMs, Math.floor(f.inactiveAfterMs / 2));
}

/** The warning, if one was sent, is about this silence (not an earlier one, ended by a check-in or a keep). */
function warnedForThisSilence(f: SilenceFacts): SentWarning | null {
  return f.warning && f.warning.silentSince.getTime() === f.silentSince.getTime() ? f.warning : null;
}

/**
 * When the device's seats free unless it checks in. Never sooner than a warning's lead after the
 * warning: a device already silent longer than a newly set (or shortened) `inactiveAfter` gets
 * the whole warning period, and a warning's promised date is never brought forward.
 */
export function silenceEndsAt(f: SilenceFacts): Date {
  const due = f.silentSince.getTime() + f.inactiveAfterMs;
  const warning = warnedForThisSilence(f);
  if (warning) return new Date(Math.max(due, warning.endsAt.getTime()));
  return new Date(Math.max(due, f.now.getTime() + warningLead(f)));
}

/** When the owner is to be warned about this silence. */
export function warnAt(f: SilenceFacts): Date {
  return new Date(f.silentSince.getTime() + f.inactiveAfterMs - warningLead(f));
}

/** What is due for a silent device now: nothing, the owner's warning, or the end of its activations. */
export type SilenceStep = 'none' | 'warn' | 'end';

type SilenceRule = (f: SilenceFacts) => boolean;

/**
 * The rule as one ordered table, the first that applies wins: the end needs a warning sent for
 * this very silence (a check-in or a keep starts a new one) and its date passed by the lag of
 * "last seen"; the warning is due from `warnAt`.
 */
const SILENCE_RULES: ReadonlyArray<readonly [Exclude<SilenceStep, 'none'>, SilenceRule]> = [
  [
    'end',
    (f) =>
      warnedForThisSilence(f) !== null && f.now.getTime() >= silenceEndsAt(f).getTime() + f.lastSeenLagMs,
  ],
  ['warn', (f) => warnedForThisSilence(f) === null && f.now.getTime() >= warnAt(f).getTime()],
];

/** The step due now for one device and one product; see `SILENCE_RULES`. */
export function silenceStep(f: SilenceFacts): SilenceStep {
  for (const [step, applies] of SILENCE_RULES) if (applies(f)) return step;
  return 'none';
}

/** Whether the portal shows the device as silent: from the moment its owner is (or is to be) warned. */
export function isShownAsSilent(f: SilenceFacts): boolean {
  return warnedForThisSilence(f) !== null || f.now.getTime() >= warnAt(f).getTime();
}

/**
 * How a warning closed: the activations `ended`; the owner `kept` the device; it `checked_in`;
 * or the product's `inactiveAfter` was `lifted` (removed) or made long enough that it no longer applies.
 */
export const INACTIVITY_OUTCOMES = ['ended', 'kept', 'checked_in', 'lifted'] as const;
export type InactivityOutcome = (typeof INACTIVITY_OUTCOMES)[number];
