/**
 * The Seatpost device agent: the reference vendor app. It connects this device to an account
 * with a one-time code, then receives the subscriptions sent to it and applies them.
 *
 *   npm run agent -- --code ABCD-1234 --state agent.json
 *   npm run agent -- --state agent.json --ask-user
 *   npm run agent -- --device-flow --state agent.json   (no code: approve it in the portal)
 *
 * Every event is one line on standard output starting with stable words, so that scripts and
 * tests can wait for them: "Connected as device <id>", "Listening for deliveries",
 * "Received delivery <id>", "Acknowledged delivery <id>", "Waiting for you to finish delivery <id>",
 * "Completed delivery <id>", "Refused delivery <id>", "Cancelled delivery <id>", "Stream lost",
 * "Stream restored", "Disconnected"; with --device-flow first "To connect, open <uri> and enter the code
 * <code>"; after connecting with a code from a download link,
 * "Subscription applied <id>" or "Subscription not applied <id>"; about the offline licence,
 * "Licence valid until <time>", "Working offline", "Licence refused"; "Reconnected as the same device"
 * (its key, kept in <state>.key, was known) and "Reported lost" (its token refused, exit 2). Errors that stop it before it runs go to standard error.
 *
 * The parts: ./agent/sse.ts (the event-stream parser), ./agent/api.ts (the HTTP client),
 * ./agent/run.ts (the run loop: the stream, and checking in while it is down),
 * ./agent/deliveries.ts (each delivery through ack, the user and complete),
 * ./agent/user-input.ts (the user's answers with --ask-user), ./agent/retry.ts (backoff),
 * ./agent/options.ts (the flags), ./agent/state.ts (the saved connection),
 * ./agent/licence.ts (the offline licence, verified with `jose`).
 */
import { ApiError, DeviceApi, DisconnectedError, describeError } from './agent/api.ts';
import type { Connection } from './agent/api.ts';
import type { AgentOptions } from './agent/options.ts';
import { DEFAULT_SERVER, HELP, UsageError, parseAgentArgs } from './agent/options.ts';
import { LicenceKeeper, LicenceRefused, verifyLicence } from './agent/licence.ts';
import { runAgent } from './agent/run.ts';
import { connectWithDeviceFlow } from './agent/device-flow.ts';
import { enrollWithKey } from './agent/enroll.ts';
import { describeReasons } from './agent/words.ts';
import { DeviceKey, keyPath } from './agent/device-key.ts';
import { loadState, saveState } from './agent/state.ts';
import type { AgentState } from './agent/state.ts';

export { SseParser, readEventStream } from './agent/sse.ts';
export type { SseItem, SseEvent } from './agent/sse.ts';
export { DeviceApi, ApiError, DisconnectedError } from './agent/api.ts';
export { parseAgentArgs, parseDuration, parseApp } from './agent/options.ts';
export { runAgent } from './agent/run.ts';

export type Io = {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  stdin: NodeJS.ReadableStream;
};

const processIo: Io = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  stdin: process.stdin,
};

/** The sentences for connect refusals the user can act on; anything else shows the service's own detail. */
const CONNECT_PROBLEMS: Record<string, string> = {
  CONNECT_CODE_INVALID:
    'That code is not valid: it may have expired or been used already. Get a new code from your account.',
  ENROLLMENT_KEY_INVALID:
    'That enrolment key is not valid: it may be wrong, revoked, expired or used up. Ask your administrator for a new key.',
};

