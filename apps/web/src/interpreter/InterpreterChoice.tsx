import { useTranslation } from 'react-i18next';
import { interpreterChoices } from '../booking/logic';
import { languageLabel, type LanguageLabel } from './languageNames';

interface InterpreterChoiceProps {
  /** The type's interpreter languages (BCP 47 tags). */
  languages: readonly string[];
  /** '' for no interpreter. */
  value: string;
  onChange: (language: string) => void;
}

/** A language's own name, with the reader's name for it where that differs ("ትግርኛ – Tigrinya"). */
export function LanguageLabelText({ label }: { label: LanguageLabel }) {
  return (
    <>
      <span lang={label.lang} dir="auto">
        {label.native}
      </span>
      {label.translated ? <span className="muted"> – {label.translated}</span> : null}
    </>
  );
}

/**
 * The client's choice of an interpreter, before the free times: the times then shown are those when
 * an interpreter for the language is free too, and the booking takes both.
 */
export function InterpreterChoice({ languages, value, onChange }: InterpreterChoiceProps) {
  const { t, i18n } = useTranslation('booking');
  const choices = interpreterChoices(
    languages,
    (tag) => languageLabel(tag, i18n.language),
    i18n.language,
  );
  return (
    <fieldset>
      <legend>{t('interpreter.legend')}</legend>
      <p className="field-hint">{t('interpreter.hint')}</p>
      <div className="option-list">
        <label className="option">
          <input
            type="radio"
            name="interpreter-language"
            value=""
            checked={value === ''}
            onChange={() => onChange('')}
          />
          <span>{t('interpreter.none')}</span>
        </label>
        {choices.map((choice) => (
          <label key={choice.tag} className="option">
            <input
              type="radio"
              name="interpreter-language"
              value={choice.tag}
              checked={value === choice.tag}
              onChange={() => onChange(choice.tag)}
            />
            <span>
              <LanguageLabelText label={choice} />
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** "With an interpreter for: ትግርኛ – Tigrinya", above the times that were searched with it. */
export function InterpreterSummary({ language }: { language: string }) {
  const { t, i18n } = useTranslation('booking');
  return (
    <p className="notice">
      {t('interpreter.chosen')} <LanguageLabelText label={languageLabel(language, i18n.language)} />
    </p>
  );
}
