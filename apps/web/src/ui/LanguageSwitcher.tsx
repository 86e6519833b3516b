import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import { LANGUAGES, isLanguage } from '../i18n/languages';

/** Always visible, each language named in itself, so anyone finds their own. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>
        <span aria-hidden="true">🌐 </span>
        {t('language')}
      </label>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </div>
  );
}
