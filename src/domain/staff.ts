/**
 * The vendor's own staff (issue 18, item 2): ordinary accounts given a role by the operator.
 * `support` looks customers up and helps them; `admin` may do all that support does and more.
 */
export const STAFF_ROLES = ['support', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What staff may do to a customer's things, each audited with a reason, and the least role it
 * takes. One table: the routes, the console and the tests read it, nothing repeats it.
 */
export const STAFF_ACTION_ROLE = {
  'download_link.resend': 'support',
  'invitation.resend': 'support',
  'seat.free': 'support',
  'subscription.reinstate': 'admin',
  'organization.add_admin': 'admin',
} as const satisfies Record<string, StaffRole>;
export type StaffAction = keyof typeof STAFF_ACTION_ROLE;
export const STAFF_ACTIONS = Object.keys(STAFF_ACTION_ROLE) as StaffAction[];

const RANK: Record<StaffRole, number> = { support: 1, admin: 2 };

/** Whether a member of staff with `role` may do `action`. */
export function staffMay(role: StaffRole, action: StaffAction): boolean {
  return RANK[role] >= RANK[STAFF_ACTION_ROLE[action]];
}

/** A reason staff give for an action: trimmed, and long enough to mean something to the next reader. */
export const STAFF_REASON_MIN = 3;
export const STAFF_REASON_MAX = 500;
