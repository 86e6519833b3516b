import { useEffect, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useTopics, type LocalizedText, type Topic } from '../admin/api';
import { useLanguageName } from '../admin/ui';
import { errorCode } from '../api/client';
import { useFieldTexts } from '../api/errors';
import { LANGUAGES } from '../i18n/languages';
import { Field } from '../ui/Field';
import type { CreateOfficeRequest, PlatformOffice } from './api';

/**
 * The office form of the platform admin (new and edit) and of an office admin (their own office's
 * settings): one set of fields, one set of checks. An office admin does not edit the office's
 * identity (slug and name), so those fields show only with `identity`.
 */

/** An office's fields as the form holds them: texts as typed, the languages as one line. */
export interface OfficeValues {
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  district: string;
  address: string;
  contactEmail: string;
  contactPhone: string;
  timeZone: string;
  holidayRegion: string;
  country: string;
  languages: string;
  topics: Topic[];
  privacyController: string;
  privacyContact: string;
  retentionDays: string;
}

/** An office's fields as the API takes them (CreateOfficeDto without the first admin). */
export type OfficeBody = Omit<CreateOfficeRequest, 'firstAdmin'>;

/** The fields of an office as the API answers (platform admin and office settings alike). */
export type StoredOffice = Pick<PlatformOffice, keyof OfficeBody>;

const MAIN_LANGUAGES = ['de', 'en'];
const MORE_LANGUAGES = LANGUAGES.map((l) => l.code as string).filter(
  (code) => !MAIN_LANGUAGES.includes(code),
);
/** As the API checks them (OFFICE_SLUG_PATTERN, the holiday region and country formats). */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HOLIDAY_REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE_CODE = /^[a-z]{2}$/;
export const RETENTION_DAYS = { min: 1, max: 3650 };

/** A new office in Berlin until the platform admin says otherwise. */
export const NEW_OFFICE: OfficeValues = {
  slug: '',
  name: {},
  description: {},
  district: '',
  address: '',
  contactEmail: '',
  contactPhone: '',
  timeZone: 'Europe/Berlin',
  holidayRegion: 'DE-BE',
  country: 'DE',
  languages: 'de',
  topics: [],
  privacyController: '',
  privacyContact: '',
  retentionDays: '30',
};

export function officeValues(office: StoredOffice): OfficeValues {
  return {
    slug: office.slug,
    name: office.name,
    description: office.description,
    district: office.district ?? '',
    address: office.address ?? '',
    contactEmail: office.contactEmail ?? '',
    contactPhone: office.contactPhone ?? '',
    timeZone: office.timeZone,
    holidayRegion: office.holidayRegion,
    country: office.country,
    languages: office.languages.join(', '),
    topics: office.topics,
    privacyController: office.privacyController,
    privacyContact: office.privacyContact,
    retentionDays: String(office.retentionDays),
  };
}

const parseLanguages = (line: string): string[] => [
  ...new Set(
    line
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((code) => code.toLowerCase()),
  ),
];

/** Texts without the empty languages. */
const clean = (text: LocalizedText): LocalizedText =>
  Object.fromEntries(
    Object.entries(text)
      .map(([code, value]) => [code, value.trim()] as const)
      .filter(([, value]) => value.length > 0),
  );

/** Empty optional fields are cleared (null), not stored as empty text. */
const optional = (text: string): string | null => text.trim() || null;

