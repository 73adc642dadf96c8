/**
 * What an API token may be used for. A route declares the scope it needs (http/route.ts; by
 * default `read` for GET and `write` for other methods); a signed-in person's session is not
 * limited by scopes. A scope never adds a permission: the token's account still needs the role.
 */
import type { Role } from './roles';

export const TOKEN_SCOPES = ['read', 'write', 'taxii', 'admin', 'metrics'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_SCOPE_MEANINGS: Record<TokenScope, string> = {
  read: 'GET requests to /api/… (records, lists, exports, the live stream, the account itself)',
  write: 'POST, PUT, PATCH and DELETE requests to /api/… (create, edit, release, recall, import, acknowledge)',
  taxii: 'the TAXII 2.1 server under /taxii2/ (reading collections; adding objects where the account may)',
  admin:
    'node administration: accounts and clearance grants (/api/users…, /api/clearance-grants…), partner nodes (/api/peers…, /api/node/invite)',
  metrics: 'GET /metrics (Prometheus)',
};

/**
 * The scopes a person may give their own tokens: `admin` and `metrics` only node administrators
 * (a token never does more than its account; the metrics name peers). The console may also make a
 * metrics-only token for a monitoring account.
 */
export function scopesAvailableTo(roles: readonly Role[]): TokenScope[] {
  return roles.includes('node-admin') ? [...TOKEN_SCOPES] : ['read', 'write', 'taxii'];
}

/** What tokens made before scopes existed carry: everything they could do, except node administration. */
export const LEGACY_TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'taxii'];
