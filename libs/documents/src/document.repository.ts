import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppointmentTransaction, type Actor } from '@app/appointments';
import { DocumentEntity } from './document.entity.js';

export type NewDocument = Pick<
  DocumentEntity,
  | 'id'
  | 'appointmentId'
  | 'uploadedBy'
  | 'fileNameSealed'
  | 'contentType'
  | 'sizeBytes'
  | 'storageKey'
  | 'keyWrapped'
  | 'masterKeyId'
>;

/** Raised inside the upload transaction when the appointment already holds the most documents. */
export class DocumentLimitReached extends Error {
  constructor(readonly count: number) {
    super(`${count} documents`);
  }
}

const notActive = (): UnprocessableEntityException =>
  new UnprocessableEntityException('Documents can only be added to an active appointment');

/** The only place that touches the `document` table; audit entries go through the appointment's. */
@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a document and its audit entry in one transaction, one upload at a time per
   * appointment (the row lock), re-checking under the lock that the appointment is still active
   * and below `maxPerAppointment`: a cancellation, erasure or parallel upload may have committed
   * since the caller looked.
   */
  async insertChecked(
    document: NewDocument,
    maxPerAppointment: number,
    actor: Actor,
    audit: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [locked] = await manager.query<{ status: string; erased: boolean; officeId: string }[]>(
        `SELECT status, personal_data_erased_at IS NOT NULL AS erased, office_id AS "officeId"
           FROM appointment WHERE id = $1 FOR NO KEY UPDATE`,
        [document.appointmentId],
      );
      if (!locked || locked.status === 'cancelled' || locked.erased) throw notActive();
      const [{ count }] = await manager.query<[{ count: number }]>(
        'SELECT count(*)::int AS count FROM document WHERE appointment_id = $1',
        [document.appointmentId],
      );
      if (count >= maxPerAppointment) throw new DocumentLimitReached(count);
      // A document is of its appointment's office (the composite key would refuse any other).
      await manager
        .getRepository(DocumentEntity)
        .insert({ ...document, officeId: locked.officeId });
      await new AppointmentTransaction(manager).audit(
        actor,
        'document.uploaded',
        document.appointmentId,
        audit,
      );
    });
  }

  listFor(appointmentId: string): Promise<DocumentEntity[]> {
    return this.dataSource
      .getRepository(DocumentEntity)
      .find({ where: { appointmentId }, order: { createdAt: 'ASC' } });
  }

  find(appointmentId: string, documentId: string): Promise<DocumentEntity | null> {
    return this.dataSource
      .getRepository(DocumentEntity)
      .findOneBy({ id: documentId, appointmentId });
  }

  async audit(
    actor: Actor,
    action: string,
    appointmentId: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    await new AppointmentTransaction(this.dataSource.manager).audit(
      actor,
      action,
      appointmentId,
      changes,
    );
  }

  /** Deletes the row and writes its audit entry together. */
  async deleteAudited(
    document: DocumentEntity,
    actor: Actor,
    changes: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(DocumentEntity).delete({ id: document.id });
      await new AppointmentTransaction(manager).audit(
        actor,
        'document.deleted',
        document.appointmentId,
        changes,
      );
    });
  }

  /** Documents of appointments whose personal data has been erased (of one, when given). */
  ofErasedAppointments(appointmentId?: string): Promise<{ id: string; storageKey: string }[]> {
    return this.dataSource.query(
      `SELECT d.id, d.storage_key AS "storageKey" FROM document d
         JOIN appointment a ON a.id = d.appointment_id
        WHERE a.personal_data_erased_at IS NOT NULL AND ($1::uuid IS NULL OR a.id = $1)`,
      [appointmentId ?? null],
    );
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.getRepository(DocumentEntity).delete({ id });
  }

  async countWrappedUnderOtherThan(keyId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      'SELECT count(*)::int AS count FROM document WHERE master_key_id <> $1',
      [keyId],
    );
    return count;
  }

  wrappedUnderOtherThan(
    keyId: string,
    limit: number,
  ): Promise<{ id: string; keyWrapped: string; masterKeyId: string }[]> {
    return this.dataSource.query(
      `SELECT id, key_wrapped AS "keyWrapped", master_key_id AS "masterKeyId" FROM document
        WHERE master_key_id <> $1 LIMIT $2`,
      [keyId, limit],
    );
  }

  /** Replaces a wrapped key unless another rotation changed it meanwhile. */
  async replaceWrappedKey(
    id: string,
    currentKeyId: string,
    wrapped: { sealed: string; keyId: string },
  ): Promise<void> {
    await this.dataSource.query(
      'UPDATE document SET key_wrapped = $2, master_key_id = $3 WHERE id = $1 AND master_key_id = $4',
      [id, wrapped.sealed, wrapped.keyId, currentKeyId],
    );
  }
}

/** Contents in the `document_blob` table: no shared file system needed for several API processes. */
@Injectable()
export class DocumentBlobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async put(key: string, data: Buffer): Promise<void> {
    await this.dataSource.query('INSERT INTO document_blob (storage_key, data) VALUES ($1, $2)', [
      key,
      data,
    ]);
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await this.dataSource.query<{ data: Buffer }[]>(
      'SELECT data FROM document_blob WHERE storage_key = $1',
      [key],
    );
    return row?.data ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM document_blob WHERE storage_key = $1', [key]);
  }
}
