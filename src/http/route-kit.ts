import Type from 'typebox';

/** The problem answers a route may give, for its schema (and so for the OpenAPI document). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const NoContent = Type.Null({ description: 'No content' });

/**
 * Who calls a set of routes registered for more than one audience (the operator key, staff
 * admins): where the routes are, how callers prove who they are, and the refusals of the
 * audience's own hooks (added by the plugin that registers the set).
 */
export interface Audience {
  base: string;
  tags: string[];
  security: Record<string, string[]>[];
  refused: readonly number[];
}
