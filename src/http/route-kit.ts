import Type from 'typebox';

/** The problem answers a route may give, for its schema (and so for the OpenAPI document). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const NoContent = Type.Null({ description: 'No content' });
