import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any request of ours: 32 levels. */
const MAX_DEPTH = 32;

/** PostgreSQL text cannot hold U+0000 (nor can jsonb): a NUL would fail in the database as a 500. */
const NUL = '\u0000';

/** Why a piece of request text is refused, or undefined when it is fine. */
function textProblem(value: string): { code: string; message: string } | undefined {
  // Node 20 has String.prototype.isWellFormed; TypeScript's ES2023 library does not list it.
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
    return { code: 'invalid_unicode', message: 'Text in the request must be valid Unicode' };
  }
  if (value.includes(NUL)) {
    return {
      code: 'nul_character',
      message: 'Text in the request must not contain the NUL character (U+0000)',
    };
  }
  return undefined;
}

/** The first problem in a parsed body or query, walked iteratively so the check cannot overflow. */
function problemIn(root: unknown): { code: string; message: string } | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return problem;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        return {
          code: 'too_deeply_nested',
          message: `The request is nested deeper than ${MAX_DEPTH} levels`,
        };
      }
      for (const [key, child] of Object.entries(value)) {
        stack.push([key, depth + 1], [child, depth + 1]);
      }
    }
  }
  return undefined;
}

/** The path as route parameters will see it (percent-decoded); a malformed escape is left to the router. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Rejects requests that would hurt the code behind the parser, in the body, the query and the path
 * (route parameters come from it): nesting deeper than any of our requests (class-transformer
 * recurses and runs out of stack at about 1,400 levels), text that is not well-formed Unicode (lone
 * surrogates make validators such as isEmail throw) and NUL characters, which PostgreSQL cannot
 * store. Each answers 400 with its own code.
 */
export function guardBody(request: Request, _response: Response, next: NextFunction): void {
  const problem =
    textProblem(decodedPath(request.path)) ?? problemIn(request.query) ?? problemIn(request.body);
  if (problem) return next(new BadRequestException(problem));
  next();
}
