import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any request of ours: 32 levels. */
const MAX_DEPTH = 32;

/**
 * Rejects request bodies that would hurt the code behind the parser: nesting deeper than any of
 * our requests (class-transformer recurses and runs out of stack at about 1,400 levels) and text
 * that is not well-formed Unicode (lone surrogates make validators such as isEmail throw).
 * Iterative, so the check itself cannot overflow.
 */
export function guardBody(request: Request, _response: Response, next: NextFunction): void {
  const stack: [unknown, number][] = [[request.body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value === 'string') {
      // Node 20 has String.prototype.isWellFormed; TypeScript's ES2023 library does not list it.
      if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
        return next(new BadRequestException('Text in the request must be valid Unicode'));
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        return next(
          new BadRequestException(`The request is nested deeper than ${MAX_DEPTH} levels`),
        );
      }
      for (const [key, child] of Object.entries(value)) {
        stack.push([key, depth + 1], [child, depth + 1]);
      }
    }
  }
  next();
}
