/**
 * The bench's command line: `--quick` (small numbers, judged against sanity bounds: CI runs it so
 * that the bench cannot rot) and `--only 1,3` (just those figures; the data set is always made).
 */
export const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]!.split(',')) : null;
export const wanted = (figure: string) => !only || only.has(figure);

export const SIZE = quick
  ? { devices: 20_000, subscriptions: 10_000, accounts: 2_000 }
  : { devices: 1_000_000, subscriptions: 500_000, accounts: 100_000 };
/**
 * Figure 1's second fleet: the same check-ins against a data set this small, whose token index
 * stays in SQLite's page cache and mostly in the CPU's, beside the full one's in the same rounds.
 */
export const SMALL_FLEET = quick ? 1_000 : 20_000;
/** Check-in rounds: alternating, `roundS` seconds each, after a warm-up of `warmS` for each server. */
export const ROUNDS = quick ? { rounds: 2, roundS: 2, warmS: 3 } : { rounds: 6, roundS: 4, warmS: 3 };
export const FIG = quick
  ? {
      streamDevices: 100,
      openStreams: 500,
      fleet: 1_000,
      fanOut: 100,
      sends: 1,
      crossNode: 100,
      webhookChanges: 20,
      webhookBurst: 100,
    }
  : {
      streamDevices: 1_000,
      openStreams: 10_000,
      fleet: 10_000,
      fanOut: 1_000,
      sends: 3,
      crossNode: 1_000,
      webhookChanges: 200,
      webhookBurst: 1_000,
    };

/**
 * Where each figure's own devices start, past the generated data set: one list, so that two
 * figures never make the same devices (tokens are unique).
 */
export const FIRST_DEVICE = {
  stream: SIZE.devices,
  fleet: SIZE.devices + FIG.streamDevices,
  revoke: SIZE.devices + FIG.streamDevices + FIG.fleet,
  webhooks: SIZE.devices + 2 * FIG.streamDevices + FIG.fleet,
};
