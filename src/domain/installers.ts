import semver from 'semver';

/** The platforms an app is released for, how a visitor's browser names its own, and which installers to offer. */

export const PLATFORMS = ['windows', 'macos', 'linux', 'android', 'ios'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How people write each platform's name, in every language. */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
  android: 'Android',
  ios: 'iOS',
};

/** One registered release of an app for one platform, as the rules need it. */
export interface Release {
  platform: Platform;
  version: string;
  createdAt: Date;
}

/**
 * The platform a browser's User-Agent names, or null when it names none we know. Order matters:
 * Android's User-Agent also says "Linux", and an iPhone's or iPad's says "like Mac OS X".
 */
export function platformFromUserAgent(userAgent: string | undefined): Platform | null {
  const ua = userAgent ?? '';
  if (/Android/i.test(ua)) return 'android';
  if (/iPhone|iPad|iPod/i.test(ua)) return 'ios';
  if (/Windows/i.test(ua)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(ua)) return 'macos';
  if (/CrOS/i.test(ua)) return null;
  if (/Linux|X11/i.test(ua)) return 'linux';
  return null;
}

function newerFirst(a: Release, b: Release): number {
  const va = semver.coerce(a.version, { loose: true });
  const vb = semver.coerce(b.version, { loose: true });
  const byVersion = va && vb ? semver.rcompare(va, vb) : 0;
  return byVersion || b.createdAt.getTime() - a.createdAt.getTime();
}

/**
 * The installers to offer for a product: per platform, the newest release whose version the
 * product supports (an older or newer app could not use the subscription). The visitor's own
 * platform comes first, then the others in `PLATFORMS` order.
 */
export function installersToOffer<T extends Release>(
  releases: readonly T[],
  appVersions: string,
  visitor: Platform | null = null,
): T[] {
  const supported = releases.filter((r) => {
    const v = semver.coerce(r.version, { loose: true });
    return v !== null && semver.satisfies(v, appVersions, { includePrerelease: true, loose: true });
  });
  const newest = new Map<Platform, T>();
  for (const r of [...supported].sort(newerFirst)) if (!newest.has(r.platform)) newest.set(r.platform, r);
  const rank = (p: Platform) => (p === visitor ? -1 : PLATFORMS.indexOf(p));
  return [...newest.values()].sort((a, b) => rank(a.platform) - rank(b.platform));
}
