import { DeviceApi } from './api.ts';
import type { Connection } from './api.ts';
import type { AgentOptions } from './options.ts';

/**
 * Enrols this device in an organization with its enrolment key (`POST /v1/device/enroll`): the
 * device becomes one of the organization's managed devices, in the key's group. Unlike a
 * connect code, the key is reusable, so one command line (or one `seatpost-enrollment.json`
 * beside the installer) serves a whole fleet.
 */
export function enrollWithKey(
  server: string,
  options: Pick<AgentOptions, 'enrollmentKey' | 'name' | 'platform' | 'region' | 'apps'>,
  signal: AbortSignal,
): Promise<Connection> {
  return new DeviceApi(server, undefined, signal).enroll({
    enrollmentKey: options.enrollmentKey!,
    name: options.name,
    platform: options.platform,
    ...(options.region ? { region: options.region } : {}),
    apps: options.apps,
  });
}
