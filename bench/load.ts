import autocannon from 'autocannon';
import { benchToken } from './dataset.ts';

/**
 * The load generator, run as its own process (pinned to its own core by the bench): device
 * check-ins, each with the token of a device picked at random from a range of the data set.
 * Prints `start` when the load begins, then one JSON line: requests per second, latency
 * percentiles, errors.
 */
const args = JSON.parse(process.argv[2]!) as {
  url: string;
  connections: number;
  durationS: number;
  /** A fixed number of requests instead of a duration (bench/instructions.ts). */
  amount?: number;
  firstDevice: number;
  devices: number;
  /** Each device of the range in turn, not one at random (with `amount`: each device once). */
  each?: boolean;
};
let next = 0;
const body = JSON.stringify({ apps: [{ app: 'seatpost-security', version: '22.1.0' }] });
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const run = autocannon(
    {
      url: `${args.url}/v1/device/check-in`,
      connections: args.connections,
      ...(args.amount ? { amount: args.amount, timeout: 60 } : { duration: args.durationS }),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      requests: [
        {
          setupRequest: (req) => {
            const i =
              args.firstDevice +
              (args.each ? next++ % args.devices : Math.floor(Math.random() * args.devices));
            return { ...req, headers: { ...req.headers, authorization: `Bearer ${benchToken(i)}` } };
          },
        },
      ],
    },
    (err, r) => (err ? reject(err as Error) : resolve(r)),
  );
  run.on('start', () => process.stdout.write('start\n'));
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
