import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppointmentTransaction, type Actor } from '@app/appointments';
import type { EntityManager } from 'typeorm';
import { DocumentEntity, type DocumentOwner } from './document.entity.js';

export type NewDocument = Pick<
  DocumentEntity,
  | 'id'
  | 'uploadedBy'
  | 'fileNameSealed'
  | 'contentType'
  | 'sizeBytes'
  | 'storageKey'
  | 'keyWrapped'
  | 'masterKeyId'
>;

/** Raised inside the upload transaction when the owner already holds the most documents. */
export class DocumentLimitReached extends Error {
  constructor(readonly count: number) {
    super(`${count} documents`);
  }
}

const notActive = (owner: DocumentOwner): UnprocessableEntityException =>
  new UnprocessableEntityException(
    owner.appointmentId
      ? 'Documents can only be added to an active appointment'
      : 'Documents can only be added to a walk-in ticket whose data is still kept',
  );

/** The owner's column and id, for queries that serve both kinds of owner. */
function ownerColumn(owner: DocumentOwner): { column: string; id: string } {
  return owner.appointmentId
    ? { column: 'appointment_id', id: owner.appointmentId }
    : { column: 'walk_in_ticket_id', id: owner.walkInTicketId as string };
}

/**
 * The only place that touches the `document` table; audit entries go through the appointment's
 * (a walk-in ticket's documents are audited under the ticket's office, with the ticket's id).
 */
@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a document and its audit entry in one transaction, one upload at a time per owner (the
   * row lock), re-checking under the lock that the owner is still active (`cancelledToo`: a
   * cancelled appointment's conversation still takes documents until it closes) and below
   * `maxPerOwner`: a cancellation, erasure or parallel upload may have committed since the caller
   * looked.
   */
  async insertChecked(
    document: NewDocument,
    owner: DocumentOwner,
    maxPerOwner: number,
    actor: Actor,
    audit: Record<string, unknown>,
    options: { cancelledToo?: boolean } = {},
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [locked] = owner.appointmentId
        ? await manager.query<{ status: string; erased: boolean; officeId: string }[]>(
            `SELECT status, personal_data_erased_at IS NOT NULL AS erased, office_id AS "officeId"
               FROM appointment WHERE id = $1 FOR NO KEY UPDATE`,
            [owner.appointmentId],
          )
        : await manager.query<{ status: string; erased: boolean; officeId: string }[]>(
            `SELECT status, personal_data_erased_at IS NOT NULL AS erased, office_id AS "officeId"
               FROM walk_in_ticket WHERE id = $1 FOR NO KEY UPDATE`,
            [owner.walkInTicketId],
          );
      if (
        !locked ||
        locked.erased ||
        (owner.appointmentId && locked.status === 'cancelled' && !options.cancelledToo)
      ) {
        throw notActive(owner);
      }
      const { column, id } = ownerColumn(owner);
      const [{ count }] = await manager.query<[{ count: number }]>(
        `SELECT count(*)::int AS count FROM document WHERE ${column} = $1`,
        [id],
      );
      if (count >= maxPerOwner) throw new DocumentLimitReached(count);
      // A document is of its owner's office (the composite key would refuse any other).
      await manager.getRepository(DocumentEntity).insert({
        ...document,
        appointmentId: owner.appointmentId ?? null,
        walkInTicketId: owner.walkInTicketId ?? null,
        officeId: locked.officeId,
      });
      await auditIn(manager, actor, 'document.uploaded', owner, audit);
    });
  }

  listFor(owner: DocumentOwner): Promise<DocumentEntity[]> {
    return this.dataSource
      .getRepository(DocumentEntity)
      .find({ where: ownerWhere(owner), order: { createdAt: 'ASC' } });
  }

  find(owner: DocumentOwner, documentId: string): Promise<DocumentEntity | null> {
    return this.dataSource
      .getRepository(DocumentEntity)
      .findOneBy({ id: documentId, ...ownerWhere(owner) });
  }

  async audit(
    actor: Actor,
    action: string,
    owner: DocumentOwner,
    changes: Record<string, unknown>,
  ): Promise<void> {
    await auditIn(this.dataSource.manager, actor, action, owner, changes);
  }

  /** Deletes the row and writes its audit entry together. */
  async deleteAudited(
    document: DocumentEntity,
    actor: Actor,
    changes: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(DocumentEntity).delete({ id: document.id });
      await auditIn(manager, actor, 'document.deleted', ownerOf(document), changes);
    });
  }

  /**
   * Documents of appointments and walk-in tickets whose personal data has been erased (of one
   * appointment, when given).
   */
  ofErasedOwners(appointmentId?: string): Promise<{ id: string; storageKey: string }[]> {
    return this.dataSource.query(
      `SELECT d.id, d.storage_key AS "storageKey" FROM document d
         JOIN appointment a ON a.id = d.appointment_id
        WHERE a.personal_data_erased_at IS NOT NULL AND ($1::uuid IS NULL OR a.id = $1)
       UNION ALL
       SELECT d.id, d.storage_key AS "storageKey" FROM document d
         JOIN walk_in_ticket t ON t.id = d.walk_in_ticket_id
        WHERE t.personal_data_erased_at IS NOT NULL AND $1::uuid IS NULL`,
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

function ownerWhere(owner: DocumentOwner) {
  return owner.appointmentId
    ? { appointmentId: owner.appointmentId }
    : { walkInTicketId: owner.walkInTicketId };
}

export function ownerOf(
  document: Pick<DocumentEntity, 'appointmentId' | 'walkInTicketId'>,
): DocumentOwner {
  return document.appointmentId
    ? { appointmentId: document.appointmentId }
    : { walkInTicketId: document.walkInTicketId as string };
}

/** An appointment's documents are audited with it; a ticket's under its office, naming the ticket. */
async function auditIn(
  manager: EntityManager,
  actor: Actor,
  action: string,
  owner: DocumentOwner,
  changes: Record<string, unknown>,
): Promise<void> {
  if (owner.appointmentId) {
    await new AppointmentTransaction(manager).audit(actor, action, owner.appointmentId, changes);
    return;
  }
  await manager.query(
    `INSERT INTO audit_event (actor_type, actor_id, action, appointment_id, changes, office_id)
     VALUES ($1, $2, $3, NULL, $4, (SELECT office_id FROM walk_in_ticket WHERE id = $5))`,
    [
      actor.type,
      actor.id,
      action,
      JSON.stringify({ ...changes, ticketId: owner.walkInTicketId }),
      owner.walkInTicketId,
    ],
  );
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
