/**
 * A pseudo-locale made from en.json when the test runs: every letter accented, each text about 40%
 * longer and bracketed ⟦…⟧, interpolations, nestings and tags left as they are. Text on a screen
 * outside the brackets did not come through a translation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Messages = { [key: string]: string | Messages };

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] ?? c,
  ]),
);
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<[^<>]*>)/;

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

export function pseudoText(text: string): string {
  const accented = text
    .split(KEEP)
    .map((part) => (KEEP.test(part) ? part : [...part].map((c) => ACCENTED[c] ?? c).join('')))
    .join('');
  const padding = '~'.repeat(Math.max(1, Math.round(text.length * 0.4)));
  return `${PSEUDO_OPEN}${accented}${padding}${PSEUDO_CLOSE}`;
}

function transform(messages: Messages): Messages {
  return Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, typeof v === 'string' ? pseudoText(v) : transform(v)]));
}

const english = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/web/i18n/locales/en.json'), 'utf8')) as Messages;

export const pseudoMessages = (): Messages => transform(english);

/** Every key of en.json, dotted: a key on screen is a translation that was missing. */
export function englishKeys(messages: Messages = english, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [path.replace(/_(zero|one|two|few|many|other)$/, '')] : englishKeys(v, path);
  });
}
