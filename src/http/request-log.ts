import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { HttpMetrics } from './metrics.ts';

const DEVICE_API = '/v1/device/';

/**
 * Fastify's request log lines, by audience. The vendor's apps call the device API all day, and a
 * JSON log line for each of their successful requests would cost more CPU than answering them:
 * those lines are written at `debug`, and what operators need of that traffic (counts, latency,
 * status) comes from `/metrics` instead. A device request that fails is still logged at `info`,
 * in one line that names the request. Every other audience is logged as Fastify logs it.
 *
 * Fastify calls `requestCompleted` once each answer has gone out, whatever the log level: the
 * request metrics are recorded there, so that they cost no hook of their own.
 */
export class RequestLogController extends LogController {
  readonly #metrics: HttpMetrics;

  constructor(metrics: HttpMetrics) {
    super();
    this.#metrics = metrics;
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (!request.url.startsWith(DEVICE_API)) return super.incomingRequest(request, reply);
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    this.#metrics.record(request, reply);
    if (error || !request.url.startsWith(DEVICE_API)) return super.requestCompleted(error, request, reply);
    if (reply.statusCode < 400) {
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
      return;
    }
    // Its "incoming request" line was at debug: this one names the request itself.
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Request ids: the caller's `x-request-id` when it is a sane one, else this process's random
 * prefix and a counter. Unique across nodes (the prefix) and within one (the counter), and
 * cheaper than a random UUID on every request.
 */
export function requestIds(): (req: IncomingMessage) => string {
  const prefix = `${randomBytes(6).toString('base64url')}-`;
  let next = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
    next = (next + 1) % 0x7fffffff;
    return prefix + next.toString(36);
  };
}

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request's logger, made only when something is logged through it. Fastify gives every request
 * a child logger bound to its id, and making one (pino serialises the bindings) costs a device
 * request, which normally logs nothing at all, a few percent of its CPU.
 */
class LazyChildLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings));
  }

  #log(level: Level, args: unknown[]): void {
    if (this.#child === undefined && !this.isLevelEnabled(level)) return;
    const log: (...a: unknown[]) => void = this.#real()[level];
    log.apply(this.#child, args);
  }

  get level(): string {
    return this.#child?.level ?? this.#parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    const logger = (this.#child ?? this.#parent) as FastifyBaseLogger & {
      isLevelEnabled?(l: string): boolean;
    };
    return logger.isLevelEnabled ? logger.isLevelEnabled(level) : true;
  }
  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: a lazy child, unless the route asks for a level or serializers of its own. */
export const lazyChildLoggers: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) =>
  options.level !== undefined || options.serializers !== undefined
    ? logger.child(bindings, options)
    : new LazyChildLogger(logger, bindings);
