import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** The most family members one outcome records (the API's limit). */
const MAX_FAMILY_MEMBERS = 20;

/**
 * How many family members were counselled with the client, recorded with a consultation that took
 * place: funders count them (anonymous statistics). Empty: not recorded.
 */
export function FamilyMembersField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation('staff');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('outcome.familyMembers')}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t('outcome.familyMembersHint')}
      </p>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_FAMILY_MEMBERS}
        step={1}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** The field's value as the API takes it: a whole number 0–20, else null (not recorded). */
export function familyMembersOf(value: string): number | null {
  const count = Number(value);
  return value.trim() !== '' && Number.isInteger(count) && count >= 0 && count <= MAX_FAMILY_MEMBERS
    ? count
    : null;
}
