// Writes docs/openapi.json from the route table (`npm run openapi`); a test fails when it is stale.
import fs from 'node:fs';
import { apiRoutes } from '../src/server/http/api';
import { buildOpenApi } from '../src/server/http/openapi';

export const OPENAPI_FILE = 'docs/openapi.json';
export const renderOpenApiFile = () => `${JSON.stringify(buildOpenApi(apiRoutes()), null, 2)}\n`;

if (process.argv[1]?.endsWith('write-openapi.ts')) {
  fs.writeFileSync(OPENAPI_FILE, renderOpenApiFile());
  console.log(`wrote ${OPENAPI_FILE}`);
}
