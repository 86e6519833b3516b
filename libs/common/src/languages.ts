import { isISO6391, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Languages people speak in a consultation (counsellors, interpreters, a client's wish), as BCP 47
 * tags: the ISO 639-1 code where one exists, else the ISO 639-3 code. These are the ones without a
 * two-letter code that Berlin's migration counselling asks for, and the sign languages its
 * interpreters work in.
 */
export const SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE = {
  prs: 'Dari',
  kmr: 'Kurmanji',
  ckb: 'Sorani',
  tig: 'Tigre',
  gsg: 'Deutsche Gebärdensprache (DGS)',
  ase: 'American Sign Language',
  bfi: 'British Sign Language',
  ukl: 'Ukrainian Sign Language',
  sgn: 'International Sign',
} as const;

/** Sign languages among the tags: an interpreter for them is seen rather than heard. */
export const SIGN_LANGUAGES: ReadonlySet<string> = new Set(['gsg', 'ase', 'bfi', 'ukl', 'sgn']);

export function isSpokenLanguage(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    (isISO6391(value) || Object.hasOwn(SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE, value))
  );
}

/** A language spoken in a consultation (see SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE). */
export function IsSpokenLanguage(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSpokenLanguage',
      validator: {
        validate: (value) => isSpokenLanguage(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO 639-1 code or one of ${Object.keys(SPOKEN_LANGUAGES_WITHOUT_TWO_LETTER_CODE).join(', ')}`,
      },
    },
    options,
  );
}
