import { describe, expect, it } from 'vitest';
import { acceptsTaxii, isTaxiiBody, taxiiMethodNotAllowed } from './taxii-protocol';
import type { RouteSpec } from './route';

describe('acceptsTaxii', () => {
  it('takes TAXII 2.1, the type without a version, wildcards and no header', () => {
    for (const accept of [
      undefined,
      '',
      'application/taxii+json;version=2.1',
      'Application/TAXII+JSON; Version="2.1"',
      'application/taxii+json',
      '*/*',
      'application/*;q=0.5',
      'text/html, application/taxii+json;version=2.1;q=0.9',
    ])
      expect(acceptsTaxii(accept), String(accept)).toBe(true);
  });

  it('refuses TAXII 2.0, other types and ranges of quality 0', () => {
    for (const accept of [
      'application/taxii+json;version=2.0',
      'application/vnd.oasis.taxii+json; version=2.0',
      'application/json',
      'text/*',
      'application/taxii+json;version=2.1;q=0',
      '*/*;q=0.0',
    ])
      expect(acceptsTaxii(accept), accept).toBe(false);
  });
});

describe('isTaxiiBody', () => {
  it('takes a body of TAXII 2.1 or the TAXII type without a version, and nothing else', () => {
    for (const type of [
      'application/taxii+json;version=2.1',
      'Application/TAXII+JSON; version="2.1"; charset=utf-8',
      'application/taxii+json',
    ])
      expect(isTaxiiBody(type), type).toBe(true);
    for (const type of [
      undefined,
      '',
      'application/json',
      'application/taxii+json;version=2.0',
      'application/vnd.oasis.taxii+json; version=2.0',
      'application/stix+json;version=2.1',
      '*/*',
    ])
      expect(isTaxiiBody(type), String(type)).toBe(false);
  });
});

describe('taxiiMethodNotAllowed', () => {
  const route = (method: RouteSpec['method'], url: string) => ({ method, url }) as RouteSpec;
  const routes = [
    route('GET', '/taxii2/api/collections/:collection/objects/'),
    route('POST', '/taxii2/api/collections/:collection/objects/'),
    route('GET', '/taxii2/api/collections/:collection/objects/:object/'),
    route('GET', '/api/incidents'),
  ];

  it('names the methods a TAXII path takes', () => {
    expect(taxiiMethodNotAllowed(routes, 'PUT', '/taxii2/api/collections/c/objects/')).toMatchObject({
      allow: 'GET, HEAD, POST',
      error: { code: 'METHOD_NOT_ALLOWED' },
    });
    expect(taxiiMethodNotAllowed(routes, 'DELETE', '/taxii2/api/collections/c/objects/o/')?.allow).toBe('GET, HEAD');
  });

  it('leaves unknown TAXII paths and the rest of the API to the 404', () => {
    expect(taxiiMethodNotAllowed(routes, 'GET', '/taxii2/api/collections/c/objects/o/p/')).toBeNull();
    expect(taxiiMethodNotAllowed(routes, 'DELETE', '/api/incidents')).toBeNull();
  });
});
