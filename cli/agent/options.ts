import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

/** The command line of the device agent, turned into settings. */

export const DEFAULT_SERVER = 'http://localhost:3000';
export const DEFAULT_APP = 'seatpost-security@22.1.0';
export const PLATFORMS = ['windows', 'macos', 'linux', 'android', 'ios'] as const;
export type Platform = (typeof PLATFORMS)[number];

export type InstalledApp = { app: string; version: string };

export type AgentOptions = {
  /** Undefined when not given, so that a saved connection's server can be used instead. */
  server: string | undefined;
  code: string | undefined;
  /** Connect with RFC 8628: show a code to enter in the portal instead of taking one (--device-flow). */
  deviceFlow: boolean;
  /** Enrol with an organization's enrolment key (--enrollment-key, or from --enrollment-config). */
  enrollmentKey: string | undefined;
  statePath: string | undefined;
  name: string;
  platform: Platform;
  apps: InstalledApp[];
  region: string | undefined;
  askUser: boolean;
  pollIntervalMs: number;
  once: boolean;
  /** Print the saved offline licence, verified without the network, and exit. */
  licence: boolean;
};

export const HELP = `Seatpost device agent: the reference app that receives subscriptions sent to this device.

Usage: npm run agent -- [flags]

  --server URL             the Seatpost service (default ${DEFAULT_SERVER}, or the saved one)
  --code CODE              a one-time connect code from your account; connects this device
  --device-flow            connect without a code: show an address and a short code to approve
                           in the portal from another device (RFC 8628)
  --enrollment-key KEY     enrol this device in an organization with its enrolment key (from the
                           console's Enrolment keys); the key can be used by many devices
  --enrollment-config FILE the same, from a seatpost-enrollment.json downloaded from the console
                           ({ "server", "enrollmentKey" }); --server still wins
  --state FILE             keep the connection (server, device id, token) in FILE and reuse it
  --name NAME              the device's name (default: this computer's host name)
  --platform P             windows, macos, linux, android or ios (default: this system's)
  --app NAME@VERSION       an installed app; repeat for several (default ${DEFAULT_APP})
  --region XX              the device's region, an ISO 3166 alpha-2 code
  --ask-user               let the user finish each delivery by pressing Enter
  --poll-interval DURATION how often to check in while the live stream is down (default 5s;
                           e.g. 500ms, 5s, 1m)
  --once                   exit after the first delivery reaches a final status
  --licence                print the saved offline licence, verified without the network, and
                           exit (with --state; status 3 when it is missing, altered or expired)
  --help                   show this help

Exit status: 0 when stopped (Ctrl-C) or done (--once), 1 on a usage or connection error,
2 when the device has been disconnected from the account, 3 when --licence refuses the licence.`;

/** Thrown for a command line that cannot be used; its message is meant for the user. */
export class UsageError extends Error {}

/** Parses `argv` (without node and the script); undefined means --help was asked for. */
export function parseAgentArgs(argv: string[]): AgentOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        code: { type: 'string' },
        'device-flow': { type: 'boolean', default: false },
        'enrollment-key': { type: 'string' },
        'enrollment-config': { type: 'string' },
        state: { type: 'string' },
        name: { type: 'string' },
        platform: { type: 'string' },
        app: { type: 'string', multiple: true },
        region: { type: 'string' },
        'ask-user': { type: 'boolean', default: false },
        'poll-interval': { type: 'string', default: '5s' },
        once: { type: 'boolean', default: false },
        licence: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return undefined;
  const ways = [
    values.code,
    values['device-flow'] || undefined,
    values['enrollment-key'],
    values['enrollment-config'],
  ];
  if (ways.filter((w) => w !== undefined).length > 1)
    throw new UsageError(
      'Give one way to connect: --code, --device-flow, --enrollment-key or --enrollment-config.',
    );

  const platform = values.platform ?? defaultPlatform();
  if (!(PLATFORMS as readonly string[]).includes(platform)) {
    throw new UsageError(`--platform must be one of ${PLATFORMS.join(', ')}; got "${platform}".`);
  }
  const region = values.region?.toUpperCase();
  if (region !== undefined && !/^[A-Z]{2}$/.test(region)) {
    throw new UsageError(`--region must be a two-letter country code such as DK; got "${values.region}".`);
  }
  const name = values.name ?? hostname();
  if (name.trim() === '') throw new UsageError('--name must not be empty.');

  return {
    server: values.server === undefined ? undefined : parseServer(values.server),
    enrollmentKey: undefined,
    code: values.code,
    deviceFlow: values['device-flow'],
    ...enrollmentFrom(values['enrollment-key'], values['enrollment-config'], values.server),
    statePath: values.state,
    name,
    platform: platform as Platform,
    apps: (values.app ?? [DEFAULT_APP]).map(parseApp),
    region,
    askUser: values['ask-user'],
    pollIntervalMs: parseDuration(values['poll-interval']),
    once: values.once,
    licence: values.licence,
  };
}

/** "500ms", "5s", "1m" (also "1.5s", "1h") to milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a duration; write it like 500ms, 5s or 1m.`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(match[1]) * unit);
  if (ms < 100) throw new UsageError(`"${text}" is too short; check in at most every 100ms.`);
  return ms;
}

/** "seatpost-security@22.1.0"; split at the last "@" so that a scoped name would still work. */
export function parseApp(text: string): InstalledApp {
  const at = text.lastIndexOf('@');
  const app = text.slice(0, Math.max(at, 0));
  const version = at === -1 ? '' : text.slice(at + 1);
  if (app === '' || version === '') {
    throw new UsageError(`--app must look like NAME@VERSION, e.g. ${DEFAULT_APP}; got "${text}".`);
  }
  return { app, version };
}

export function defaultPlatform(): Platform {
  switch (process.platform) {
    case 'win32':
      return 'windows';
    case 'darwin':
      return 'macos';
    case 'android':
      return 'android';
    default:
      // The other Unix-likes are closest to what the service knows as linux.
      return 'linux';
  }
}

function parseServer(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--server must be a URL such as ${DEFAULT_SERVER}; got "${text}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must be an http or https URL; got "${text}".`);
  }
  // Calls are made by appending "/v1/...", so a trailing slash would double up.
  return url.toString().replace(/\/+$/, '');
}

/**
 * The enrolment key, given on the command line or read from the console's
 * `seatpost-enrollment.json` (which also names the server, unless --server is given).
 */
function enrollmentFrom(
  key: string | undefined,
  configPath: string | undefined,
  server: string | undefined,
): { enrollmentKey?: string; server?: string } {
  if (key !== undefined) {
    if (key.trim() === '') throw new UsageError('--enrollment-key must not be empty.');
    return { enrollmentKey: key.trim() };
  }
  if (configPath === undefined) return {};
  let config: { server?: unknown; enrollmentKey?: unknown };
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as typeof config;
  } catch (err) {
    throw new UsageError(`--enrollment-config: cannot read ${configPath} (${(err as Error).message}).`);
  }
  if (typeof config.enrollmentKey !== 'string' || config.enrollmentKey.trim() === '')
    throw new UsageError(`--enrollment-config: ${configPath} has no "enrollmentKey".`);
  const fromFile =
    typeof config.server === 'string' && server === undefined ? parseServer(config.server) : undefined;
  return { enrollmentKey: config.enrollmentKey.trim(), ...(fromFile ? { server: fromFile } : {}) };
}
