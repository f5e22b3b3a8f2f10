import type { Answer, Problem, Schemas } from '../../../api.ts';
import { ApiError } from '../../../api.ts';
import type { Platform } from '../../../../domain/installers.ts';

export type Product = Schemas['Product'];
export type Installer = Schemas['Installer'];
export type ProductList = Answer<'GET', '/v1/staff/products'>;

export const productsPath = '/operator/products';
export const productPath = (id: string) => `${productsPath}/${encodeURIComponent(id)}`;

/**
 * The platforms an installer may be for, in the order the form offers them. A record over the
 * domain's `Platform` (the web takes only types from the domain): one added there and missing
 * here does not compile.
 */
const PLATFORM_CHOICES: Record<Platform, true> = {
  windows: true,
  macos: true,
  linux: true,
  android: true,
  ios: true,
};
export const PLATFORMS = Object.keys(PLATFORM_CHOICES) as Platform[];

/** What a failed request left to show: the problem, or a generic one. */
export function problemOf(err: unknown): Problem {
  return err instanceof ApiError ? err.problem : { status: 0, code: 'generic', detail: '' };
}
