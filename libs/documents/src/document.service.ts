import {
  BadRequestException,
  ConflictException,
  GoneException,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fileTypeFromBuffer } from 'file-type';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { AppointmentTransaction, type Actor, type AppointmentEntity } from '@app/appointments';
import { DataCipher, type KeyRing } from '@app/common';
import { AppConfig } from '@app/config';
import { DocumentEntity } from './document.entity.js';
import { InjectDocumentStore, type DocumentStore } from './document-store.js';

/** PDF, JPEG and PNG, recognised by their content. */
export const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export interface DocumentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: 'client' | 'counsellor';
  createdAt: Date;
}

export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A readable, harmless file name: no path, no control characters, not too long. */
function cleanName(name: string, extension: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 150) || 'document';
  return `${stem}.${extension}`;
}

/**
 * Documents of an appointment, encrypted at rest: each file with its own random AES-256-GCM key
 * (the document's id as associated data, so a blob cannot be passed off as another document), the
 * key wrapped by the current master key. Every upload, download and deletion is audited, with ids
 * and types only.
 */
@Injectable()
export class DocumentService {
  private readonly logger = new Logger(DocumentService.name);
  private readonly keys: KeyRing;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectDocumentStore() private readonly store: DocumentStore,
    private readonly config: AppConfig,
  ) {
    this.keys = config.keyRing;
  }

  async upload(
    appointment: AppointmentEntity,
    uploadedBy: 'client' | 'counsellor',
    actor: Actor,
    file: UploadedFile | undefined,
  ): Promise<DocumentView> {
    if (!file || file.buffer.length === 0) {
      throw new BadRequestException('Send one file in the form field "file"');
    }
    if (appointment.status === 'cancelled' || appointment.personalDataErasedAt) {
      throw new UnprocessableEntityException(
        'Documents can only be added to an active appointment',
      );
    }
    const detected = await fileTypeFromBuffer(file.buffer);
    const extension = detected ? DOCUMENT_TYPES[detected.mime] : undefined;
    if (!detected || !extension) {
      throw new UnsupportedMediaTypeException('Only PDF, JPEG and PNG files can be uploaded');
    }
    const id = randomUUID();
    const fileKey = randomBytes(32);
    const fileName = cleanName(file.originalname, extension);
    const wrapped = this.keys.seal(fileKey);
    const storageKey = randomBytes(24).toString('base64url');
    await this.store.put(storageKey, this.encrypt(fileKey, id, file.buffer));
    try {
      await this.dataSource.transaction(async (manager) => {
        // One upload at a time per appointment, so that the count limit holds.
        const [locked] = await manager.query<{ status: string; erased: boolean }[]>(
          `SELECT status, personal_data_erased_at IS NOT NULL AS erased FROM appointment
            WHERE id = $1 FOR NO KEY UPDATE`,
          [appointment.id],
        );
        // Checked again under the lock: a cancellation or erasure may have committed meanwhile.
        if (!locked || locked.status === 'cancelled' || locked.erased) {
          throw new UnprocessableEntityException(
            'Documents can only be added to an active appointment',
          );
        }
        const [{ count }] = await manager.query<[{ count: number }]>(
          'SELECT count(*)::int AS count FROM document WHERE appointment_id = $1',
          [appointment.id],
        );
        if (count >= this.config.DOCUMENT_MAX_PER_APPOINTMENT) {
          throw new ConflictException(
            `This appointment already has ${count} documents, the most allowed. Delete one first.`,
          );
        }
        await manager.getRepository(DocumentEntity).insert({
          id,
          appointmentId: appointment.id,
          uploadedBy,
          fileNameSealed: new DataCipher(fileKey.toString('base64')).encrypt(Buffer.from(fileName)),
          contentType: detected.mime,
          sizeBytes: file.buffer.length,
          storageKey,
          keyWrapped: wrapped.sealed,
          masterKeyId: wrapped.keyId,
        });
        await new AppointmentTransaction(manager).audit(
          actor,
          'document.uploaded',
          appointment.id,
          {
            documentId: id,
            contentType: detected.mime,
            sizeBytes: file.buffer.length,
            uploadedBy,
          },
        );
      });
    } catch (error) {
      await this.store.delete(storageKey);
      throw error;
    }
    return {
      id,
      fileName,
      contentType: detected.mime,
      sizeBytes: file.buffer.length,
      uploadedBy,
      createdAt: new Date(),
    };
  }

  async list(appointmentId: string): Promise<DocumentView[]> {
    const rows = await this.dataSource
      .getRepository(DocumentEntity)
      .find({ where: { appointmentId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => {
      try {
        return this.view(row, this.fileKey(row));
      } catch (error) {
        // A key wrapped by a master key this process does not have (mid-rotation): list it anyway.
        this.logger.error(
          { documentId: row.id, error: String(error) },
          'document key cannot be unwrapped',
        );
        return { ...this.view(row, null), fileName: '' };
      }
    });
  }

  /** The decrypted content; the download is audited. A damaged file answers 410, never garbage. */
  async download(
    appointmentId: string,
    documentId: string,
    actor: Actor,
  ): Promise<{ document: DocumentView; content: Buffer }> {
    const row = await this.find(appointmentId, documentId);
    const fileKey = this.fileKey(row);
    const sealed = await this.store.get(row.storageKey);
    let content: Buffer;
    try {
      if (!sealed) throw new Error('missing');
      content = this.decrypt(fileKey, row.id, sealed);
    } catch {
      this.logger.error(
        { documentId: row.id },
        'document content missing or failed authentication',
      );
      throw new GoneException(
        'This document is damaged and cannot be opened. Please upload it again.',
      );
    }
    await new AppointmentTransaction(this.dataSource.manager).audit(
      actor,
      'document.downloaded',
      appointmentId,
      {
        documentId: row.id,
      },
    );
    return { document: this.view(row, fileKey), content };
  }

  async remove(appointmentId: string, documentId: string, actor: Actor): Promise<void> {
    const row = await this.find(appointmentId, documentId);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(DocumentEntity).delete({ id: row.id });
      await new AppointmentTransaction(manager).audit(actor, 'document.deleted', appointmentId, {
        documentId: row.id,
      });
    });
    await this.store.delete(row.storageKey);
  }

  /**
   * Deletes the documents of appointments whose personal data has been erased: each file first,
   * then its row, so that a crash in between leaves a row to retry from, never an orphaned file.
   * Idempotent.
   */
  async purgeErased(appointmentId?: string): Promise<number> {
    const rows = await this.dataSource.query<{ id: string; storage_key: string }[]>(
      `SELECT d.id, d.storage_key FROM document d JOIN appointment a ON a.id = d.appointment_id
        WHERE a.personal_data_erased_at IS NOT NULL AND ($1::uuid IS NULL OR a.id = $1)`,
      [appointmentId ?? null],
    );
    for (const row of rows) {
      await this.store.delete(row.storage_key);
      await this.dataSource.query('DELETE FROM document WHERE id = $1', [row.id]);
    }
    if (rows.length > 0) {
      this.logger.log({ deleted: rows.length }, 'documents of erased appointments deleted');
    }
    return rows.length;
  }

  /** Documents whose key is still wrapped by an older master key. */
  async wrappedUnderOldKeys(): Promise<number> {
    const [{ count }] = await this.dataSource.query<[{ count: number }]>(
      'SELECT count(*)::int AS count FROM document WHERE master_key_id <> $1',
      [this.keys.currentId],
    );
    return count;
  }

  /** After a master-key rotation: re-wraps every document key under the current master key. */
  async rewrapKeys(): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const rows = await this.dataSource.query<
        { id: string; key_wrapped: string; master_key_id: string }[]
      >('SELECT id, key_wrapped, master_key_id FROM document WHERE master_key_id <> $1 LIMIT 500', [
        this.keys.currentId,
      ]);
      if (rows.length === 0) return rewrapped;
      for (const row of rows) {
        const wrapped = this.keys.seal(this.keys.open(row.master_key_id, row.key_wrapped));
        await this.dataSource.query(
          'UPDATE document SET key_wrapped = $2, master_key_id = $3 WHERE id = $1 AND master_key_id = $4',
          [row.id, wrapped.sealed, wrapped.keyId, row.master_key_id],
        );
        rewrapped += 1;
      }
    }
  }

  private async find(appointmentId: string, documentId: string): Promise<DocumentEntity> {
    const row = await this.dataSource
      .getRepository(DocumentEntity)
      .findOneBy({ id: documentId, appointmentId });
    if (!row) throw new NotFoundException('Document not found');
    return row;
  }

  private fileKey(row: DocumentEntity): Buffer {
    return this.keys.open(row.masterKeyId, row.keyWrapped);
  }

  private view(row: DocumentEntity, fileKey: Buffer | null): DocumentView {
    return {
      id: row.id,
      fileName: fileKey
        ? new DataCipher(fileKey.toString('base64')).decrypt(row.fileNameSealed).toString()
        : '',
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      uploadedBy: row.uploadedBy,
      createdAt: row.createdAt,
    };
  }

  private encrypt(key: Buffer, documentId: string, plaintext: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(documentId));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  private decrypt(key: Buffer, documentId: string, sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(documentId));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  }
}
