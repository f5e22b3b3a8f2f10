import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { SupportContact } from './domain/support-reference.ts';
import { DEFAULT_SUPPORT_CONTACT, parseSupportContact } from './domain/support-reference.ts';

/** Everything the service reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  operatorKey: string;
  /** Whether the operator key was generated (and so must be printed). */
  operatorKeyGenerated: boolean;
  deliveryWindowMs: number;
  /** How long an emailed download link opens (SEATPOST_DOWNLOAD_LINK_LIFETIME, default 7 days). */
  downloadLinkTtlMs: number;
  authSecret: string;
  logLevel: string;
  demo: boolean;
  /** Where the embedded database's neighbours live: demo device files, generated secrets. */
  dataDir: string;
  /** SMTP server for mail (SMTP_URL); without it mail stays in the local outbox, shown at /v1/me/mailbox. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** Server processes to run on this machine (SEATPOST_WORKERS); more than one needs PostgreSQL. */
  workers: number;
  /** How precisely devices' "last seen" is kept (SEATPOST_LAST_SEEN_RESOLUTION): a check-in writes it at most this often. */
  lastSeenResolutionMs: number;
  /** Where uploaded installers are kept (SEATPOST_INSTALLERS_DIR); several nodes need it shared. */
  installersDir: string;
  /** Open connections one client address may hold (SEATPOST_MAX_CONNECTIONS_PER_CLIENT). */
  maxConnectionsPerClient: number;
  /** How long a whole request may take to arrive (SEATPOST_REQUEST_TIMEOUT); uploads are the long ones. */
  requestTimeoutMs: number;
  /** How long a device's offline licence is valid (SEATPOST_LICENCE_TTL, default 30 days). */
  licenceTtlMs: number;
  /** Who is emailed when a webhook endpoint is disabled for failing (SEATPOST_OPERATOR_EMAIL); null: logged only. */
  operatorEmail: string | null;
  /** Webhooks may go to http and to private, loopback and link-local addresses (SEATPOST_WEBHOOKS_ALLOW_PRIVATE=1). */
  webhookAllowPrivate: boolean;
  /** How long before a silent device's seats free its owner is warned (SEATPOST_SILENT_DEVICE_WARNING, 14 days). */
  silentDeviceWarningMs: number;
  /** Where customers reach customer service (SEATPOST_SUPPORT_CONTACT): an email address or an https URL. */
  supportContact: SupportContact;
}

export class ConfigError extends Error {}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "90m", "7d", "1500ms" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new ConfigError(`"${text}" is not a duration such as 30s, 90m, 24h or 7d`);
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  if (ms <= 0) throw new ConfigError(`"${text}" must be longer than zero`);
  return ms;
}

const DEFAULT_SQLITE = './data/seatpost.sqlite';

