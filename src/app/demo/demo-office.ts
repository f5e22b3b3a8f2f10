import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inTransaction } from '../../store/database.ts';
import {
  insertOrganization,
  organizationsOf,
  upsertMembership,
} from '../../store/organizations.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findAccountIdByEmail } from '../../store/users.repository.ts';
import { createConnectCode } from '../devices/customer-devices.ts';
import { connectDevice } from '../devices/device-session.ts';
import { issueSubscription } from '../operator/operator.ts';
import type { Deps } from '../shared/deps.ts';

export const DEMO_OFFICE_NAME = 'Demo Office';

const DAY = 86_400_000;
/** The demo's business product (seeded by `seedDemo`). */
const OFFICE_PRODUCT = 'seatpost-small-office';

/** The office's computers: each runs the small-office product's app, in a version it supports. */
const OFFICE_DEVICES = [
  { name: 'Reception PC', file: 'office-reception-pc', platform: 'windows', version: '22.1.0' },
  { name: 'Design Mac', file: 'office-design-mac', platform: 'macos', version: '22.1.0' },
  { name: 'Accounts laptop', file: 'office-accounts-laptop', platform: 'windows', version: '21.4.0' },
  { name: 'Workshop PC', file: 'office-workshop-pc', platform: 'linux', version: '22.1.0' },
] as const;

export interface DemoOffice {
  name: string;
  devices: { name: string; stateFile: string; apps: { app: string; version: string }[] }[];
}

/**
 * The demo's way into the console: the demo account is the admin of a small office with a
 * business subscription and managed devices, which the demo fleet plays like the account's own
 * (so a send from the console arrives and completes). Made once; added to a demo seeded before
 * the office existed too. Null when the demo account is missing (the demo is off).
 */
export async function ensureDemoOffice(
  deps: Deps,
  opts: { email: string; dataDir: string; publicUrl: string },
): Promise<DemoOffice | null> {
  const dir = join(opts.dataDir, 'demo-devices');
  const devices = OFFICE_DEVICES.map((d) => ({
    name: d.name,
    stateFile: join(dir, `${d.file}.json`),
    apps: [{ app: 'seatpost-security', version: d.version }],
  }));
  const accountId = await findAccountIdByEmail(deps.db, opts.email);
  if (!accountId || !(await findProduct(deps.db, OFFICE_PRODUCT))) return null;
  const existing = (await organizationsOf(deps.db, accountId)).find((o) => o.name === DEMO_OFFICE_NAME);
  if (existing) return { name: existing.name, devices: devices.filter((d) => existsSync(d.stateFile)) };

  const now = deps.clock.now();
  const organizationId = deps.random.id();
  await inTransaction(deps.db, async (tx) => {
    await insertOrganization(tx, { id: organizationId, name: DEMO_OFFICE_NAME, createdAt: now });
    await upsertMembership(tx, { organizationId, accountId, role: 'admin' }, now);
  });
  await issueSubscription(deps, {
    product: OFFICE_PRODUCT,
    kind: 'paid',
    renewal: 'auto',
    unit: 'device',
    seats: 10,
    expiresAt: new Date(now.getTime() + 365 * DAY),
    organization: organizationId,
  });
  mkdirSync(dir, { recursive: true });
  for (const [i, d] of OFFICE_DEVICES.entries()) {
    const { code } = await createConnectCode(deps, accountId, organizationId);
    const { deviceId, token } = await connectDevice(
      deps,
      { code, name: d.name, platform: d.platform, apps: devices[i]!.apps },
      'demo-seed',
    );
    writeFileSync(
      devices[i]!.stateFile,
      JSON.stringify({ server: opts.publicUrl, deviceId, token }, null, 2) + '\n',
      {
        mode: 0o600,
      },
    );
  }
  return { name: DEMO_OFFICE_NAME, devices };
}
