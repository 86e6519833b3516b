import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OfficeEntity } from './office.entity.js';

/** The only place that touches the office table. */
@Injectable()
export class OfficeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  findById(id: string): Promise<OfficeEntity | null> {
    return this.em.getRepository(OfficeEntity).findOneBy({ id });
  }

  findBySlug(slug: string): Promise<OfficeEntity | null> {
    return this.em.getRepository(OfficeEntity).findOneBy({ slug });
  }

  /** The instance's first office: the one the migration created from the configuration's defaults. */
  findOldest(): Promise<OfficeEntity | null> {
    return this.em
      .getRepository(OfficeEntity)
      .findOne({ where: {}, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  listActive(): Promise<OfficeEntity[]> {
    return this.em
      .getRepository(OfficeEntity)
      .find({ where: { status: 'active' }, order: { slug: 'ASC' } });
  }
}
