import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS } from '../app/errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  reasons?: string[];
  pointer?: string;
  requestId?: string;
}

export function sendProblem(reply: FastifyReply, p: Omit<ProblemBody, 'type' | 'title'>): FastifyReply {
  const body: ProblemBody = {
    type: `https://seatpost.dev/problems/${p.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[p.status] ?? 'Error',
    ...p,
    requestId: String(reply.request.id),
  };
  return reply.code(p.status).type('application/problem+json').send(body);
}

/** A validation error's field as a JSON pointer into the part of the request it came from. */
function pointerOf(error: FastifyError): string | undefined {
  const v = error.validation?.[0];
  if (!v) return undefined;
  const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (v.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const path = v.instancePath + (missing ? `/${missing}` : extra ? `/${extra}` : '');
  return path || '/';
}

const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  'SQLITE_BUSY',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '53300',
]);

/** pg's own connection failures carry no code, only these messages. */
const DB_DOWN_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout)/;

/**
 * Whether the error says the database cannot be reached right now (down, restarting, cut off,
 * out of connections, or SQLite's file locked by another writer for longer than the busy
 * timeout): a 503 that the client may retry, not a 500.
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  const e = error as { code?: string; errcode?: number; message?: string; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 4) return false;
  if (e.code && DB_DOWN.has(e.code)) return true;
  // node:sqlite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), with any extended code.
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' && [5, 6].includes(e.errcode & 0xff))
    return true;
  if (typeof e.message === 'string' && DB_DOWN_MESSAGE.test(e.message)) return true;
  // better-auth wraps what its queries throw ("failed to get session"), keeping it as the cause.
  return databaseUnavailable(e.cause, depth + 1);
}

/** Every error leaves as application/problem+json with a stable code; internals never leak. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(reply, {
      status: ERROR_STATUS[error.code],
      code: error.code,
      detail: error.message,
      ...(error.reasons ? { reasons: error.reasons } : {}),
      ...(error.pointer ? { pointer: error.pointer } : {}),
    });
  }
  if (error.validation) {
    const pointer = pointerOf(error);
    const where = error.validationContext ?? 'body';
    return sendProblem(reply, {
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: `${where}${pointer === '/' ? '' : pointer} ${error.validation[0]?.message ?? 'is invalid'}`,
      pointer,
    });
  }
  const code = (error as { code?: string }).code;
  if (databaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('retry-after', '5');
    return sendProblem(reply, {
      status: 503,
      code: 'UNAVAILABLE',
      detail: 'The service is briefly unavailable; try again shortly',
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const mapped: Record<number, string> = {
      413: 'PAYLOAD_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
      404: 'NOT_FOUND',
    };
    return sendProblem(reply, {
      status,
      code: mapped[status] ?? 'BAD_REQUEST',
      detail:
        status === 400 && code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The body is not valid JSON'
          : error.message,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, {
    status: 500,
    code: 'INTERNAL',
    detail: 'Something went wrong on our side; it has been logged',
  });
}
