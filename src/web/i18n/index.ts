import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
  { code: 'uz', name: 'Oʻzbekcha', dir: 'ltr' },
  { code: 'kk', name: 'Қазақша', dir: 'ltr' },
  { code: 'ky', name: 'Кыргызча', dir: 'ltr' },
  { code: 'tg', name: 'Тоҷикӣ', dir: 'ltr' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'concord.language';

type Translations = Record<string, unknown>;

/**
 * English is the first screen's; every other language is its own chunk, fetched when chosen (seven
 * languages in the first screen would exceed its JavaScript budget, P9).
 */
const LOADERS: Record<Exclude<LanguageCode, 'en'>, () => Promise<{ default: Translations }>> = {
  ru: () => import('./locales/ru.json'),
  ur: () => import('./locales/ur.json'),
  uz: () => import('./locales/uz.json'),
  kk: () => import('./locales/kk.json'),
  ky: () => import('./locales/ky.json'),
  tg: () => import('./locales/tg.json'),
};

/** Makes `language`'s strings available (fetching them once), then returns it. */
async function loadLanguage(language: string): Promise<string> {
  if (language === 'en' || i18next.hasResourceBundle(language, 'translation')) return language;
  const loader = LOADERS[language as Exclude<LanguageCode, 'en'>];
  if (!loader) return language;
  i18next.addResourceBundle(language, 'translation', (await loader()).default, true, true);
  return language;
}

/** Switches to `language` once its strings are here, so no screen shows half of each. */
async function switchTo(language: string): Promise<void> {
  await i18next.changeLanguage(await loadLanguage(language));
}

function applyDirection(language: string): void {
  const entry = LANGUAGES.find((l) => l.code === language) ?? LANGUAGES[0];
  document.documentElement.lang = entry.code;
  document.documentElement.dir = entry.dir;
  // The Nastaliq face is large: fetched the first time Urdu is chosen, never on the first screen otherwise.
  if (entry.code === 'ur') void import('./urdu.css');
}

/**
 * The browser test's pseudo-locale (accented, longer, bracketed English generated from en.json):
 * a test page sets it before the app starts, to find untranslated text and overflow. Never set
 * in use.
 */
const PSEUDO = 'pseudo';
type PseudoWindow = Window & { concordPseudoLocale?: Record<string, unknown> };

/** Starts i18next in the stored language, its strings loaded: the app renders after this resolves. */
export async function initI18n(): Promise<void> {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  const pseudo = (window as PseudoWindow).concordPseudoLocale;
  const initial = LANGUAGES.some((l) => l.code === stored) || (pseudo && stored === PSEUDO) ? (stored as string) : 'en';
  await i18next.use(initReactI18next).init({
    resources: {
      ...(pseudo ? { [PSEUDO]: { translation: pseudo } } : {}),
      en: { translation: en },
    },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  i18next.on('languageChanged', applyDirection);
  applyDirection('en');
  if (initial !== 'en') await switchTo(initial).catch(() => undefined);
}

/** The signed-in user's own language applies unless this browser chose one explicitly. */
export function applyUserLanguage(language: string): void {
  if (window.localStorage.getItem(STORAGE_KEY)) return;
  if (LANGUAGES.some((l) => l.code === language) && i18next.language !== language) void switchTo(language);
}

export function setLanguage(language: LanguageCode): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  void switchTo(language);
}
