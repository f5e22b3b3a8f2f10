import type { Service } from '../compose.ts';

/** The OpenAPI document as committed: generated from the route schemas, stable key order. */
export async function openApiDocument(service: Service): Promise<string> {
  await service.app.ready();
  const doc = service.app.swagger() as Record<string, unknown>;
  return JSON.stringify(doc, null, 2) + '\n';
}
