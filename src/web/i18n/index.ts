import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ru from './locales/ru.json';
import ur from './locales/ur.json';
import uz from './locales/uz.json';
import kk from './locales/kk.json';
import ky from './locales/ky.json';
import tg from './locales/tg.json';

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

export function initI18n(): void {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  const pseudo = (window as PseudoWindow).concordPseudoLocale;
  const initial = LANGUAGES.some((l) => l.code === stored) || (pseudo && stored === PSEUDO) ? (stored as string) : 'en';
  void i18next.use(initReactI18next).init({
    resources: {
      ...(pseudo ? { [PSEUDO]: { translation: pseudo } } : {}),
      en: { translation: en },
      ru: { translation: ru },
      ur: { translation: ur },
      uz: { translation: uz },
      kk: { translation: kk },
      ky: { translation: ky },
      tg: { translation: tg },
    },
    lng: initial,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  applyDirection(initial);
  i18next.on('languageChanged', applyDirection);
}

/** The signed-in user's own language applies unless this browser chose one explicitly. */
export function applyUserLanguage(language: string): void {
  if (window.localStorage.getItem(STORAGE_KEY)) return;
  if (LANGUAGES.some((l) => l.code === language) && i18next.language !== language) void i18next.changeLanguage(language);
}

export function setLanguage(language: LanguageCode): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}
