import type { SilenceFacts } from '../../domain/inactivity.ts';
import { parseInactiveAfter, silenceEndsAt, silenceStep, warningLead } from '../../domain/inactivity.ts';
import { languageOr } from '../../domain/language.ts';
import { inTransaction } from '../../store/database.ts';
import { lockDevices } from '../../store/devices.repository.ts';
import type { DeviceHoldingProduct } from '../../store/silent-devices.repository.ts';
import {
  activationsOfProductOnDevice,
  holderOfProduct,
  productsWithInactiveAfter,
  unwarnedSilentHolders,
} from '../../store/silent-devices.repository.ts';
import {
  claimDueWarnings,
  closeWarning,
  insertWarning,
  moveWarningEnd,
} from '../../store/inactivity-warnings.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { accountTopic, organizationTopic } from '../shared/notifier.ts';
import { secretHash } from '../shared/ports.ts';
import type { AfterCommit } from '../sending/seat-ends.ts';
import { endActivationOnDevice, publishAll } from '../sending/seat-ends.ts';
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import { queueSilentDeviceMail } from './silent-device-mail.ts';

/**
 * Beyond the resolution of "last seen" (a check-in writes it only when older than that), how long
 * a check-in may wait in a node's write-behind batch (flushed every 2 s) before it is stored: a
 * wide margin, so that a check-in made before a device's end is always seen by the job.
 */
const LAST_SEEN_FLUSH_MARGIN_MS = 60_000;

/** How far the stored "last seen" may lag behind a device's last check-in. */
export function lastSeenLagMs(deps: Pick<Deps, 'settings'>): number {
  return deps.settings.lastSeenResolutionMs + LAST_SEEN_FLUSH_MARGIN_MS;
}

/** The device's last sign of life: its last check-in, or its owner's last "Keep". */
export function silentSince(h: Pick<DeviceHoldingProduct, 'lastSeenAt' | 'keptAt'>): Date {
  return h.keptAt && h.keptAt.getTime() > h.lastSeenAt.getTime() ? h.keptAt : h.lastSeenAt;
}

export function silenceFacts(
  deps: Pick<Deps, 'settings'>,
  now: Date,
  h: Pick<DeviceHoldingProduct, 'lastSeenAt' | 'keptAt'>,
  inactiveAfterMs: number,
  warning: SilenceFacts['warning'],
): SilenceFacts {
  return {
    now,
    silentSince: silentSince(h),
    inactiveAfterMs,
    warnBeforeMs: deps.settings.silentDeviceWarningMs,
    lastSeenLagMs: lastSeenLagMs(deps),
    warning,
  };
}

/** The link in the warning email: a page whose button keeps the device (opening it changes nothing). */
export function keepUrl(deps: Pick<Deps, 'settings'>, token: string): string {
  return `${deps.settings.publicUrl}/keep-device/${token}`;
}

/**
 * The silent-devices job, on every node: first the warnings that are due (each written, with its
 * email, once across nodes: see `insertWarning`), then the ends that are due (each warning claimed
 * by one node with `FOR UPDATE SKIP LOCKED` and closed in the same transaction). This node's
 * pending "last seen" writes are flushed first, so that the job judges by honest values.
 */
export async function sweepSilentDevices(
  deps: Deps,
  batch = 200,
): Promise<{ warned: number; ended: number }> {
  await deps.lastSeen.flush();
  const warned = await warnSilentDevices(deps, batch);
  const ended = await endSilentDevices(deps, batch);
  return { warned, ended };
}

