import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Country names from i18n-iso-countries, which covers all seven languages (browsers' own
 * Intl.DisplayNames does not: Chromium ships no Tajik region names). Loaded per language on first
 * use, so the first screen carries none of it.
 */
type LocaleData = Parameters<(typeof import('i18n-iso-countries'))['registerLocale']>[0];

const LOCALES: Record<string, () => Promise<{ default: LocaleData }>> = {
  en: () => import('i18n-iso-countries/langs/en.json'),
  ru: () => import('i18n-iso-countries/langs/ru.json'),
  ur: () => import('i18n-iso-countries/langs/ur.json'),
  uz: () => import('i18n-iso-countries/langs/uz.json'),
  kk: () => import('i18n-iso-countries/langs/kk.json'),
  ky: () => import('i18n-iso-countries/langs/ky.json'),
  tg: () => import('i18n-iso-countries/langs/tg.json'),
};

type Lookup = (code: string) => string | undefined;
const loaded = new Map<string, Lookup>();
const loading = new Map<string, Promise<Lookup>>();

function load(language: string): Promise<Lookup> {
  const existing = loading.get(language);
  if (existing) return existing;
  const loader = LOCALES[language] ?? LOCALES.en;
  const promise = Promise.all([import('i18n-iso-countries'), loader?.() ?? Promise.reject(new Error('no locale'))]).then(([lib, data]) => {
    const countries = lib.default;
    countries.registerLocale(data.default);
    const lookup: Lookup = (code) => countries.getName(code.toUpperCase(), data.default.locale);
    loaded.set(language, lookup);
    return lookup;
  });
  loading.set(language, promise);
  return promise;
}

/** A function naming an ISO 3166 country code (alpha-2 or alpha-3) in the app's language; the code itself until the names arrive. */
export function useCountryName(): (code: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const [, setReady] = useState(0);
  useEffect(() => {
    if (loaded.has(language)) return;
    let live = true;
    void load(language).then(() => live && setReady((n) => n + 1));
    return () => {
      live = false;
    };
  }, [language]);
  const lookup = loaded.get(language);
  return (code) => (code && lookup?.(code)) || code;
}
