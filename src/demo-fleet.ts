import { readFileSync } from 'node:fs';
import { runAgent } from '../cli/agent/run.ts';

export interface DemoFleetDevice {
  name: string;
  stateFile: string;
  apps: { app: string; version: string }[];
}

/**
 * Plays the demo's devices inside `npm start`, with the reference agent, so that a newcomer who
 * sends a subscription watches it arrive and complete without a second terminal. Off with
 * SEATPOST_DEMO_DEVICES=0 (then `npm run agent -- --state …` plays one by hand).
 */
export function startDemoFleet(
  server: string,
  devices: readonly DemoFleetDevice[],
  log: (line: string) => void,
): () => Promise<void> {
  const stop = new AbortController();
  const runs = devices.map((d) => {
    const { token } = JSON.parse(readFileSync(d.stateFile, 'utf8')) as { token: string };
    return runAgent({
      server,
      token,
      apps: d.apps,
      askUser: false,
      pollIntervalMs: 5000,
      once: false,
      signal: stop.signal,
      print: (line) => log(`${d.name}: ${line}`),
    }).catch((err: unknown) => log(`${d.name}: stopped (${String(err)})`));
  });
  return async () => {
    stop.abort();
    await Promise.allSettled(runs);
  };
}
