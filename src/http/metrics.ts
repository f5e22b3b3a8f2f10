import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metric } from 'prom-client';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Registry } from 'prom-client';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import { serviceGauges } from '../app/shared/metrics.ts';
import { requireOperator } from './security.ts';
import type { StreamRegistry } from './streams.ts';

/**
 * Prometheus metrics at `GET /metrics` (prom-client, text format 0.0.4): requests and their
 * latency per route pattern and status, open event streams, the mail outbox, open deliveries,
 * and Node's own process metrics.
 *
 * The per-request part runs on every request, device check-ins among them, so it allocates
 * nothing and adds no hook: each route keeps one series per status code it has answered, and an
 * answer adds to its series' counters and buckets. prom-client only reads them when scraped. Labels are the route's pattern
 * (`/v1/device/deliveries/:id/ack`), never the URL, so the number of series stays bounded.
 *
 * `/metrics` asks for the operator key (`Authorization: Bearer …`): the service listens where
 * devices and customers reach it, and its volumes are the vendor's business.
 */

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LE = [...BUCKETS.map(String), '+Inf'];

class Series {
  readonly labels: { method: string; route: string; status: string };
  /** Requests per bucket (not cumulative); the last one is above every bound. */
  readonly buckets = new Float64Array(BUCKETS.length + 1);
  count = 0;
  sum = 0;

  constructor(method: string, route: string, status: number) {
    this.labels = { method, route, status: String(status) };
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    this.buckets[i]!++;
    this.count++;
    this.sum += seconds;
  }
}

/** One route's series: one per status code it has answered, made on its first answer. */
class RouteSeries {
  readonly #byStatus = new Array<Series | undefined>(600);
  readonly #method: string;
  readonly #url: string;
  readonly #all: Series[];

  constructor(method: string, url: string, all: Series[]) {
    this.#method = method;
    this.#url = url;
    this.#all = all;
  }

  observe(status: number, seconds: number): void {
    let series = this.#byStatus[status];
    if (series === undefined) {
      series = new Series(this.#method, this.#url, status);
      this.#all.push(series);
      if (status >= 0 && status < this.#byStatus.length) this.#byStatus[status] = series;
    }
    series.observe(seconds);
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** The series of the route that answers (set as its handler starts). */
    metricsRoute: RouteSeries | null;
  }
}

/**
 * Requests per route and status, kept without allocation; read as a counter and a histogram.
 * Recorded when the answer has gone out, by the log controller that Fastify calls then anyway
 * (see request-log.ts), so that no extra hook runs per request.
 */
export class HttpMetrics {
  readonly #series: Series[] = [];
  readonly #routes = new Map<string, RouteSeries>();
  readonly #unmatched = new RouteSeries('', '(no route)', this.#series);

  /** Gives every route registered from now on its series; the route's handler points its answers at them. */
  install(app: FastifyInstance): void {
    app.decorateReply('metricsRoute', null);
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      const series = new RouteSeries(methods.join(','), route.url, this.#series);
      for (const m of methods) this.#routes.set(`${m} ${route.url}`, series);
      const handler = route.handler;
      route.handler = function (this: FastifyInstance, request, reply) {
        reply.metricsRoute = series;
        return handler.call(this, request, reply);
      };
    });
  }

  /** An answer that has gone out. */
  record(request: FastifyRequest, reply: FastifyReply): void {
    const series = reply.metricsRoute ?? this.#routeOf(request);
    series.observe(reply.statusCode, reply.elapsedTime / 1000);
  }

  /** Answers refused before their handler ran (authentication, validation): found by the route's pattern. */
  #routeOf(request: FastifyRequest): RouteSeries {
    const url = request.routeOptions.url;
    return url === undefined
      ? this.#unmatched
      : (this.#routes.get(`${request.method} ${url}`) ?? this.#unmatched);
  }

  /** The two metrics prom-client serves from these series. */
  metrics(): Metric[] {
    const series = this.#series;
    const requests = {
      name: 'seatpost_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({ ...requests, values: series.map((s) => ({ labels: s.labels, value: s.count })) }),
      reset: () => {},
    };
    const name = 'seatpost_http_request_duration_seconds';
    const duration = {
      name,
      help: 'Time from the request to the end of its answer, by method, route pattern and status',
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({
        ...duration,
        values: series.flatMap((s) => {
          let cumulative = 0;
          return [
            ...LE.map((le, i) => ({
              metricName: `${name}_bucket`,
              labels: { ...s.labels, le },
              value: (cumulative += s.buckets[i]!),
            })),
            { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
            { metricName: `${name}_count`, labels: s.labels, value: s.count },
          ];
        }),
      }),
      reset: () => {},
    };
    return [requests, duration] as unknown as Metric[];
  }
}

/**
 * The process's own figures, read when scraped, under prom-client's usual names. Not
 * prom-client's default set: its GC histogram observes every garbage collection, and a busy
 * node collects its young generation many times a second.
 */
function processMetrics(register: Registry): () => void {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const cpu = (name: string, help: string, read: (u: NodeJS.CpuUsage) => number) =>
    new Counter({
      name,
      help,
      registers: [register],
      collect() {
        this.reset();
        this.inc(read(process.cpuUsage()) / 1e6);
      },
    });
  cpu('process_cpu_user_seconds_total', 'User CPU time spent, in seconds', (u) => u.user);
  cpu('process_cpu_system_seconds_total', 'System CPU time spent, in seconds', (u) => u.system);
  const memory = (name: string, help: string, read: (m: NodeJS.MemoryUsage) => number) =>
    new Gauge({
      name,
      help,
      registers: [register],
      collect() {
        this.set(read(process.memoryUsage()));
      },
    });
  memory('process_resident_memory_bytes', 'Resident memory size, in bytes', (m) => m.rss);
  memory('nodejs_heap_size_total_bytes', "V8's heap size, in bytes", (m) => m.heapTotal);
  memory('nodejs_heap_size_used_bytes', "V8's heap in use, in bytes", (m) => m.heapUsed);
  memory(
    'nodejs_external_memory_bytes',
    'Memory outside the heap held by JavaScript objects',
    (m) => m.external,
  );
  const started = Date.now() / 1000 - process.uptime();
  new Gauge({
    name: 'process_start_time_seconds',
    help: 'Start time, in Unix seconds',
    registers: [register],
  }).set(started);
  new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'Event loop delay since the last scrape, by quantile (0.5, 0.99, 1 for the largest)',
    labelNames: ['quantile'],
    registers: [register],
    collect() {
      this.set({ quantile: '0.5' }, delay.percentile(50) / 1e9);
      this.set({ quantile: '0.99' }, delay.percentile(99) / 1e9);
      this.set({ quantile: '1' }, delay.max / 1e9);
      delay.reset();
    },
  });
  return () => delay.disable();
}

