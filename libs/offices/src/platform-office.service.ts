import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import type { OfficeEntity, OfficeStatus } from './office.entity.js';
import { OFFICE_SLUG_CONSTRAINT, officeNotFound, officeSlugTaken } from './office-errors.js';
import {
  OfficeRepository,
  violatedConstraint,
  type OfficeFields,
  type OfficeWithCounts,
} from './office.repository.js';

/** A platform admin's change of an office: any of its fields, and its status. */
export type OfficeChanges = Partial<OfficeFields> & { status?: OfficeStatus };

/**
 * Offices as the platform admin runs them: all of them, suspended ones too. Suspending an office
 * only changes its status: clients no longer find it (OfficeService.listActive and the slot searches
 * read the status), and every record stays. Callers are platform admins (the route's role).
 */
@Injectable()
export class PlatformOfficeService {
  constructor(
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
  ) {}

  list(): Promise<OfficeWithCounts[]> {
    return this.offices.listWithCounts(this.clock.now());
  }

  async getOrThrow(id: string): Promise<OfficeWithCounts> {
    const found = await this.offices.findWithCounts(id, this.clock.now());
    if (!found) throw officeNotFound();
    return found;
  }

  /** Applies the changes and records who made them (old and new values) in the office's audit trail. */
  async update(actorId: string, id: string, changes: OfficeChanges): Promise<OfficeWithCounts> {
    try {
      await this.offices.transaction(async (tx) => {
        const office = await tx.findForUpdate(id);
        if (!office) throw officeNotFound();
        const changed = changedFields(office, changes);
        if (Object.keys(changed).length === 0) return;
        await tx.update(id, changes);
        await tx.audit({ officeId: id, actorId, action: 'office.updated', changes: changed });
      });
    } catch (error) {
      throw asSlugConflict(error);
    }
    return this.getOrThrow(id);
  }
}

/** Slug conflicts answer 409 office_slug_taken; every other error passes unchanged. */
export function asSlugConflict(error: unknown): unknown {
  return violatedConstraint(error) === OFFICE_SLUG_CONSTRAINT ? officeSlugTaken() : error;
}

/** { field: { from, to } } for the fields whose value really changes. */
function changedFields(
  office: OfficeEntity,
  changes: OfficeChanges,
): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(changes)) {
    const from = office[key as keyof OfficeEntity];
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to))
      changed[key] = { from, to };
  }
  return changed;
}
