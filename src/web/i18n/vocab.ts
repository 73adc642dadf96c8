import { humanise } from '../features/incidents/format';
import type { TFunction } from 'i18next';

/** The shared vocabularies the web app names in words (src/shared/vocab). */
export type VocabKind = 'domains' | 'subtypes' | 'geoPrecision' | 'actorKinds' | 'indicatorTypes';

/**
 * A vocabulary code in the reader's language. A code no locale knows (a newer partner node's
 * vocabulary) is shown as words rather than as a key.
 */
export function vocab(t: TFunction, kind: VocabKind, code: string): string {
  return t(`vocab.${kind}.${code}`, { defaultValue: humanise(code) });
}
