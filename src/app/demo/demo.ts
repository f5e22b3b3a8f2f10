import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { listInstallers } from '../../store/installers.repository.ts';
import type { Auth } from '../accounts/accounts.ts';
import { signUpVerified } from '../accounts/sign-up.ts';
import { ackDelivery, completeDelivery } from '../sending/apply-delivery.ts';
import { createConnectCode } from '../devices/customer-devices.ts';
import type { Platform } from '../../domain/installers.ts';
import { PLATFORM_NAMES } from '../../domain/installers.ts';
import { findProduct, hasAnyProduct } from '../../store/products.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { connectDevice, authenticateDevice } from '../devices/device-session.ts';
import { createProduct, issueSubscription } from '../operator/operator.ts';
import { registerUploadedRelease } from '../operator/releases.ts';
import { sendToDevices } from '../sending/send-to-devices.ts';
import { portalScope } from '../sending/send-scope.ts';
import { ensureDemoOffice } from './demo-office.ts';
import { seedSilentDevice } from './demo-silent.ts';
import { seedSeatLifeDemo } from './demo-seat-life.ts';

export const DEMO_EMAIL = 'demo@seatpost.test';
export const DEMO_PASSWORD = 'seatpost-demo';

const DAY = 86_400_000;

interface DemoDevice {
  name: string;
  file: string;
  platform: string;
  region?: string;
  apps: { app: string; version: string }[];
}

const DEVICES: DemoDevice[] = [
  {
    name: "Anna's laptop",
    file: 'annas-laptop',
    platform: 'windows',
    apps: [
      { app: 'seatpost-security', version: '22.1.0' },
      { app: 'seatpost-vpn', version: '5.2.0' },
    ],
  },
  {
    name: 'Family iMac',
    file: 'family-imac',
    platform: 'macos',
    apps: [{ app: 'seatpost-security', version: '21.4.0' }],
  },
  {
    name: 'Old netbook',
    file: 'old-netbook',
    platform: 'windows',
    apps: [{ app: 'seatpost-security', version: '20.3.0' }],
  },
  {
    name: "Anna's phone",
    file: 'annas-phone',
    platform: 'android',
    region: 'DK',
    apps: [{ app: 'seatpost-vpn', version: '5.1.0' }],
  },
];

/**
 * The demo a newcomer meets on first start: a catalog, a customer with paid, trial and free
 * subscriptions, and connected devices whose tokens are kept under data/demo-devices so that
 * `npm run agent -- --state …` can play any of them. Runs once: later starts just report it.
 */
