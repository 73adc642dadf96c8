import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './index';

type Messages = { [key: string]: string | Messages };

const dir = join(import.meta.dirname, 'locales');
const load = (code: string): Messages => JSON.parse(readFileSync(join(dir, `${code}.json`), 'utf8')) as Messages;

function flatten(messages: Messages, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

// i18next picks `key_<category>` by the CLDR plural category of `count` in the active language.
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** What a translation must hold: plain keys as in English, plural keys in every category of `lang`. */
function requiredKeys(english: Map<string, string>, lang: string): Map<string, string> {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const required = new Map<string, string>();
  for (const [key, text] of english) {
    const base = key.replace(PLURAL_SUFFIX, '');
    if (base === key || !english.has(`${base}_other`)) {
      required.set(key, text);
      continue;
    }
    for (const category of categories) {
      const wanted = `${base}_${category}`;
      if (!required.has(wanted)) required.set(wanted, english.get(wanted) ?? english.get(`${base}_other`) ?? text);
    }
  }
  return required;
}

/** Interpolations ({{name}}, {{name, format}}), nestings ($t(key)) and tags (<1>, <strong>) that must survive translation. */
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}|\$t\([^)]*\)|<\/?[A-Za-z0-9][^<>]*>/g)].map((m) => (m[1] ? `{{${m[1]}}}` : m[0])).sort();

const english = flatten(load('en'));
const translations = LANGUAGES.map((l) => l.code).filter((code) => code !== 'en');

describe('web app locales', () => {
  it('registers every locale file as a language', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  it('extracts interpolations, nestings and tags, and the plural keys a language needs', () => {
    expect(placeholders('{{count}} of <1>{{ total }}</1> ({{at, datetime}}) $t(app.name)')).toEqual([
      '$t(app.name)',
      '</1>',
      '<1>',
      '{{at}}',
      '{{count}}',
      '{{total}}',
    ]);
    expect(
      requiredKeys(
        new Map([
          ['n_one', 'a {{count}}'],
          ['n_other', 'b {{count}}'],
          ['x', 'y'],
        ]),
        'ru',
      ),
    ).toEqual(
      new Map([
        ['n_few', 'b {{count}}'],
        ['n_many', 'b {{count}}'],
        ['n_one', 'a {{count}}'],
        ['n_other', 'b {{count}}'],
        ['x', 'y'],
      ]),
    );
  });

  describe.each(translations)('%s', (code) => {
    const messages = flatten(load(code));
    const required = requiredKeys(english, code);

    it('has every English key, with the plural forms the language needs', () => {
      const missing = [...required.keys()].filter((key) => !messages.has(key));
      expect(missing).toEqual([]);
    });

    it('has no key English does not know', () => {
      const stray = [...messages.keys()].filter((key) => !required.has(key) && !english.has(key));
      expect(stray).toEqual([]);
    });

    it('has no empty translation', () => {
      const empty = [...messages].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty).toEqual([]);
    });

    // Direction comes from <html dir>; embedded marks would reorder text the markup does not expect.
    it('has no bidirectional control characters', () => {
      const marked = [...messages].filter(([, text]) => /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text)).map(([key]) => key);
      expect(marked).toEqual([]);
    });

    it('keeps every interpolation, nesting and tag of the English text, and adds none', () => {
      const wrong = [...required]
        .filter(([key]) => messages.has(key))
        .filter(([key, text]) => {
          const want = new Set(placeholders(text));
          const got = new Set(placeholders(messages.get(key) ?? ''));
          return [...want].some((p) => !got.has(p)) || [...got].some((p) => !want.has(p));
        })
        .map(([key, text]) => `${key}: ${placeholders(text).join(' ')} ≠ ${placeholders(messages.get(key) ?? '').join(' ')}`);
      expect(wrong).toEqual([]);
    });
  });
});
