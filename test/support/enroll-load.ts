import { execFile } from 'node:child_process';
import http from 'node:http';

/**
 * A fleet enrolling with one enrolment key: `count` enrolments over `concurrency` kept-alive
 * connections, as fast as the server answers. Run in a child process of its own
 * (`enrollFleet`), so that the load generator's work is not counted as the server's, and plain
 * `node:http`, the cheapest client Node has. Used by test/api/enrollment-fleet.test.ts and by
 * the bench (bench/enrollment.ts).
 */
export interface FleetLoad {
  url: string;
  enrollmentKey: string;
  count: number;
  concurrency: number;
}

export interface FleetResult {
  /** Answers by HTTP status ("error" for a request that failed without one). */
  statuses: Record<string, number>;
  seconds: number;
}

export async function enrollMany(load: FleetLoad): Promise<FleetResult> {
  const target = new URL('/v1/device/enroll', load.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.concurrency });
  const statuses: Record<string, number> = {};
  let next = 0;
  const one = (i: number) =>
    new Promise<string>((resolve) => {
      const body = JSON.stringify({
        enrollmentKey: load.enrollmentKey,
        name: `Scanner ${i}`,
        platform: 'android',
        apps: [{ app: 'seatpost-security', version: '22.1.0' }],
      });
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        },
      );
      req.on('error', () => resolve('error'));
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (next < load.count) {
        const status = await one(next++);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { statuses, seconds };
}

/** Runs `enrollMany` in a child process and resolves its result. */
export function enrollFleet(load: FleetLoad): Promise<FleetResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [import.meta.filename, JSON.stringify(load)],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the load generator failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as FleetResult);
      },
    );
  });
}

if (import.meta.main) {
  const result = await enrollMany(JSON.parse(process.argv[2]!) as FleetLoad);
  process.stdout.write(JSON.stringify(result));
}
