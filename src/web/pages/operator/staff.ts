import type { Answer } from '../../api.ts';

/** The signed-in member of staff, as `/v1/staff/me` says. */
export type StaffSelf = Answer<'GET', '/v1/staff/me'>;
export type StaffActionName = StaffSelf['actions'][number];
export type Customer = Answer<'GET', '/v1/staff/customers/{id}'>;
export type StaffOrganization = Answer<'GET', '/v1/staff/organizations/{id}'>;
export type StaffAuditEntry = Customer['audit'][number];

export const customerPath = (id: string) => `/operator/customers/${encodeURIComponent(id)}`;
export const organizationPath = (id: string) => `/operator/organizations/${encodeURIComponent(id)}`;
