import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../../i18n';
import type { LanguageCode } from '../../i18n';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      {t('shell.language')}
      <select name="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as LanguageCode)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
