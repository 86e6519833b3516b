import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE codes the services decide by. */
export const SqlState = {
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  deadlockDetected: '40P01',
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

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock's victim (it was rolled back
 * whole, so running it again is safe). The appointment writes lock the people they book in one
 * order so that they do not deadlock each other; this is the backstop for any other pair of
 * transactions that meets in a cycle: the retry meets the winner's committed row.
 */
export async function retryDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || sqlState(error) !== SqlState.deadlockDetected) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
