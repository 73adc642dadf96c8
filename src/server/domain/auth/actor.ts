import type { DirectoryCore } from '../../db/repositories/directory-repository';
import type { Reader } from '../../../shared/labels/label';
import type { Classification } from '../../../shared/vocab/levels';
import type { Role } from '../../../shared/vocab/roles';
import type { TokenScope } from '../../../shared/vocab/token-scopes';
import type { LANGUAGES } from '../../../shared/contracts/auth';

export interface UserActor {
  kind: 'user';
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: Role[];
    clearance: Classification;
    caveats: string[];
    language: (typeof LANGUAGES)[number];
  };
  org: { id: string; name: string; nation: string; clientOf: string | null };
  nation: { code: string; name: string };
  /** The facts the releasability rule needs, as of this request. */
  reader: Reader;
  via: 'session' | 'token';
  /** `expiresAt`: when the session ends unless the person stays signed in; `endsAt`: its absolute end. */
  session?: { idHash: string; csrfToken: string; expiresAt: Date; endsAt: Date };
  /** The API token's hash and scopes, when the request came with one. */
  token?: { hash: string; scopes: TokenScope[] };
  /** The label directory as read with this request's authentication (writes only): labels are checked against it. */
  labelDirectory?: DirectoryCore;
}

/** A person signed in with a session (not an API token). */
export type SessionActor = UserActor & { session: NonNullable<UserActor['session']> };

/** The node acting for itself or for its operator at the console (CLI, demo loader, jobs). */
export interface SystemActor {
  kind: 'system';
  name: string;
}

export type Actor = UserActor | SystemActor;

export const systemActor = (name: string): SystemActor => ({ kind: 'system', name });