/** The registry of one server: its requests, its streams, the database's state, the process. */
function registry(deps: Deps, http: HttpMetrics, streams: StreamRegistry) {
  const register = new Registry();
  const stopProcessMetrics = processMetrics(register);
  for (const m of http.metrics()) register.registerMetric(m);
  new Gauge({
    name: 'seatpost_open_event_streams',
    help: 'Event streams this process holds open (devices, portal and console)',
    registers: [register],
    collect() {
      this.set(streams.size);
    },
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [register] });
  const up = gauge('seatpost_database_up', '1 if the last scrape could read the database, else 0');
  const queued = gauge('seatpost_mail_outbox_queued', 'Messages in the mail outbox not sent yet');
  const retrying = gauge('seatpost_mail_outbox_retrying', 'Unsent messages that failed at least once');
  const oldest = gauge('seatpost_mail_outbox_oldest_seconds', 'Age of the oldest unsent message (0: none)');
  const open = gauge('seatpost_deliveries_open', 'Open deliveries in their window, by status', ['status']);
  const overdue = gauge(
    'seatpost_deliveries_overdue',
    'Open deliveries past their window, not yet written down as expired',
  );
  const fromDatabase = [queued, retrying, oldest, open, overdue];
  /** One read of the database per scrape, for all of its gauges, before they are collected. */
  const readDatabase = async () => {
    try {
      const g = await serviceGauges(deps);
      queued.set(g.mail.queued);
      retrying.set(g.mail.retrying);
      oldest.set(g.mail.oldestAgeSeconds);
      for (const [status, n] of g.openDeliveries) open.set({ status }, n);
      overdue.set(g.overdueDeliveries);
      up.set(1);
    } catch {
      // Stale values would mislead: leave them out until the database answers again.
      for (const g of fromDatabase) g.reset();
      up.set(0);
    }
  };
  return { register, readDatabase, stopProcessMetrics };
}

/** `GET /metrics`, for the operator's scraper. */
export function metricsRoute(deps: Deps, http: HttpMetrics, streams: StreamRegistry, operatorKey: string) {
  return async (app: FastifyInstance) => {
    const { register, readDatabase, stopProcessMetrics } = registry(deps, http, streams);
    app.addHook('onClose', async () => stopProcessMetrics());
    app.get(
      '/metrics',
      {
        onRequest: requireOperator(operatorKey),
        schema: {
          // Text for a scraper, not part of the JSON API.
          hide: true,
          response: { 200: Type.String() },
        },
      },
      async (_req, reply) => {
        await readDatabase();
        return reply.type(register.contentType).send(await register.metrics());
      },
    );
  };
}