async function warnSilentDevices(deps: Deps, batch: number): Promise<number> {
  let warned = 0;
  for (const product of await productsWithInactiveAfter(deps.db)) {
    const inactiveAfterMs = parseInactiveAfter(product.inactiveAfter);
    if (inactiveAfterMs === null) continue;
    for (;;) {
      const now = deps.clock.now();
      // silentSince ≤ cutoff ⇔ the warning is due (warnAt ≤ now); the rule decides again for each.
      const lead = warningLead({ inactiveAfterMs, warnBeforeMs: deps.settings.silentDeviceWarningMs });
      const cutoff = new Date(now.getTime() - inactiveAfterMs + lead);
      const due = await unwarnedSilentHolders(deps.db, product.id, cutoff, batch);
      let written = 0;
      for (const candidate of due) {
        const wrote = await inTransaction(deps.db, async (tx) => {
          await lockDevices(tx, [candidate.deviceId]);
          const h = await holderOfProduct(tx, product.id, candidate.deviceId);
          if (!h) return false;
          const facts = silenceFacts(deps, deps.clock.now(), h, inactiveAfterMs, null);
          if (silenceStep(facts) !== 'warn') return false;
          const token = deps.random.token(32);
          const language = languageOr(h.ownerLanguage);
          const endsAt = silenceEndsAt(facts);
          const inserted = await insertWarning(tx, {
            id: deps.random.id(),
            deviceId: h.deviceId,
            productId: product.id,
            silentSince: facts.silentSince,
            endsAt,
            warnedAt: facts.now,
            tokenHash: secretHash(token),
            language,
          });
          if (inserted && h.ownerEmail)
            await queueSilentDeviceMail(tx, deps, {
              to: h.ownerEmail,
              language,
              deviceName: h.deviceName,
              productName: product.name,
              lastSeenAt: h.lastSeenAt,
              endsAt,
              keepUrl: keepUrl(deps, token),
            });
          return inserted;
        });
        if (wrote) written++;
      }
      warned += written;
      // A short batch was the last; a batch in which nothing could be written would come back the same.
      if (due.length < batch || written === 0) break;
    }
  }
  return warned;
}

async function endSilentDevices(deps: Deps, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const products = new Map((await productsWithInactiveAfter(deps.db)).map((p) => [p.id, p]));
    const after: AfterCommit = new Set();
    const { claimed, ended } = await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const due = await claimDueWarnings(tx, new Date(now.getTime() - lastSeenLagMs(deps)), batch);
      let ended = 0;
      for (const w of due) {
        const inactiveAfterMs = parseInactiveAfter(products.get(w.productId)?.inactiveAfter ?? '');
        if (inactiveAfterMs === null) {
          await closeWarning(tx, w.id, 'lifted', now);
          continue;
        }
        // The one lock order: the subscriptions (in id order), then the device; then read again.
        const activations = await activationsOfProductOnDevice(tx, w.deviceId, w.productId);
        for (const a of activations) await lockSubscription(tx, a.subscriptionId);
        await lockDevices(tx, [w.deviceId]);
        const h = await holderOfProduct(tx, w.productId, w.deviceId);
        if (!h) {
          // Its activations ended otherwise meanwhile (revoked, disconnected, lost…).
          await closeWarning(tx, w.id, 'lifted', now);
          continue;
        }
        const facts = silenceFacts(deps, now, h, inactiveAfterMs, {
          silentSince: w.silentSince,
          endsAt: w.endsAt,
        });
        if (facts.silentSince.getTime() !== w.silentSince.getTime()) {
          const kept = h.keptAt !== null && h.keptAt.getTime() === facts.silentSince.getTime();
          await closeWarning(tx, w.id, kept ? 'kept' : 'checked_in', now);
          continue;
        }
        if (silenceStep(facts) !== 'end') {
          // The product's inactiveAfter grew since the warning: its end is later now.
          await moveWarningEnd(tx, w.id, silenceEndsAt(facts));
          continue;
        }
        if (!(await closeWarning(tx, w.id, 'ended', now))) continue;
        // Each seat freed, the webhooks, the device told on its stream, a reserve behind it started.
        for (const a of activations) await endActivationOnDevice(tx, deps, a, 'inactive', now, after);
        if (h.organizationId) after.add(organizationTopic(h.organizationId));
        else if (h.accountId) after.add(accountTopic(h.accountId));
        ended++;
      }
      return { claimed: due.length, ended };
    });
    total += ended;
    publishAll(deps, after);
    if (claimed < batch) return total;
  }
}
