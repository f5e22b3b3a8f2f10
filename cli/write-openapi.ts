import { writeFileSync } from 'node:fs';
import { createService } from '../src/compose.ts';
import { openApiDocument } from '../src/http/openapi.ts';

/** `npm run openapi`: regenerates openapi.json from the route schemas. */
const service = await createService({
  databaseUrl: ':memory:',
  publicUrl: 'http://localhost:3000',
  deliveryWindowMs: 86_400_000,
  authSecret: 'openapi-generation-only-secret-000000',
  operatorKey: 'openapi-generation-only',
});
writeFileSync(new URL('../openapi.json', import.meta.url), await openApiDocument(service));
await service.close();
console.log('openapi.json written');
