import {
  formatSupportReference,
  normalizeSupportReference,
  SUPPORT_REFERENCE_ALPHABET,
  SUPPORT_REFERENCE_LENGTH,
  SUPPORT_REFERENCE_TTL_MS,
} from '../../domain/support-reference.ts';
import {
  deleteExpiredSupportReferences,
  deviceVisibleTo,
  findSupportReference,
  insertSupportReference,
  subscriptionVisibleTo,
} from '../../store/support-references.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';

/** What a reference may stand for besides the account; every part is optional. */
export interface SupportReferenceInput {
  subscriptionId?: string;
  deviceId?: string;
  reasons?: readonly string[];
}

/** A clash of two 40-bit codes is rare; drawing this often in a row means something else is wrong. */
const DRAWS = 5;

/**
 * A short reference for the signed-in account to quote to customer service, standing for the
 * account and what it names. Only the caller's own subscription and device (or its
 * organization's) may be named; anyone else's is "not found". Each account may make
 * `supportReferencesPerHour`: counted by one atomic upsert (`reserveAttempt`) before anything is
 * written, so parallel requests cannot slip past the limit on any node.
 */
export async function createSupportReference(deps: Deps, accountId: string, input: SupportReferenceInput) {
  await reserveAttempt(deps, [
    {
      key: `support-reference:${accountId}`,
      limit: deps.settings.supportReferencesPerHour,
      windowMs: 3_600_000,
    },
  ]);
  if (input.subscriptionId && !(await subscriptionVisibleTo(deps.db, accountId, input.subscriptionId)))
    throw notFound('Subscription');
  if (input.deviceId && !(await deviceVisibleTo(deps.db, accountId, input.deviceId)))
    throw notFound('Device');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SUPPORT_REFERENCE_TTL_MS);
  await deleteExpiredSupportReferences(deps.db, now);
  for (let draw = 0; draw < DRAWS; draw++) {
    const raw = deps.random.code(SUPPORT_REFERENCE_LENGTH, SUPPORT_REFERENCE_ALPHABET);
    const stored = await insertSupportReference(deps.db, {
      codeHash: secretHash(raw),
      accountId,
      subscriptionId: input.subscriptionId ?? null,
      deviceId: input.deviceId ?? null,
      reasons: [...new Set(input.reasons ?? [])],
      createdAt: now,
      expiresAt,
    });
    if (stored)
      return {
        reference: formatSupportReference(raw),
        expiresAt: expiresAt.toISOString(),
        contact: deps.settings.supportContact,
      };
  }
  throw new AppError('INTERNAL', 'Could not draw an unused support reference');
}

/**
 * What a reference stands for, for the vendor's support staff. Typed as the customer read it:
 * case, hyphens and the prefix do not matter. Unknown, malformed and expired ones are all "not
 * found", and say nothing about which.
 */
export async function lookUpSupportReference(deps: Deps, typed: string) {
  const raw = normalizeSupportReference(typed);
  const found = raw && (await findSupportReference(deps.db, secretHash(raw), deps.clock.now()));
  if (!raw || !found) throw notFound('Support reference');
  const { account, subscription, device } = found;
  return {
    reference: formatSupportReference(raw),
    createdAt: found.createdAt.toISOString(),
    expiresAt: found.expiresAt.toISOString(),
    reasons: found.reasons,
    account,
    subscription: subscription && {
      id: subscription.id,
      product: { id: subscription.productId, name: subscription.productName },
      kind: subscription.kind,
      renewal: subscription.renewal,
      state: subscription.state,
      expiresAt: subscription.expiresAt.toISOString(),
      organizationId: subscription.organizationId,
    },
    device: device && {
      id: device.id,
      name: device.name,
      platform: device.platform,
      lastSeenAt: device.lastSeenAt.toISOString(),
      disconnectedAt: device.disconnectedAt?.toISOString() ?? null,
    },
  };
}

/** The configured contact, for the Help panel (signed in or not). */
export function supportContact(deps: Deps) {
  return { contact: deps.settings.supportContact };
}
