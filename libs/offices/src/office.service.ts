import { Injectable } from '@nestjs/common';
import type { OfficeEntity } from './office.entity.js';
import { officeNotFound } from './office-errors.js';
import { OfficeRepository } from './office.repository.js';

/** Offices as clients and the rest of the system see them (managing them comes with the platform admin). */
@Injectable()
export class OfficeService {
  constructor(private readonly offices: OfficeRepository) {}

  /** Offices clients may find: active counselling offices only (never an interpreter pool). */
  listActive(): Promise<OfficeEntity[]> {
    return this.offices.listActive();
  }

  /**
   * An active office by its slug; unknown and suspended slugs are refused alike, and so are
   * interpreter pools, which clients never see (directory, office page, searches, share links).
   */
  async getActiveBySlugOrThrow(slug: string): Promise<OfficeEntity> {
    const office = await this.offices.findBySlug(slug);
    if (!office || office.status !== 'active' || office.kind !== 'office') throw officeNotFound();
    return office;
  }

  /** Any office, suspended too (staff and jobs of a suspended office still reach their data). */
  async getOrThrow(id: string): Promise<OfficeEntity> {
    const office = await this.offices.findById(id);
    if (!office) throw officeNotFound();
    return office;
  }

  /**
   * The default office: the instance's first, created by the migration from OFFICE_TIME_ZONE,
   * HOLIDAY_REGION, OFFICE_COUNTRY and RETENTION_DAYS. The demo seed and the single-office web app
   * use it; the migration guarantees it exists.
   */
  async getDefault(): Promise<OfficeEntity> {
    const office = await this.offices.findOldest();
    if (!office) throw new Error('No office exists: run the migrations');
    return office;
  }
}
