import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './client';

/**
 * Per-status overrides of the general messages, as translation keys ("booking:errors.taken").
 * Keys are looked up with the `common` namespace as default.
 */
export type ErrorKeys = Partial<Record<number, string>>;

/** The translation key for an error: the caller's key for its status, else a general one. */
export function errorKey(error: unknown, overrides: ErrorKeys = {}): string {
  if (!(error instanceof ApiError)) return 'common:errors.unexpected';
  const override = overrides[error.status];
  if (override) return override;
  if (error.status === 0) return 'common:errors.network';
  if (error.status === 400) return 'common:errors.invalid';
  if (error.status === 401) return 'common:errors.unauthorized';
  if (error.status === 403) return 'common:errors.forbidden';
  if (error.status === 404) return 'common:errors.notFound';
  if (error.status === 409) return 'common:errors.conflict';
  if (error.status === 413) return 'common:errors.tooLarge';
  if (error.status === 422) return 'common:errors.notPossible';
  if (error.status === 429) return 'common:errors.tooMany';
  if (error.status >= 500) return 'common:errors.server';
  return 'common:errors.unexpected';
}

/**
 * Turns any failure into a sentence in the user's language: never a stack, a status code or raw JSON.
 * The request id is offered as a reference for support.
 */
export function useErrorMessage(): (error: unknown, overrides?: ErrorKeys) => string {
  const { t } = useTranslation('common');
  return useCallback(
    (error: unknown, overrides: ErrorKeys = {}) => {
      const key = errorKey(error, overrides);
      const wait =
        error instanceof ApiError && error.retryAfterSeconds
          ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60))
          : 1;
      const message = t(key, { minutes: wait });
      const requestId = error instanceof ApiError ? error.body?.requestId : undefined;
      return requestId && error instanceof ApiError && error.status >= 500
        ? `${message} ${t('errors.reference', { id: requestId.slice(0, 8) })}`
        : message;
    },
    [t],
  );
}

/**
 * The fields a 400 answer names (field → "Please check this entry." in the user's language). The
 * API's own per-field texts are English for developers; a form may show its own, more precise text.
 */
export function useFieldErrors(error: unknown): Record<string, string> {
  const { t } = useTranslation('common');
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  return Object.fromEntries(
    (error.body?.details ?? []).map((detail) => [detail.field, t('errors.field')]),
  );
}

/**
 * The one field-error helper: the fields a 400 answer names ("contact.value" and "rules[2]" count as
 * "contact" and "rules"), each with the text `<namespace>:validation.<field>`, or the namespace's
 * `validation.generic` where it has none for that field. The API's own texts are English developer
 * messages; the page shows its own.
 */
export function useFieldTexts(error: unknown, namespace: string): Record<string, string> {
  const { t } = useTranslation(namespace);
  const fields = Object.keys(useFieldErrors(error)).map((field) =>
    field.split('.')[0].replace(/\[\d+\]$/, ''),
  );
  return Object.fromEntries(
    fields.map((field) => [
      field,
      t(`validation.${field}`, { defaultValue: t('validation.generic') }),
    ]),
  );
}
