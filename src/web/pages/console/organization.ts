import type { Answer } from '../../api.ts';

/** An organization as its member sees it: with the member's role in it. */
export type Org = Answer<'GET', '/v1/console/organizations'>['organizations'][number];
export type Role = Org['role'];

/** The console's tabs, in the order shown; each is a path segment: /console/{org}/{tab}. */
export const TABS = ['subscriptions', 'devices', 'members', 'audit', 'enrollment-keys'] as const;
export type Tab = (typeof TABS)[number];

export function isTab(segment: string | undefined): segment is Tab {
  return (TABS as readonly (string | undefined)[]).includes(segment);
}
