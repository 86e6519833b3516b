import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';

/** The stable codes of the interpreters' management errors (the `code` of the error answer). */
export type InterpreterErrorCode =
  | 'interpreter_not_linkable'
  | 'interpreter_not_found'
  | 'kind_not_changeable'
  | 'pool_holds_interpreters_only'
  | 'staff_account_role_mismatch';

const unprocessable = (
  code: InterpreterErrorCode,
  field: string,
  message: string,
): UnprocessableEntityException =>
  new UnprocessableEntityException({ code, message, details: [{ field, messages: [message] }] });

/** Interpreters are booked beside a counsellor, never as one: they serve no consultation type. */
export const interpreterNotLinkable = (field: string): UnprocessableEntityException =>
  unprocessable(
    'interpreter_not_linkable',
    field,
    'Interpreters cannot be linked to consultation types',
  );

export const kindNotChangeable = (): UnprocessableEntityException =>
  unprocessable(
    'kind_not_changeable',
    'kind',
    'A counsellor cannot become an interpreter or the other way round: create a new one',
  );

/** A pool holds interpreters only: no counsellors, no consultation types. */
export const poolHoldsInterpretersOnly = (field = 'kind'): UnprocessableEntityException =>
  unprocessable(
    'pool_holds_interpreters_only',
    field,
    'An interpreter pool holds interpreters only',
  );

/** An interpreter logs in with an interpreter's account, a counsellor with an admin's or counsellor's. */
export const staffAccountRoleMismatch = (kind: string): UnprocessableEntityException =>
  unprocessable(
    'staff_account_role_mismatch',
    'staffId',
    kind === 'interpreter'
      ? "An interpreter's staff account must have the role interpreter"
      : "A counsellor's staff account must not have the role interpreter",
  );

export const interpreterNotFound = (): NotFoundException =>
  new NotFoundException({
    code: 'interpreter_not_found' satisfies InterpreterErrorCode,
    message: 'No interpreter is linked to this staff account',
  });
