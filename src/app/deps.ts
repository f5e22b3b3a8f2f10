import type { Db, Store } from '../store/database.ts';
import type { InvitationMail } from './organizations.ts';
import type { Clock, Random } from './ports.ts';
import type { Notifier } from './notifier.ts';

/** What the use cases need, passed explicitly: no hidden globals. */
export interface Deps {
  db: Db;
  store: Store;
  clock: Clock;
  random: Random;
  notifier: Notifier;
  settings: Settings;
  /** Queues emails in the database (the outbox), inside the caller's transaction. */
  mail?: MailPort;
}

/** The emails use cases send; each is queued with the change that causes it. */
export interface MailPort {
  invitation(db: Db, mail: InvitationMail): Promise<void>;
}

export interface Settings {
  publicUrl: string;
  deliveryWindowMs: number;
  connectCodeTtlMs: number;
  /** Connect codes an account may create per hour. */
  connectCodesPerHour: number;
  /** Failed connect-code redemptions allowed per client address per window. */
  connectFailuresPerWindow: number;
  connectFailureWindowMs: number;
  /** Failed sign-ins or activation codes allowed per client address (or account) per window. */
  guessFailuresPerWindow: number;
  guessFailureWindowMs: number;
}

export const DEFAULT_SETTINGS: Omit<Settings, 'publicUrl' | 'deliveryWindowMs'> = {
  connectCodeTtlMs: 10 * 60_000,
  connectCodesPerHour: 120,
  connectFailuresPerWindow: 10,
  connectFailureWindowMs: 15 * 60_000,
  guessFailuresPerWindow: 20,
  guessFailureWindowMs: 15 * 60_000,
};