export async function seedDemo(deps: Deps, auth: Auth, opts: { publicUrl: string; dataDir: string }) {
  const dir = join(opts.dataDir, 'demo-devices');
  const devices = DEVICES.map((d) => ({
    name: d.name,
    stateFile: join(dir, `${d.file}.json`),
    apps: d.apps,
  }));
  const done = await hasAnyProduct(deps.db);
  if (done) {
    await seedDemoInstallers(deps, opts.publicUrl);
    return {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      devices: devices.filter((d) => existsSync(d.stateFile)),
      office: await ensureDemoOffice(deps, { email: DEMO_EMAIL, ...opts }),
    };
  }

  const now = deps.clock.now();
  const products = [
    {
      id: 'seatpost-security',
      name: 'Seatpost Security',
      app: 'seatpost-security',
      appVersions: '>=21.0.0 <23',
      regions: [],
      business: false,
      perUserService: false,
      inactiveAfter: '90d',
    },
    {
      id: 'seatpost-vpn',
      name: 'Seatpost VPN',
      app: 'seatpost-vpn',
      appVersions: '>=5.0.0 <6',
      regions: ['DK', 'SE', 'NO', 'DE', 'GB', 'US'],
      business: false,
      perUserService: false,
    },
    {
      id: 'seatpost-passwords',
      name: 'Seatpost Passwords',
      app: 'seatpost-passwords',
      appVersions: '>=1.0.0',
      regions: [],
      business: false,
      perUserService: true,
    },
    {
      id: 'seatpost-small-office',
      name: 'Seatpost Small Office Security',
      app: 'seatpost-security',
      appVersions: '>=21.0.0 <23',
      regions: [],
      business: true,
      perUserService: false,
    },
  ];
  for (const p of products) await createProduct(deps, p);
  await seedDemoInstallers(deps, opts.publicUrl);

  // The demo's account starts with its address verified: the subscriptions below attach to it.
  const account = {
    id: await signUpVerified(
      deps,
      auth,
      { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: 'Anna Demo', country: 'DK', language: 'en' },
      { headers: new Headers({ origin: opts.publicUrl, 'x-forwarded-for': '127.0.0.1' }), ip: '127.0.0.1' },
    ),
  };
  const issue = (p: Omit<Parameters<typeof issueSubscription>[1], 'ownerEmail'>) =>
    issueSubscription(deps, { ...p, ownerEmail: DEMO_EMAIL });
  const family = await issue({
    product: 'seatpost-security',
    kind: 'paid',
    renewal: 'auto',
    unit: 'device',
    seats: 5,
    expiresAt: new Date(now.getTime() + 365 * DAY),
  });
  const limited = await issue({
    product: 'seatpost-security',
    kind: 'paid',
    renewal: 'limited',
    unit: 'device',
    seats: 3,
    expiresAt: new Date(now.getTime() + 180 * DAY),
  });
  await issue({
    product: 'seatpost-security',
    kind: 'trial',
    renewal: 'limited',
    unit: 'device',
    seats: 1,
    expiresAt: new Date(now.getTime() + 30 * DAY),
  });
  await issue({
    product: 'seatpost-vpn',
    kind: 'paid',
    renewal: 'auto',
    unit: 'user',
    seats: 2,
    expiresAt: new Date(now.getTime() + 365 * DAY),
  });
  await issue({
    product: 'seatpost-passwords',
    kind: 'free',
    renewal: 'auto',
    unit: 'user',
    seats: 1,
    expiresAt: new Date(now.getTime() + 3650 * DAY),
  });
  // One code left unclaimed, to try "add a subscription by activation code" with.
  const spare = await issueSubscription(deps, {
    product: 'seatpost-vpn',
    kind: 'paid',
    renewal: 'limited',
    unit: 'device',
    seats: 3,
    expiresAt: new Date(now.getTime() + 90 * DAY),
  });

  mkdirSync(dir, { recursive: true });
  const connected: { id: string; token: string }[] = [];
  for (const d of DEVICES) {
    const { code } = await createConnectCode(deps, account.id);
    const { deviceId, token } = await connectDevice(
      deps,
      { code, name: d.name, platform: d.platform, region: d.region, apps: d.apps },
      'demo-seed',
    );
    connected.push({ id: deviceId, token });
    writeFileSync(
      join(dir, `${d.file}.json`),
      JSON.stringify({ server: opts.publicUrl, deviceId, token }, null, 2) + '\n',
      { mode: 0o600 },
    );
  }
  // The family iMac already uses the limited subscription, as if the app had received it earlier.
  const imac = (await authenticateDevice(deps, connected[1]!.token))!;
  const sent = await sendToDevices(deps, portalScope({ id: account.id, country: 'DK' }), limited.id, [
    imac.id,
  ]);
  const delivery = sent.results[0];
  if (delivery && 'delivery' in delivery) {
    await ackDelivery(deps, imac, delivery.delivery.id);
    await completeDelivery(deps, imac, delivery.delivery.id);
  }
  await seedSilentDevice(deps, account.id, family.id);
  await seedSeatLifeDemo(deps, account.id);
  writeFileSync(join(opts.dataDir, 'demo-activation-code.txt'), spare.activationCode + '\n');
  const office = await ensureDemoOffice(deps, { email: DEMO_EMAIL, ...opts });
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, devices, office };
}

/** The demo's app versions, one per product: what its demo installers say they install. */
const DEMO_RELEASES: Record<string, { version: string; platforms: Platform[] }> = {
  'seatpost-security': { version: '22.1.0', platforms: ['windows', 'macos', 'linux', 'android'] },
  'seatpost-vpn': { version: '5.2.0', platforms: ['windows', 'macos', 'android', 'ios'] },
  'seatpost-passwords': { version: '1.4.0', platforms: ['windows', 'macos', 'linux', 'android', 'ios'] },
  'seatpost-small-office': { version: '22.1.0', platforms: ['windows', 'macos', 'linux'] },
};

/**
 * Small demo installers for the demo products (text files, not programs), so that a newcomer can
 * follow a download link on one machine. Each says how to play the installed app with the code
 * the download page copied to the clipboard. Added to a demo seeded before installers existed too.
 */
async function seedDemoInstallers(deps: Deps, publicUrl: string): Promise<void> {
  for (const [productId, release] of Object.entries(DEMO_RELEASES)) {
    const product = await findProduct(deps.db, productId);
    if (!product || (await listInstallers(deps.db, productId)).length > 0) continue;
    for (const platform of release.platforms) {
      const text = [
        `Seatpost demo installer: ${product.name} ${release.version} for ${PLATFORM_NAMES[platform]}.`,
        '',
        'This is not a real program. In the demo, the app is the reference device agent.',
        'Downloading this file from a download link copied a one-time code to your clipboard.',
        'Install the "app" by running this in the Seatpost folder, with the code pasted in:',
        '',
        `  npm run agent -- --server ${publicUrl} --platform ${platform} --app ${product.app}@${release.version} --code PASTE-THE-CODE`,
        '',
        'It connects to the account and starts using the subscription the link was sent for.',
        '',
      ].join('\n');
      await registerUploadedRelease(
        deps,
        productId,
        {
          platform,
          version: release.version,
          fileName: `${productId}-${release.version}-${platform}.demo.txt`,
        },
        Readable.from([Buffer.from(text)]),
      );
    }
  }
}

/** The spare activation code the demo left unclaimed, if any. */
export function demoSpareCode(dataDir: string): string | null {
  const f = join(dataDir, 'demo-activation-code.txt');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : null;
}
