import {
  ENROLLMENT_KEY_HINT_LENGTH,
  ENROLLMENT_KEY_PREFIX,
  enrollmentKeyState,
} from '../../domain/enrollment.ts';
import { inTransaction } from '../../store/database.ts';
import type { StoredEnrollmentKey } from '../../store/enrollment-keys.repository.ts';
import {
  findEnrollmentKey,
  insertEnrollmentKey,
  listEnrollmentKeys,
  revokeEnrollmentKey,
} from '../../store/enrollment-keys.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import type { Actor } from './audit.ts';
import { recordAudit } from './audit.ts';
import { requireAdmin } from './organizations.ts';

/** An organization's enrolment keys, for its admins: made (the key shown once), listed, revoked. */

export interface NewEnrollmentKey {
  name: string;
  group?: string | null;
  expiresAt?: string | null;
  maxUses?: number | null;
}

export function enrollmentKeyView(k: StoredEnrollmentKey, now: Date) {
  return {
    id: k.id,
    name: k.name,
    group: k.group,
    hint: k.hint,
    state: enrollmentKeyState(k, now),
    uses: k.uses,
    maxUses: k.maxUses,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    createdBy: k.createdByEmail,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Makes a key: 256 random bits, stored only as their SHA-256 (a high-entropy secret needs no stretching). */
export async function createEnrollmentKey(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  input: NewEnrollmentKey,
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    throw new AppError('VALIDATION_FAILED', 'The expiry must be in the future', { pointer: '/expiresAt' });
  const key = ENROLLMENT_KEY_PREFIX + deps.random.token(32);
  const id = deps.random.id();
  const stored = {
    id,
    organizationId,
    name: input.name,
    group: input.group ?? null,
    keyHash: secretHash(key),
    hint: key.slice(-ENROLLMENT_KEY_HINT_LENGTH),
    createdBy: actor.accountId,
    expiresAt,
    maxUses: input.maxUses ?? null,
  };
  const created = await inTransaction(deps.db, async (tx) => {
    await insertEnrollmentKey(tx, stored, now);
    await recordAudit(tx, deps, actor, ip, {
      action: 'enrollment_key.create',
      targetType: 'enrollment_key',
      targetId: id,
      detail: {
        name: stored.name,
        group: stored.group,
        expiresAt: expiresAt?.toISOString() ?? null,
        maxUses: stored.maxUses,
      },
    });
    return (await findEnrollmentKey(tx, organizationId, id))!;
  });
  return { ...enrollmentKeyView(created, now), key };
}

export async function organizationEnrollmentKeys(deps: Deps, actor: Actor) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const now = deps.clock.now();
  return (await listEnrollmentKeys(deps.db, organizationId)).map((k) => enrollmentKeyView(k, now));
}

/** Revokes the key: devices it enrolled stay; no new one enrols with it. Revoking it again changes nothing. */
export async function revokeOrganizationEnrollmentKey(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  id: string,
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  await inTransaction(deps.db, async (tx) => {
    const key = await findEnrollmentKey(tx, organizationId, id);
    if (!key) throw notFound('Enrolment key');
    if (!(await revokeEnrollmentKey(tx, id, deps.clock.now()))) return;
    await recordAudit(tx, deps, actor, ip, {
      action: 'enrollment_key.revoke',
      targetType: 'enrollment_key',
      targetId: id,
      detail: { name: key.name, uses: key.uses },
    });
  });
}
