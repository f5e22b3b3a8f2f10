import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from './api.ts';
import { ApiError, describeError } from './api.ts';

/**
 * `--device-flow`: connecting without typing a code into the device (RFC 8628), as a TV or a
 * router would. The agent asks the service for a pair of codes, shows the person the address to
 * open and the short code to enter there, and polls until they approve (or deny) it in the
 * portal, keeping to the interval the service gave and slowing down when told to (`slow_down`:
 * 5 s more, RFC 8628 §3.5). Plain fetch, no OAuth library: it is the reference for vendors' apps.
 */

const CLIENT_ID = 'seatpost-device';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

type Metadata = { device_authorization_endpoint: string; token_endpoint: string };
type Started = {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
};
type Answer = { status: number; body: Record<string, unknown> };

/** Why the flow ended without a connection, in words a person can act on. */
const REFUSALS: Record<string, string> = {
  access_denied: 'The connection was denied in the portal. Run the agent again to ask once more.',
  expired_token: 'The code expired before anyone approved it. Run the agent again for a new code.',
  invalid_client: 'The service does not know this app (client_id).',
  invalid_grant: 'The service no longer knows this code. Run the agent again for a new code.',
};

export async function connectWithDeviceFlow(
  server: string,
  device: { name: string; platform: string },
  signal: AbortSignal,
  print: (line: string) => void,
): Promise<Connection> {
  const metadata = (await call(`${server}/.well-known/oauth-authorization-server`, undefined, signal))
    .body as Metadata;
  const asked = await call(
    metadata.device_authorization_endpoint,
    { client_id: CLIENT_ID, device_name: device.name, platform: device.platform },
    signal,
  );
  if (asked.status !== 200) throw refused(asked);
  const started = asked.body as Started;
  print(
    `To connect, open ${started.verification_uri} and enter the code ${started.user_code}` +
      (started.verification_uri_complete ? ` (or open ${started.verification_uri_complete}).` : '.'),
  );
  let intervalMs = (started.interval ?? 5) * 1000;
  const deadline = Date.now() + started.expires_in * 1000;
  let lastProblem: string | undefined;
  for (;;) {
    await sleep(intervalMs, undefined, { signal });
    let answer: Answer;
    try {
      answer = await call(
        metadata.token_endpoint,
        { grant_type: GRANT_TYPE, device_code: started.device_code, client_id: CLIENT_ID },
        signal,
      );
    } catch (err) {
      if (signal.aborted) throw err;
      // The network or the service is down for a moment: the code lives on, keep polling.
      const text = describeError(err);
      if (text !== lastProblem) print(`Waiting for approval: the service could not be reached (${text}).`);
      lastProblem = text;
      if (Date.now() > deadline) throw new ApiError(400, undefined, REFUSALS.expired_token!);
      continue;
    }
    if (answer.status === 200) {
      return { deviceId: String(answer.body.device_id), token: String(answer.body.access_token) };
    }
    const error = answer.body.error;
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      intervalMs += 5_000;
      continue;
    }
    if (answer.status >= 500 && Date.now() < deadline) continue;
    throw refused(answer);
  }
}

function refused(answer: Answer): ApiError {
  const error = typeof answer.body.error === 'string' ? answer.body.error : '';
  const description = typeof answer.body.error_description === 'string' ? answer.body.error_description : '';
  return new ApiError(
    answer.status,
    undefined,
    REFUSALS[error] ?? (description || `the service answered ${answer.status}`),
  );
}

/** A GET (no form) or a form POST, answered with JSON. */
async function call(
  url: string,
  form: Record<string, string> | undefined,
  signal: AbortSignal,
): Promise<Answer> {
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    headers: form
      ? { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }
      : { accept: 'application/json' },
    body: form ? new URLSearchParams(form) : undefined,
    signal,
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!form && res.status !== 200)
    throw new ApiError(
      res.status,
      undefined,
      `this service does not offer device authorization (${res.status})`,
    );
  return { status: res.status, body };
}
