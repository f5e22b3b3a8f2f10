import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Auth } from '../app/accounts/accounts.ts';
import { accountSession } from '../app/accounts/accounts.ts';
import type { Deps } from '../app/shared/deps.ts';
import { authenticateDevice } from '../app/devices/device-session.ts';
import { refusedTokenOfLostDevice } from '../app/devices/lost-device.ts';
import { AppError } from '../app/shared/errors.ts';
import { isOwnOrigin, ownOrigins } from '../app/shared/own-origins.ts';
import { secretHash } from '../app/shared/ports.ts';

export type Account = NonNullable<Awaited<ReturnType<typeof accountSession>>>['account'];
export type AuthenticatedDevice = NonNullable<Awaited<ReturnType<typeof authenticateDevice>>>;

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
    /** The session the account signed in with (set with `account`). */
    accountSession?: { id: string };
    device?: AuthenticatedDevice;
  }
}

/**
 * The headers better-auth sees. Its rate limiter and logs read the client address from
 * x-forwarded-for only, so we set it from the socket ourselves: a client can never pick its own.
 */
export function authHeaders(request: FastifyRequest): Headers {
  const h = new Headers();
  for (const name of ['cookie', 'origin', 'user-agent', 'accept-language']) {
    const v = request.headers[name];
    if (typeof v === 'string') h.set(name, v);
  }
  h.set('x-forwarded-for', request.ip);
  return h;
}

export function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1]! : null;
}

/** Cookie-authenticated writes must come from our own pages: the Origin header must be ours. */
export function requireSameOrigin(publicUrl: string) {
  const own = ownOrigins(publicUrl);
  return async (request: FastifyRequest) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (!isOwnOrigin(own, request.headers.origin))
      throw new AppError(
        'CSRF_REJECTED',
        'This request must come from the Seatpost portal itself (Origin mismatch)',
      );
  };
}

export function requireAccount(auth: Auth) {
  return async (request: FastifyRequest) => {
    const signedIn = await accountSession(auth, authHeaders(request));
    if (!signedIn) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    request.account = signedIn.account;
    request.accountSession = signedIn.session;
  };
}

/**
 * The device API's hook, on every device request: a callback hook, not an async one, so that a
 * request that is let through costs no promise of its own and no extra turn of the microtask queue.
 */
export function requireDevice(deps: Deps) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const token = bearer(request) ?? '';
    authenticateDevice(deps, token).then((device) => {
      if (device) {
        request.device = device;
        done();
      } else refuseDevice(deps, token, request, reply).then(done, done);
    }, done);
  };
}

async function refuseDevice(
  deps: Deps,
  token: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<never> {
  void reply.header('www-authenticate', 'Bearer realm="seatpost-device"');
  // Only a refused request looks further: was it a lost device's token? (recorded if so)
  if (await refusedTokenOfLostDevice(deps, token, request.ip))
    throw new AppError(
      'DEVICE_TOKEN_REVOKED',
      'This device was reported lost or stolen: its token no longer works, and this attempt was recorded',
    );
  throw new AppError(
    'UNAUTHENTICATED',
    'This device token is not valid: the device may have been disconnected',
  );
}

export function requireOperator(operatorKey: string) {
  const expected = Buffer.from(secretHash(operatorKey));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = Buffer.from(secretHash(bearer(request) ?? ''));
    if (!timingSafeEqual(given, expected)) {
      void reply.header('www-authenticate', 'Bearer realm="seatpost-operator"');
      throw new AppError('UNAUTHENTICATED', 'The operator key is missing or wrong');
    }
  };
}
