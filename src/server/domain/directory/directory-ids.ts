/**
 * Directory ids derive from names (a version 5 UUID): every partner node that enters the same
 * organisation (nation and name) or account (username) gives it the same id, so labels that name
 * an originator or recipients mean the same on every node they travel to.
 */
import { derivedUuid } from '../stix/stix-vocab';

export const directoryId = (kind: 'org' | 'user', ...name: string[]) => derivedUuid('directory', `directory:${kind}:${name.join(':')}`);
