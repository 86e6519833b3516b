import { ForbiddenException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InterpreterPoolRepository, type PoolChoice } from './interpreter-pool.repository.js';
import { OfficeRepository } from './office.repository.js';

/** Who chooses pools: an admin of a counselling office (the route's role says admin). */
export interface PoolChooser {
  staffId: string;
  role: string;
  officeId: string | null;
}

export type InterpreterPoolErrorCode = 'interpreter_pool_not_found' | 'not_a_counselling_office';

/** A pool id that is unknown, not a pool, suspended or the office itself: all answered alike. */
export function interpreterPoolNotFound(): UnprocessableEntityException {
  // The ids are not repeated: the answer tells nothing about what else an id might be.
  const message = 'Some of poolIds are not active interpreter pools';
  return new UnprocessableEntityException({
    code: 'interpreter_pool_not_found' satisfies InterpreterPoolErrorCode,
    message,
    details: [{ field: 'poolIds', messages: [message] }],
  });
}

/**
 * The interpreter pools an office may book interpreters from. Only an admin of a counselling
 * office chooses; a pool chooses no pools.
 */
@Injectable()
export class InterpreterPoolService {
  constructor(
    private readonly pools: InterpreterPoolRepository,
    private readonly offices: OfficeRepository,
  ) {}

  /** Every active pool, with whether the principal's office chose it. */
  async list(principal: PoolChooser): Promise<PoolChoice[]> {
    const officeId = await this.assertCanChooseOrThrow(principal);
    return this.pools.activePools(officeId);
  }

  /** Replaces the chosen pools by these (an empty list chooses none). */
  async choose(principal: PoolChooser, poolIds: string[]): Promise<PoolChoice[]> {
    const officeId = await this.assertCanChooseOrThrow(principal);
    const unique = [...new Set(poolIds)];
    const pools = await this.pools.activePoolIds(unique);
    if (unique.some((id) => !pools.has(id))) throw interpreterPoolNotFound();
    await this.pools.replace(officeId, unique, principal.staffId);
    return this.pools.activePools(officeId);
  }

  private async assertCanChooseOrThrow(principal: PoolChooser): Promise<string> {
    if (principal.role !== 'admin' || principal.officeId === null)
      throw new ForbiddenException('This needs the role admin');
    const office = await this.offices.findById(principal.officeId);
    if (!office || office.kind !== 'office')
      throw new ForbiddenException({
        code: 'not_a_counselling_office' satisfies InterpreterPoolErrorCode,
        message: 'Only counselling offices choose interpreter pools',
      });
    return office.id;
  }
}