/** The body for the API; only meaningful once officeProblems() found nothing. */
export function officeBody(values: OfficeValues): OfficeBody {
  return {
    slug: values.slug.trim(),
    name: clean(values.name),
    description: clean(values.description),
    district: optional(values.district),
    address: optional(values.address),
    contactEmail: optional(values.contactEmail),
    contactPhone: optional(values.contactPhone),
    timeZone: values.timeZone.trim(),
    holidayRegion: values.holidayRegion.trim().toUpperCase(),
    country: values.country.trim().toUpperCase(),
    languages: parseLanguages(values.languages),
    topics: values.topics,
    privacyController: values.privacyController.trim(),
    privacyContact: values.privacyContact.trim(),
    retentionDays: Number(values.retentionDays),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** The checks the browser can make before sending: field → text (the API checks again). */
export function useOfficeProblems(): (
  values: OfficeValues,
  identity: boolean,
) => Record<string, string> {
  const { t } = useTranslation('platform');
  return (values, identity) => {
    const body = officeBody(values);
    const problems: Record<string, string> = {};
    if (identity) {
      if (body.slug.length < 2 || body.slug.length > 40 || !SLUG.test(body.slug))
        problems.slug = t('validation.slug');
      if (!body.name.de) problems.name = t('validation.name');
    }
    if (!isTimeZone(body.timeZone)) problems.timeZone = t('validation.timeZone');
    if (!HOLIDAY_REGION.test(body.holidayRegion))
      problems.holidayRegion = t('validation.holidayRegion');
    if (!COUNTRY.test(body.country)) problems.country = t('validation.country');
    if (body.languages.some((code) => !LANGUAGE_CODE.test(code)))
      problems.languages = t('validation.languages');
    if (body.contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.contactEmail))
      problems.contactEmail = t('validation.contactEmail');
    if (!body.privacyController) problems.privacyController = t('validation.privacyController');
    if (!body.privacyContact) problems.privacyContact = t('validation.privacyContact');
    if (
      !Number.isInteger(body.retentionDays) ||
      body.retentionDays < RETENTION_DAYS.min ||
      body.retentionDays > RETENTION_DAYS.max
    )
      problems.retentionDays = t('validation.retentionDays');
    return problems;
  };
}

/**
 * The fields the API's answer names, with this form's texts; a taken slug or admin email (409,
 * decided by the error's code) at its field.
 */
export function useOfficeErrors(error: unknown): Record<string, string> {
  const { t } = useTranslation('platform');
  const fields = useFieldTexts(error, 'platform');
  const code = errorCode(error);
  if (code === 'office_slug_taken') return { ...fields, slug: t('errors.slugTaken') };
  if (code === 'staff_email_taken') return { ...fields, email: t('errors.emailTaken') };
  return fields;
}

/** The error notice's text for a refused save: the conflicts by their code, the rest as usual. */
export function officeErrorOverrides(error: unknown): Record<number, string> {
  const code = errorCode(error);
  if (code === 'office_slug_taken') return { 409: 'platform:errors.slugTaken' };
  if (code === 'staff_email_taken') return { 409: 'platform:errors.emailTaken' };
  return {};
}

/**
 * After a refused save, focus goes to the first field in error (else the error notice), so a
 * keyboard or screen-reader user lands on what to fix. `failure` changes with every refusal.
 */
export function useFocusFirstError(
  form: RefObject<HTMLFormElement | null>,
  failure: unknown,
): void {
  useEffect(() => {
    if (!failure) return;
    form.current
      ?.querySelector<HTMLElement>('[aria-invalid="true"], .notice-error[tabindex="-1"]')
      ?.focus();
  }, [form, failure]);
}

interface OfficeFieldsProps {
  values: OfficeValues;
  onChange: (change: Partial<OfficeValues>) => void;
  errors: Record<string, string>;
  /** The slug and name too (the platform admin's); an office admin sees them elsewhere. */
  identity: boolean;
}

/** The office's fields in sections; the caller owns the <form>, its submit button and messages. */
export function OfficeFields({ values, onChange, errors, identity }: OfficeFieldsProps) {
  const { t } = useTranslation('platform');
  const languageName = useLanguageName();
  const topics = useTopics();
  const chosenLanguages = parseLanguages(values.languages).filter((code) =>
    LANGUAGE_CODE.test(code),
  );
  const hasMore = MORE_LANGUAGES.some((code) => values.name[code] || values.description[code]);

  const texts = (code: string): ReactNode => (
    <fieldset key={code} lang={code}>
      <legend>{languageName(code)}</legend>
      <div className="stack">
        {identity ? (
          <Field
            label={t('form.nameIn', { language: languageName(code) })}
            error={code === 'de' ? errors.name : undefined}
          >
            <input
              value={values.name[code] ?? ''}
              maxLength={200}
              dir="auto"
              onChange={(event) =>
                onChange({ name: { ...values.name, [code]: event.target.value } })
              }
            />
          </Field>
        ) : null}
        <Field
          label={t('form.descriptionIn', { language: languageName(code) })}
          error={code === 'de' ? errors.description : undefined}
        >
          <textarea
            rows={3}
            maxLength={1000}
            dir="auto"
            value={values.description[code] ?? ''}
            onChange={(event) =>
              onChange({ description: { ...values.description, [code]: event.target.value } })
            }
          />
        </Field>
      </div>
    </fieldset>
  );

  return (
    <>
      {identity ? (
        <section className="card stack" aria-labelledby="office-identity">
          <h2 id="office-identity">{t('form.identity')}</h2>
          <Field label={t('form.slug')} hint={t('form.slugHint')} error={errors.slug}>
            <input
              value={values.slug}
              maxLength={40}
              dir="ltr"
              autoCapitalize="none"
              spellCheck={false}
              className="narrow-field"
              onChange={(event) => onChange({ slug: event.target.value })}
            />
          </Field>
        </section>
      ) : null}

      <section className="card stack" aria-labelledby="office-texts">
        <h2 id="office-texts">{identity ? t('form.texts') : t('form.descriptionTitle')}</h2>
        <p className="muted">{identity ? t('form.textsHint') : t('form.descriptionHint')}</p>
        <div className="grid-2">{MAIN_LANGUAGES.map(texts)}</div>
        <details open={hasMore}>
          <summary>{t('form.moreLanguages')}</summary>
          <div className="grid-2">{MORE_LANGUAGES.map(texts)}</div>
        </details>
      </section>

      <section className="card stack" aria-labelledby="office-place">
        <h2 id="office-place">{t('form.place')}</h2>
        <div className="form-grid">
          <Field label={t('form.district')} hint={t('form.districtHint')} error={errors.district}>
            <input
              value={values.district}
              maxLength={120}
              dir="auto"
              onChange={(event) => onChange({ district: event.target.value })}
            />
          </Field>
          <Field label={t('form.address')} hint={t('form.addressHint')} error={errors.address}>
            <input
              value={values.address}
              maxLength={300}
              dir="auto"
              autoComplete="off"
              onChange={(event) => onChange({ address: event.target.value })}
            />
          </Field>
          <Field label={t('form.contactEmail')} error={errors.contactEmail}>
            <input
              type="email"
              value={values.contactEmail}
              maxLength={254}
              dir="ltr"
              autoComplete="off"
              onChange={(event) => onChange({ contactEmail: event.target.value })}
            />
          </Field>
          <Field label={t('form.contactPhone')} error={errors.contactPhone}>
            <input
              type="tel"
              value={values.contactPhone}
              maxLength={40}
              dir="ltr"
              autoComplete="off"
              onChange={(event) => onChange({ contactPhone: event.target.value })}
            />
          </Field>
        </div>
      </section>

      <section className="card stack" aria-labelledby="office-region">
        <h2 id="office-region">{t('form.region')}</h2>
        <div className="form-grid">
          <Field label={t('form.timeZone')} hint={t('form.timeZoneHint')} error={errors.timeZone}>
            <input
              value={values.timeZone}
              maxLength={64}
              dir="ltr"
              spellCheck={false}
              onChange={(event) => onChange({ timeZone: event.target.value })}
            />
          </Field>
          <Field
            label={t('form.holidayRegion')}
            hint={t('form.holidayRegionHint')}
            error={errors.holidayRegion}
          >
            <input
              value={values.holidayRegion}
              maxLength={6}
              dir="ltr"
              spellCheck={false}
              onChange={(event) => onChange({ holidayRegion: event.target.value })}
            />
          </Field>
          <Field label={t('form.country')} hint={t('form.countryHint')} error={errors.country}>
            <input
              value={values.country}
              maxLength={2}
              dir="ltr"
              spellCheck={false}
              onChange={(event) => onChange({ country: event.target.value })}
            />
          </Field>
        </div>
      </section>

      <section className="card stack" aria-labelledby="office-offer">
        <h2 id="office-offer">{t('form.offer')}</h2>
        <Field
          label={t('form.languages')}
          hint={[
            t('form.languagesHint'),
            chosenLanguages.length > 0 ? `= ${chosenLanguages.map(languageName).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' ')}
          error={errors.languages}
        >
          <input
            value={values.languages}
            dir="ltr"
            spellCheck={false}
            onChange={(event) => onChange({ languages: event.target.value })}
          />
        </Field>
        <fieldset>
          <legend>{t('form.topics')}</legend>
          <div className="checkbox-grid">
            {(topics.data ?? []).map((topic) => {
              const code = topic.code;
              return (
                <label key={code} className="choice">
                  <input
                    type="checkbox"
                    checked={values.topics.includes(code)}
                    aria-invalid={errors.topics ? true : undefined}
                    onChange={(event) =>
                      onChange({
                        topics: event.target.checked
                          ? [...values.topics, code]
                          : values.topics.filter((one) => one !== code),
                      })
                    }
                  />
                  {topic.name}
                </label>
              );
            })}
          </div>
          {errors.topics ? <p className="field-error">{errors.topics}</p> : null}
        </fieldset>
      </section>

      <section className="card stack" aria-labelledby="office-privacy">
        <h2 id="office-privacy">{t('form.privacy')}</h2>
        <p className="muted">{t('form.privacyHint')}</p>
        <Field
          label={t('form.privacyController')}
          hint={t('form.privacyControllerHint')}
          error={errors.privacyController}
        >
          <textarea
            rows={2}
            maxLength={500}
            dir="auto"
            value={values.privacyController}
            onChange={(event) => onChange({ privacyController: event.target.value })}
          />
        </Field>
        <Field
          label={t('form.privacyContact')}
          hint={t('form.privacyContactHint')}
          error={errors.privacyContact}
        >
          <input
            value={values.privacyContact}
            maxLength={500}
            dir="auto"
            onChange={(event) => onChange({ privacyContact: event.target.value })}
          />
        </Field>
        <Field
          label={t('form.retentionDays')}
          hint={t('form.retentionDaysHint', RETENTION_DAYS)}
          error={errors.retentionDays}
        >
          <input
            type="number"
            inputMode="numeric"
            min={RETENTION_DAYS.min}
            max={RETENTION_DAYS.max}
            step={1}
            className="narrow-field"
            value={values.retentionDays}
            onChange={(event) => onChange({ retentionDays: event.target.value })}
          />
        </Field>
      </section>
    </>
  );
}
