import type { StaffAction, StaffRole } from '../../domain/staff.ts';
import { STAFF_ACTIONS, staffMay } from '../../domain/staff.ts';
import { inTransaction } from '../../store/database.ts';
import { deleteStaff, findStaff, listStaff, upsertStaff } from '../../store/staff.repository.ts';
import { findAccountIdByEmail } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';

/**
 * The vendor's staff (issue 18, item 2): ordinary accounts the operator gives a role. They sign
 * in at the portal like anyone, and reach `/v1/staff/*` only with two factors turned on.
 */

/** A member of staff as a request acts: who, and with which role. */
export interface Staff {
  accountId: string;
  email: string;
  role: StaffRole;
}

function staffView(m: { accountId: string; email: string; name: string; role: StaffRole; since: Date }) {
  return { accountId: m.accountId, email: m.email, name: m.name, role: m.role, since: m.since.toISOString() };
}

/** The operator makes an existing account staff, or changes its role. */
export async function addStaff(deps: Deps, input: { email: string; role: StaffRole }) {
  const accountId = await findAccountIdByEmail(deps.db, input.email);
  if (!accountId)
    throw new AppError('NOT_FOUND', 'No account has this address: the person signs up first', {
      pointer: '/email',
    });
  // One transaction: the row just written is locked until it is read back, so a removal racing
  // this request waits for it rather than leaving nothing to answer with.
  const [member] = await inTransaction(deps.db, async (tx) => {
    await upsertStaff(tx, accountId, input.role, deps.clock.now());
    return listStaff(tx, accountId);
  });
  if (!member) throw notFound('Account');
  return staffView(member);
}

export async function staffMembers(deps: Deps) {
  return (await listStaff(deps.db)).map(staffView);
}

/** Takes the role away; the account itself stays. Its next staff request is refused. */
export async function removeStaff(deps: Deps, accountId: string): Promise<void> {
  if (!(await deleteStaff(deps.db, accountId))) throw notFound('Staff member');
}

/**
 * The signed-in account as staff, checked on every request: an account that is not staff is
 * refused, and so is staff without two factors (read from the account each time, so turning
 * them off takes effect at once).
 */
export async function signedInStaff(deps: Deps, accountId: string): Promise<Staff> {
  const found = await findStaff(deps.db, accountId);
  if (!found) throw new AppError('FORBIDDEN', 'This account is not one of the vendor’s staff');
  if (!found.twoFactorEnabled)
    throw new AppError(
      'STAFF_TWO_FACTOR_REQUIRED',
      'Staff sign in with two factors: turn them on under Security in your account first',
    );
  return { accountId, email: found.email, role: found.role };
}

/** Refuses an action the member's role does not allow (`domain/staff.ts`). */
export function requireStaffRole(staff: Staff, action: StaffAction): void {
  if (!staffMay(staff.role, action))
    throw new AppError('FORBIDDEN', `Only staff with the admin role can do this (${action})`);
}

/** Refuses a member of staff who is not an admin: the catalogue (products, releases, installers) and webhooks are theirs. */
export function requireStaffAdmin(staff: Staff): void {
  if (staff.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only staff with the admin role manage products, releases and webhooks');
}

/** What the console shows its user: who they are and what they may do. */
export function staffSelf(staff: Staff) {
  return { ...staff, actions: STAFF_ACTIONS.filter((a) => staffMay(staff.role, a)) };
}
