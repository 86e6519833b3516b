import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmButton } from '../ui/ConfirmButton';
import { Field } from '../ui/Field';
import type { Counsellor, StaffAccount } from './api';

/**
 * The fields a counsellor's and an interpreter's form share: their languages, their time zone and
 * the login linked to them. Each form names them in its own words.
 */

/** A two-letter ISO 639-1 code the browser can name. */
export function isLanguageCode(code: string): boolean {
  if (!/^[a-z]{2}$/.test(code)) return false;
  try {
    return (
      new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code) !== undefined
    );
  } catch {
    return true;
  }
}

/**
 * The languages of the form: the ticked ones in the order offered, then the typed ones ("ku, sq");
 * `wrong` lists typed ones that are no language code.
 */
export function chosenLanguages(
  offered: readonly string[],
  ticked: readonly string[],
  typed: string,
): { languages: string[]; wrong: string[] } {
  const others = typed
    .split(/[\s,;]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);
  const ordered = offered.filter((code) => ticked.includes(code));
  return {
    languages: [...new Set([...ordered, ...others])],
    wrong: others.filter((code) => !isLanguageCode(code)),
  };
}

/** The form's starting state of a person's languages: ticked boxes and the rest typed. */
export function initialLanguages(offered: readonly string[], languages: readonly string[]) {
  return {
    ticked: languages.filter((code) => offered.includes(code)),
    typed: languages.filter((code) => !offered.includes(code)).join(', '),
  };
}

/**
 * The logins a roster person may be linked to: of the role their kind takes, not linked to anybody
 * else (the one linked now stays offered).
 */
export function linkableAccounts(
  staff: readonly StaffAccount[],
  people: readonly Counsellor[],
  person: Counsellor | undefined,
  role: 'counsellor' | 'interpreter',
  staffId: string,
): StaffAccount[] {
  const linkedElsewhere = new Set(
    people.filter((p) => p.id !== person?.id && p.staffId).map((p) => p.staffId),
  );
  return staff.filter(
    (account) =>
      account.role === role && (account.id === staffId || !linkedElsewhere.has(account.id)),
  );
}

interface LanguagesFieldsetProps {
  /** Prefix of the ids inside (the error's id is `${id}-error`). */
  id: string;
  legend: string;
  hint?: string;
  offered: readonly string[];
  name: (code: string) => string;
  ticked: string[];
  onTicked: (update: (ticked: string[]) => string[]) => void;
  typed: string;
  onTyped: (typed: string) => void;
  errors: { languages?: string; otherLanguages?: string };
}

/** Checkboxes of the languages most asked for, and a field for any other two-letter codes. */
export function LanguagesFieldset(props: LanguagesFieldsetProps) {
  const { t } = useTranslation('admin');
  const { id, errors } = props;
  return (
    <fieldset aria-describedby={errors.languages ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? <p className="field-hint">{props.hint}</p> : null}
      <div className="checkbox-grid">
        {props.offered.map((code) => (
          <label key={code} className="choice">
            <input
              type="checkbox"
              checked={props.ticked.includes(code)}
              onChange={(event) => {
                const on = event.target.checked;
                props.onTicked((list) => (on ? [...list, code] : list.filter((c) => c !== code)));
              }}
            />
            <span>
              {props.name(code)} <span className="muted">({code})</span>
            </span>
          </label>
        ))}
      </div>
      {errors.languages ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.languages}
        </p>
      ) : null}
      <Field
        label={t('counsellor.otherLanguages')}
        hint={t('counsellor.otherLanguagesHint')}
        error={errors.otherLanguages}
      >
        <input
          value={props.typed}
          autoComplete="off"
          dir="ltr"
          onChange={(event) => props.onTyped(event.target.value)}
        />
      </Field>
    </fieldset>
  );
}

interface TimeZoneFieldProps {
  /** The id of the list of zones the field suggests. */
  listId: string;
  label: string;
  zones: readonly string[];
  value: string;
  onChange: (zone: string) => void;
  error?: string;
}

/** An IANA zone, typed with the browser's zones as suggestions. */
export function TimeZoneField({
  listId,
  label,
  zones,
  value,
  onChange,
  error,
}: TimeZoneFieldProps) {
  const { t } = useTranslation('admin');
  return (
    <>
      <Field label={label} hint={t('counsellor.timeZoneHint')} error={error}>
        <input
          list={listId}
          value={value}
          dir="ltr"
          autoComplete="off"
          onChange={(event) => onChange(event.target.value.trim())}
        />
      </Field>
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

interface LoginFieldProps {
  label: string;
  hint: string;
  /** Said after a deactivated login's name. */
  inactive: string;
  accounts: readonly StaffAccount[];
  value: string;
  onChange: (staffId: string) => void;
  error?: string;
}

/** The login linked to the roster person, or none. */
export function LoginField({
  label,
  hint,
  inactive,
  accounts,
  value,
  onChange,
  error,
}: LoginFieldProps) {
  const { t } = useTranslation('admin');
  return (
    <Field label={label} hint={hint} error={error}>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('counsellor.noStaffAccount')}</option>
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.displayName} ({account.email}){account.active ? '' : ` – ${inactive}`}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface RosterPersonActionsProps {
  person: Counsellor;
  /** The list's path ("/admin/counsellors"): the person's form and roster lie below it. */
  basePath: string;
  /** Where the list's texts are ("admin:counsellors", "interpreter:admin"). */
  texts: string;
  busy: boolean;
  onActive: (active: boolean) => void;
}

/** Whether a roster person is active, as a list shows it. */
export function ActiveStatus({ person, texts }: { person: Counsellor; texts: string }) {
  // The texts of either list: a counsellor's (admin) or an interpreter's (interpreter).
  const { t } = useTranslation(['admin', 'interpreter']);
  return (
    <span className={`status ${person.active ? 'status-ok' : 'status-off'}`}>
      {person.active ? t(`${texts}.isActive`) : t(`${texts}.isInactive`)}
    </span>
  );
}

/** A roster list's row actions: edit, roster, deactivate (asked first) or reactivate. */
export function RosterPersonActions({
  person,
  basePath,
  texts,
  busy,
  onActive,
}: RosterPersonActionsProps) {
  // The texts of either list: a counsellor's (admin) or an interpreter's (interpreter).
  const { t } = useTranslation(['admin', 'interpreter']);
  const name = person.displayName;
  return (
    <div className="row row-tight">
      <Link
        to={`${basePath}/${person.id}`}
        className="btn btn-small"
        aria-label={t(`${texts}.editOf`, { name })}
      >
        {t('common:actions.edit')}
      </Link>
      <Link
        to={`${basePath}/${person.id}/roster`}
        className="btn btn-small"
        aria-label={t(`${texts}.rosterOf`, { name })}
      >
        {t(`${texts}.roster`)}
      </Link>
      {person.active ? (
        <ConfirmButton
          label={t(`${texts}.deactivate`)}
          ariaLabel={t(`${texts}.deactivateOf`, { name })}
          question={t(`${texts}.deactivateQuestion`, { name })}
          disabled={busy}
          onConfirm={() => onActive(false)}
        />
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          aria-label={t(`${texts}.reactivateOf`, { name })}
          onClick={() => onActive(true)}
        >
          {t(`${texts}.reactivate`)}
        </button>
      )}
    </div>
  );
}
