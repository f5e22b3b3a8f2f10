import type { DryRunAction, DryRunEffect } from '../../domain/dry-run.ts';
import { effectiveStatus } from '../../domain/delivery.ts';
import { isShownAsSilent, parseInactiveAfter, silenceEndsAt, silenceStep } from '../../domain/inactivity.ts';
import type { SubscriptionState } from '../../domain/model.ts';
import { isUsable } from '../../domain/model.ts';
import type { ReasonCode } from '../../domain/reasons.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import {
  activationsOfSubscription,
  findDevices,
  openDeliveriesOfSubscription,
} from '../../store/dry-run.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { holdersOfProduct } from '../../store/silent-devices.repository.ts';
import { latestWarnings } from '../../store/inactivity-warnings.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { findAccountProfile } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { loadJudge } from '../sending/send-facts.ts';
import { deviceBelongsTo } from '../sending/send-scope.ts';
import { silenceFacts } from '../devices/silent-devices.ts';
import { checkInactiveAfter } from './product-inactivity.ts';

/**
 * Dry runs of the operator's heavy actions (issue 18, item 5): who would be affected, computed by
 * the same rules the action would run, read outside any write: nothing changes.
 */
export interface DryRun {
  dryRun: true;
  action: DryRunAction;
  devices: {
    deviceId: string;
    name: string;
    accountId: string | null;
    organizationId: string | null;
    lastSeenAt: string;
    effects: DryRunEffect[];
  }[];
  /** Open deliveries, with the reasons the app's apply would then fail them with (first one stored). */
  deliveries: { deliveryId: string; deviceId: string; status: string; reasons: ReasonCode[] }[];
  /** Activations that would end, and when (now, or the date a warning gives). */
  activations: {
    activationId: string;
    deviceId: string;
    subscriptionId: string;
    app: string;
    endsAt: string;
    endedBecause: 'inactive';
  }[];
  /** Owners who would be emailed now. */
  emails: number;
}

class Affected {
  readonly #effects = new Map<string, Set<DryRunEffect>>();
  add(deviceId: string, effect: DryRunEffect): void {
    const set = this.#effects.get(deviceId) ?? new Set<DryRunEffect>();
    set.add(effect);
    this.#effects.set(deviceId, set);
  }
  async devices(deps: Deps): Promise<DryRun['devices']> {
    const devices = await findDevices(deps.db, [...this.#effects.keys()]);
    return devices
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((d: StoredDevice) => ({
        deviceId: d.id,
        name: d.name,
        accountId: d.accountId,
        organizationId: d.organizationId,
        lastSeenAt: d.lastSeenAt.toISOString(),
        effects: [...this.#effects.get(d.id)!],
      }));
  }
}

const TARGET_STATE: Record<'block' | 'suspend' | 'reinstate', SubscriptionState> = {
  block: 'blocked',
  suspend: 'suspended',
  reinstate: 'active',
};

/**
 * Block, suspend or reinstate, as a dry run: the devices whose app would lose (or regain) the use
 * of the subscription, and each open delivery with the reasons the rules would fail it with when
 * its app applies it (the same judgement as `completeDelivery`, under the new state).
 */
export async function dryRunStateChange(
  deps: Deps,
  id: string,
  action: keyof typeof TARGET_STATE,
): Promise<DryRun> {
  const now = deps.clock.now();
  const current = await findSubscription(deps.db, id);
  if (!current) throw notFound('Subscription');
  const product = (await findProduct(deps.db, current.productId))!;
  const after = { ...current, state: TARGET_STATE[action] };
  const affected = new Affected();
  const before = isUsable(current, now);
  const usable = isUsable(after, now);
  for (const a of await activationsOfSubscription(deps.db, id)) {
    if (before && !usable) affected.add(a.deviceId, 'loses_use');
    if (!before && usable) affected.add(a.deviceId, 'regains_use');
  }
  const owner = current.ownerAccountId
    ? await findAccountProfile(deps.db, current.ownerAccountId)
    : undefined;
  const open = await openDeliveriesOfSubscription(deps.db, id, now);
  const devices = new Map(
    (
      await findDevices(
        deps.db,
        open.map((d) => d.deviceId),
      )
    ).map((d) => [d.id, d]),
  );
  const deliveries: DryRun['deliveries'] = [];
  for (const d of open) {
    const device = devices.get(d.deviceId)!;
    const judge = await loadJudge(deps.db, {
      now,
      channel: 'device',
      subscription: after,
      product,
      senderRole: null,
      visibleDevices: deviceBelongsTo(after, device) ? [device] : [],
      ownerRegion: owner?.country ?? null,
      exceptDeliveryId: d.id,
    });
    const reasons = judge.reasonsFor(d.deviceId);
    if (reasons.length > 0) affected.add(d.deviceId, 'delivery_fails');
    deliveries.push({
      deliveryId: d.id,
      deviceId: d.deviceId,
      status: effectiveStatus(d.status, d.expiresAt, now),
      reasons,
    });
  }
  return {
    dryRun: true,
    action,
    devices: await affected.devices(deps),
    deliveries,
    activations: [],
    emails: 0,
  };
}

/**
 * A product's `inactiveAfter` changed to `inactiveAfter` (null: never), as a dry run: the devices
 * holding it that the silent-devices job would then warn (an email each) or whose activations it
 * would end, with when. Open deliveries are not affected by it.
 */
export async function dryRunInactiveAfter(
  deps: Deps,
  productId: string,
  inactiveAfter: string | null,
): Promise<DryRun> {
  checkInactiveAfter(inactiveAfter);
  const now = deps.clock.now();
  if (!(await findProduct(deps.db, productId))) throw notFound('Product');
  const result: DryRun = {
    dryRun: true,
    action: 'inactiveAfter',
    devices: [],
    deliveries: [],
    activations: [],
    emails: 0,
  };
  const inactiveAfterMs = inactiveAfter === null ? null : parseInactiveAfter(inactiveAfter);
  if (inactiveAfterMs === null) return result;
  const holders = await holdersOfProduct(deps.db, productId);
  const warnings = (await latestWarnings(deps.db, [...new Set(holders.map((h) => h.deviceId))])).filter(
    (w) => w.productId === productId && w.closedAt === null,
  );
  const affected = new Affected();
  for (const h of holders) {
    const w = warnings.find((x) => x.deviceId === h.deviceId);
    const facts = silenceFacts(
      deps,
      now,
      h,
      inactiveAfterMs,
      w ? { silentSince: w.silentSince, endsAt: w.endsAt } : null,
    );
    const step = silenceStep(facts);
    if (step === 'none' && !isShownAsSilent(facts)) continue;
    if (step === 'warn') {
      affected.add(h.deviceId, 'warned');
      if (h.ownerEmail) result.emails++;
    }
    affected.add(h.deviceId, 'activation_ends');
    result.activations.push({
      activationId: h.activationId,
      deviceId: h.deviceId,
      subscriptionId: h.subscriptionId,
      app: h.app,
      endsAt: (step === 'end' ? now : silenceEndsAt(facts)).toISOString(),
      endedBecause: 'inactive',
    });
  }
  result.devices = await affected.devices(deps);
  return result;
}
