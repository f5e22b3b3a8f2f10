import { isShownAsSilent, parseInactiveAfter, silenceEndsAt } from '../../domain/inactivity.ts';
import type { InactivityWarning } from '../../store/inactivity-warnings.repository.ts';
import { latestWarnings } from '../../store/inactivity-warnings.repository.ts';
import type { SilenceHolding } from '../../store/silent-devices.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { silenceFacts } from './silent-devices.ts';

const DAY_MS = 86_400_000;

/** A device shown as silent, with the holding it was first seen in (for what else the caller shows). */
export interface SilentDevice<H extends SilenceHolding> {
  holding: H;
  deviceId: string;
  lastSeenAt: string;
  lastSeenDaysAgo: number;
  endsAt: string;
  products: { id: string; name: string }[];
}

/**
 * Of the holdings given (an account's or an organization's), the devices silent long enough to
 * be shown so, each with the date its seats free unless it checks in: the earliest of its
 * products'. Computed from the timestamps, so that the portal and the console agree with the rule
 * before the job has run. One definition for both.
 */
export async function silentDevicesOf<H extends SilenceHolding>(
  deps: Deps,
  holdings: readonly H[],
): Promise<SilentDevice<H>[]> {
  const now = deps.clock.now();
  const warnings = await latestWarnings(deps.db, [...new Set(holdings.map((h) => h.deviceId))]);
  const byDevice = new Map<string, Omit<SilentDevice<H>, 'endsAt'> & { endsAt: Date }>();
  for (const h of holdings) {
    const endsAt = silentUntil(deps, now, h, warnings);
    if (!endsAt) continue;
    const entry = byDevice.get(h.deviceId) ?? {
      holding: h,
      deviceId: h.deviceId,
      lastSeenAt: h.lastSeenAt.toISOString(),
      lastSeenDaysAgo: Math.max(0, Math.floor((now.getTime() - h.lastSeenAt.getTime()) / DAY_MS)),
      endsAt,
      products: [],
    };
    if (endsAt.getTime() < entry.endsAt.getTime()) entry.endsAt = endsAt;
    entry.products.push({ id: h.product.id, name: h.product.name });
    byDevice.set(h.deviceId, entry);
  }
  return [...byDevice.values()].map((d) => ({ ...d, endsAt: d.endsAt.toISOString() }));
}

/** When this holding's seat frees, if the device is silent long enough to say so; null otherwise. */
function silentUntil(deps: Deps, now: Date, h: SilenceHolding, warnings: readonly InactivityWarning[]) {
  const inactiveAfterMs = parseInactiveAfter(h.product.inactiveAfter);
  if (inactiveAfterMs === null) return null;
  const w = warnings.find((x) => x.deviceId === h.deviceId && x.productId === h.product.id && !x.closedAt);
  const facts = silenceFacts(
    deps,
    now,
    h,
    inactiveAfterMs,
    w ? { silentSince: w.silentSince, endsAt: w.endsAt } : null,
  );
  return isShownAsSilent(facts) ? silenceEndsAt(facts) : null;
}
