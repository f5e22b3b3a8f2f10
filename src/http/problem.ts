import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, isStorageUnavailable, isUnavailable } from '../app/shared/errors.ts';

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

/** The problem's `type`: a URI per stable code. */
function problemType(code: string): string {
  return `https://seatpost.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function sendProblem(reply: FastifyReply, p: Omit<ProblemBody, 'type' | 'title'>): FastifyReply {
  const body: ProblemBody = {
    type: problemType(p.code),
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

/**
 * Errors the router meets before any route runs (a bad percent-escape in the path, a path
 * parameter longer than the router takes): problem+json like every other error.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void sendProblem(reply, {
    status: 400,
    code: 'BAD_REQUEST',
    detail: tooLong ? 'A path parameter is too long' : 'The path is not a valid URL',
  });
}

/**
 * What Node's HTTP parser refuses before there is a request at all (headers over its size limit,
 * headers or a body too slow, a malformed request line): a problem on the raw socket, then close.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server takes']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
        : [400, 'BAD_REQUEST', 'The request could not be read'];
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({
    type: problemType(code),
    title,
    status,
    detail,
    code,
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
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
  if (isStorageUnavailable(error)) {
    request.log.error({ err: error }, 'storage unavailable');
    void reply.header('retry-after', '30');
    return sendProblem(reply, {
      status: 503,
      code: 'STORAGE_UNAVAILABLE',
      detail:
        'The service cannot store changes right now (its storage is full, read-only or failing); try again later',
    });
  }
  if (isUnavailable(error)) {
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
