import Type from 'typebox';
import { PLATFORMS } from '../domain/installers.ts';
import { LANGUAGES } from '../domain/language.ts';
import { RENEWALS, ROLES, SEAT_UNITS, SUBSCRIPTION_KINDS, SUBSCRIPTION_STATES } from '../domain/model.ts';

/**
 * The wire schemas of the domain's enumerations. Each list is defined once, in src/domain; the
 * schemas, so the OpenAPI document and the portal's generated types, derive from it.
 */
/** A schema accepting exactly the values of one of the domain's enumerations. */
export function oneOf<const T extends readonly string[]>(values: T, options: { $id?: string } = {}) {
  return Type.Enum<[...T]>(values, options);
}

export const SubscriptionKind = oneOf(SUBSCRIPTION_KINDS);
export const Renewal = oneOf(RENEWALS);
export const SeatUnit = oneOf(SEAT_UNITS);
export const SubscriptionState = oneOf(SUBSCRIPTION_STATES);
export const Role = oneOf(ROLES);
export const Language = oneOf(LANGUAGES);
export const Platform = oneOf(PLATFORMS);