/** A secret kept beside the embedded database, so that restarts keep it. */
function persistedSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const attempt = <T>(name: string, f: () => T, fallback: T): T => {
    try {
      return f();
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
      return fallback;
    }
  };

  const port = attempt(
    'PORT',
    () => {
      const p = Number(env.PORT ?? '3000');
      if (!Number.isInteger(p) || p < 0 || p > 65535)
        throw new ConfigError(`"${env.PORT}" is not a port number`);
      return p;
    },
    3000,
  );
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = attempt(
    'SEATPOST_PUBLIC_URL',
    () => {
      const raw = env.SEATPOST_PUBLIC_URL ?? `http://localhost:${port}`;
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError('must be an http(s) URL');
      return u.origin;
    },
    `http://localhost:${port}`,
  );
  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_SQLITE;
  if (/^[a-z]+:\/\//.test(databaseUrl) && !/^(postgres(ql)?|sqlite):\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL: "${databaseUrl.split('://')[0]}" is neither postgres:// nor a SQLite path`);
  }
  const embedded = !/^postgres(ql)?:\/\//.test(databaseUrl);
  const dataDir =
    embedded && databaseUrl !== ':memory:' ? dirname(databaseUrl.replace(/^sqlite:(\/\/)?/, '')) : null;
  const deliveryWindowMs = attempt(
    'SEATPOST_DELIVERY_WINDOW',
    () => parseDuration(env.SEATPOST_DELIVERY_WINDOW ?? '24h'),
    0,
  );
  const downloadLinkTtlMs = attempt(
    'SEATPOST_DOWNLOAD_LINK_LIFETIME',
    () => parseDuration(env.SEATPOST_DOWNLOAD_LINK_LIFETIME ?? '7d'),
    0,
  );

  let operatorKey = env.SEATPOST_OPERATOR_KEY?.trim() ?? '';
  let operatorKeyGenerated = false;
  if (operatorKey && operatorKey.length < 16)
    problems.push('SEATPOST_OPERATOR_KEY: must be at least 16 characters');
  if (!operatorKey) {
    if (dataDir) {
      operatorKey = persistedSecret(`${dataDir}/operator-key`);
      operatorKeyGenerated = true;
    } else problems.push('SEATPOST_OPERATOR_KEY: required when the database is PostgreSQL');
  }
  let authSecret = env.SEATPOST_AUTH_SECRET?.trim() ?? '';
  if (!authSecret) {
    if (dataDir) authSecret = persistedSecret(`${dataDir}/auth-secret`);
    else if (databaseUrl === ':memory:') authSecret = randomBytes(24).toString('base64url');
    else
      problems.push('SEATPOST_AUTH_SECRET: required when the database is PostgreSQL (32+ random characters)');
  }

  const workers = attempt(
    'SEATPOST_WORKERS',
    () => {
      const n = Number(env.SEATPOST_WORKERS ?? '1');
      if (!Number.isInteger(n) || n < 1 || n > 256)
        throw new ConfigError(`"${env.SEATPOST_WORKERS}" is not a number of processes (1 to 256)`);
      return n;
    },
    1,
  );

  const maxConnectionsPerClient = attempt(
    'SEATPOST_MAX_CONNECTIONS_PER_CLIENT',
    () => {
      const n = Number(env.SEATPOST_MAX_CONNECTIONS_PER_CLIENT ?? '5000');
      if (!Number.isInteger(n) || n < 10 || n > 1_000_000)
        throw new ConfigError(
          `"${env.SEATPOST_MAX_CONNECTIONS_PER_CLIENT}" is not a number of connections (10 or more)`,
        );
      return n;
    },
    5000,
  );
  const requestTimeoutMs = attempt(
    'SEATPOST_REQUEST_TIMEOUT',
    () => parseDuration(env.SEATPOST_REQUEST_TIMEOUT ?? '5m'),
    0,
  );

  const lastSeenResolutionMs = attempt(
    'SEATPOST_LAST_SEEN_RESOLUTION',
    () => parseDuration(env.SEATPOST_LAST_SEEN_RESOLUTION ?? '5m'),
    0,
  );

  const operatorEmail = env.SEATPOST_OPERATOR_EMAIL?.trim() || null;
  if (operatorEmail && !/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[a-z0-9-]{2,}$/i.test(operatorEmail))
    problems.push(`SEATPOST_OPERATOR_EMAIL: "${operatorEmail}" is not an email address`);

  const allowPrivate = env.SEATPOST_WEBHOOKS_ALLOW_PRIVATE?.trim() ?? '0';
  if (allowPrivate !== '0' && allowPrivate !== '1')
    problems.push(`SEATPOST_WEBHOOKS_ALLOW_PRIVATE: "${allowPrivate}" is neither 0 nor 1`);

  const silentDeviceWarningMs = attempt(
    'SEATPOST_SILENT_DEVICE_WARNING',
    () => parseDuration(env.SEATPOST_SILENT_DEVICE_WARNING ?? '14d'),
    0,
  );

  const licenceTtlMs = attempt(
    'SEATPOST_LICENCE_TTL',
    () => parseDuration(env.SEATPOST_LICENCE_TTL ?? '30d'),
    0,
  );

  const supportContact = attempt(
    'SEATPOST_SUPPORT_CONTACT',
    () => {
      const raw = env.SEATPOST_SUPPORT_CONTACT?.trim();
      if (!raw) return DEFAULT_SUPPORT_CONTACT;
      const parsed = parseSupportContact(raw);
      if (!parsed) throw new ConfigError(`"${raw}" is neither an https URL nor an email address`);
      return parsed;
    },
    DEFAULT_SUPPORT_CONTACT,
  );

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    problems.push('SMTP_URL: must be smtp://host:port or smtps://…');

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    port,
    host,
    publicUrl,
    databaseUrl,
    operatorKey,
    operatorKeyGenerated,
    deliveryWindowMs,
    downloadLinkTtlMs,
    authSecret,
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: env.SEATPOST_DEMO ? env.SEATPOST_DEMO !== '0' : embedded && databaseUrl !== ':memory:',
    dataDir: dataDir ?? './data',
    smtpUrl,
    mailFrom: env.SEATPOST_MAIL_FROM?.trim() || undefined,
    workers,
    lastSeenResolutionMs,
    maxConnectionsPerClient,
    requestTimeoutMs,
    licenceTtlMs,
    operatorEmail,
    webhookAllowPrivate: allowPrivate === '1',
    silentDeviceWarningMs,
    supportContact,
    installersDir: env.SEATPOST_INSTALLERS_DIR?.trim() || `${dataDir ?? './data'}/installers`,
  };
}
