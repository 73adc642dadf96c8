import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApiFile } from '../../scripts/write-openapi';

describe('the committed OpenAPI document', () => {
  it('matches the route table (run `npm run openapi` after changing a route)', () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApiFile());
  });
});
