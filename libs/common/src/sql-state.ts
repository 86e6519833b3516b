import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE codes the services decide by. */
export const SqlState = {
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
} as const;

/**
 * The SQLSTATE of a failed query, so that services decide by a constraint's code without importing
 * the ORM; undefined for any other error.
 */
export function sqlState(error: unknown): string | undefined {
  return error instanceof QueryFailedError
    ? (error.driverError as { code?: string } | undefined)?.code
    : undefined;
}