/** Runs the agent with `argv` (the flags); resolves its exit status. `signal` stops it. */
export async function main(argv: string[], signal: AbortSignal, io: Io = processIo): Promise<number> {
  let options: AgentOptions | undefined;
  try {
    options = parseAgentArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${err.message}\nRun with --help to see the flags.`);
    return 1;
  }
  if (!options) {
    io.stdout(HELP);
    return 0;
  }
  if (options.licence) return printLicence(options, io);

  let connection: AgentState;
  try {
    const found = await connectOrResume(options, signal, io);
    if (found === undefined) return signal.aborted ? 0 : 1;
    connection = found;
  } catch (err) {
    if (signal.aborted) return 0;
    io.stderr(`Could not start: ${describeError(err)}`);
    return 1;
  }

  const licence = new LicenceKeeper(
    connection,
    new DeviceApi(connection.server, connection.token, signal),
    options.statePath,
    io.stdout,
  );
  await licence.refresh();
  const code = await runAgent({
    server: connection.server,
    token: connection.token,
    apps: options.apps,
    region: options.region,
    askUser: options.askUser,
    pollIntervalMs: options.pollIntervalMs,
    once: options.once,
    print: io.stdout,
    input: io.stdin,
    signal,
    afterCheckIn: () => licence.refresh(),
  });
  if (code === 2) await licence.forget();
  return code;
}

/** --licence: the saved licence, verified offline, as JSON; exit 3 when it is refused. */
async function printLicence(options: AgentOptions, io: Io): Promise<number> {
  const saved = options.statePath ? await loadState(options.statePath) : undefined;
  if (!saved) {
    io.stderr('No connection is saved: give --state FILE of a connected device.');
    return 1;
  }
  try {
    io.stdout(JSON.stringify(await verifyLicence(saved), null, 2));
    return 0;
  } catch (err) {
    if (!(err instanceof LicenceRefused)) throw err;
    io.stderr(`Licence refused: ${err.message}.`);
    return 3;
  }
}

/** Connects with --code, or reuses the connection saved in --state; undefined when neither works (already said why). */
async function connectOrResume(
  options: AgentOptions,
  signal: AbortSignal,
  io: Io,
): Promise<AgentState | undefined> {
  const { statePath, code } = options;
  // With --device-flow too, a connection saved by an earlier run is used as it is.
  const saved = code === undefined && statePath ? await loadState(statePath) : undefined;
  if (code === undefined && (saved !== undefined || !(options.deviceFlow || options.enrollmentKey))) {
    if (!saved) {
      io.stderr(
        'This device is not connected yet: run with --code CODE (a one-time connect code from your ' +
          'account), and --state FILE to remember the connection.',
      );
      return undefined;
    }
    if (options.server !== undefined && options.server !== saved.server) {
      // The saved token was issued by the other server and means nothing to this one.
      io.stderr(
        `${statePath} holds a connection to ${saved.server}. To use ${options.server}, connect with --code.`,
      );
      return undefined;
    }
    io.stdout(
      `Connected as device ${saved.deviceId} (the connection saved in ${statePath}, ${saved.server}).`,
    );
    return saved;
  }

  const server = options.server ?? DEFAULT_SERVER;
  let connected: Connection;
  try {
    connected = options.deviceFlow
      ? await reportApps(
          await connectWithDeviceFlow(server, options, signal, io.stdout),
          server,
          options,
          signal,
        )
      : options.enrollmentKey
        ? await enrollWithKey(server, options, signal)
        : await new DeviceApi(server, undefined, signal).connect({
            code: code!,
            ...(await DeviceKey.load(statePath)).proofFor(code!),
            name: options.name,
            platform: options.platform,
            ...(options.region ? { region: options.region } : {}),
            apps: options.apps,
          });
  } catch (err) {
    if (signal.aborted) return undefined;
    if (err instanceof ApiError || err instanceof DisconnectedError) {
      const problemCode = err instanceof ApiError ? err.code : undefined;
      io.stderr(
        (problemCode && CONNECT_PROBLEMS[problemCode]) || `The service refused to connect: ${err.message}`,
      );
    } else {
      io.stderr(`Could not reach ${server}: ${describeError(err)}.`);
    }
    return undefined;
  }
  const state: AgentState = { server, deviceId: connected.deviceId, token: connected.token };
  if (statePath) await saveState(statePath, state);
  io.stdout(
    `Connected as device ${state.deviceId} to ${server} as "${options.name}" (${options.platform})` +
      (statePath ? `; saved in ${statePath}.` : '.'),
  );
  if (connected.reconnected && statePath)
    io.stdout(`Reconnected as the same device: its key (${keyPath(statePath)}) was known to the account.`);
  // A code copied from a download link's page carries the subscription the link was sent for.
  const applied = connected.appliedSubscription;
  if (applied)
    io.stdout(
      `Subscription applied ${applied.subscriptionId}: ${applied.productName} is now the current subscription of ` +
        `${applied.app} (expires ${applied.expiresAt.slice(0, 10)}).`,
    );
  if (connected.notApplied)
    io.stdout(
      `Subscription not applied ${connected.notApplied.subscriptionId}: ` +
        `${describeReasons(connected.notApplied.reasons)}. The device is connected; see the account's portal.`,
    );
  return state;
}

if (import.meta.main) {
  const stop = new AbortController();
  // Ctrl-C or a service manager's stop: close the stream and leave cleanly.
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => stop.abort());
  const code = await main(process.argv.slice(2), stop.signal).catch((err: unknown) => {
    process.stderr.write(`Agent error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  });
  // Exit explicitly: stdin (--ask-user) and idle sockets would otherwise keep the process alive.
  // Writing an empty string first waits for earlier output to be flushed.
  process.stdout.write('', () => process.exit(code));
}

/**
 * A device approved by RFC 8628 was made from its name and platform alone: it says which apps it
 * has before it says it is connected, so that a send made the moment after is judged on them.
 */
async function reportApps(
  connected: Connection,
  server: string,
  options: Pick<AgentOptions, 'apps' | 'region'>,
  signal: AbortSignal,
): Promise<Connection> {
  await new DeviceApi(server, connected.token, signal).checkIn({
    apps: options.apps,
    ...(options.region ? { region: options.region } : {}),
  });
  return connected;
}
