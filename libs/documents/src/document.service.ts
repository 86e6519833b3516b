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
import { fileTypeFromBuffer } from 'file-type';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Actor, AppointmentEntity } from '@app/appointments';
import { DataCipher, type KeyRing } from '@app/common';
import { AppConfig } from '@app/config';
import { DocumentEntity, type DocumentOwner } from './document.entity.js';
import { InjectDocumentStore, type DocumentStore } from './document-store.js';
import { DocumentLimitReached, DocumentRepository } from './document.repository.js';

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

/**
 * Characters a file name must not carry: C0 and C1 controls, DEL, the quote, and the invisible
 * direction marks and overrides (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), with which
 * "cod.exe" + U+202E + "fdp." would show as "cod.pdf…exe." in a list.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A readable, harmless file name: no path, no control characters, not too long. */
function cleanName(name: string, extension: string): string {
  // NFC: one spelling of "ü" or "й" whichever system composed the name.
  const cleaned = basename(name.normalize('NFC').replace(/\\/g, '/'))
    .replace(UNSAFE_IN_NAME, '')
    .trim();
  // By code point, so that a cut never leaves half of a surrogate pair.
  const stem = [...cleaned.replace(/\.[^.]*$/, '')].slice(0, 150).join('') || 'document';
  return `${stem}.${extension}`;
}

/** An appointment's id (the document API), or an owner of either kind (conversations). */
type OwnerRef = string | DocumentOwner;
const ownerRef = (owner: OwnerRef): DocumentOwner =>
  typeof owner === 'string' ? { appointmentId: owner } : owner;

/**
 * Documents of an appointment (or of a walk-in ticket's conversation), encrypted at rest: each
 * file with its own random AES-256-GCM key (the document's id as associated data, so a blob cannot
 * be passed off as another document), the key wrapped by the current master key. Every upload,
 * download and deletion is audited, with ids and types only.
 */
@Injectable()
export class DocumentService {
  private readonly logger = new Logger(DocumentService.name);
  private readonly keys: KeyRing;

  constructor(
    private readonly documents: DocumentRepository,
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
    return this.uploadFor({ appointmentId: appointment.id }, uploadedBy, actor, file);
  }

  /**
   * Stores a document of any owner, checked by content and counted against
   * DOCUMENT_MAX_PER_APPOINTMENT per owner. `cancelledToo`: the owner's conversation decides
   * whether a cancelled appointment still takes documents (it does, until the conversation closes).
   */
  async uploadFor(
    owner: DocumentOwner,
    uploadedBy: 'client' | 'counsellor',
    actor: Actor,
    file: UploadedFile | undefined,
    options: { cancelledToo?: boolean } = {},
  ): Promise<DocumentView> {
    if (!file || file.buffer.length === 0) {
      throw new BadRequestException('Send one file in the form field "file"');
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
      await this.documents.insertChecked(
        {
          id,
          uploadedBy,
          fileNameSealed: new DataCipher(fileKey.toString('base64')).encrypt(Buffer.from(fileName)),
          contentType: detected.mime,
          sizeBytes: file.buffer.length,
          storageKey,
          keyWrapped: wrapped.sealed,
          masterKeyId: wrapped.keyId,
        },
        owner,
        this.config.DOCUMENT_MAX_PER_APPOINTMENT,
        actor,
        { documentId: id, contentType: detected.mime, sizeBytes: file.buffer.length, uploadedBy },
        options,
      );
    } catch (error) {
      await this.store.delete(storageKey);
      if (error instanceof DocumentLimitReached) {
        throw new ConflictException(
          owner.appointmentId
            ? `This appointment already has ${error.count} documents, the most allowed. Delete one first.`
            : `This conversation already has ${error.count} documents, the most allowed.`,
        );
      }
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

  async list(owner: OwnerRef): Promise<DocumentView[]> {
    const rows = await this.documents.listFor(ownerRef(owner));
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
    owner: OwnerRef,
    documentId: string,
    actor: Actor,
  ): Promise<{ document: DocumentView; content: Buffer }> {
    const row = await this.find(ownerRef(owner), documentId);
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
    await this.documents.audit(actor, 'document.downloaded', ownerRef(owner), {
      documentId: row.id,
    });
    return { document: this.view(row, fileKey), content };
  }

  async remove(owner: OwnerRef, documentId: string, actor: Actor): Promise<void> {
    const row = await this.find(ownerRef(owner), documentId);
    await this.documents.deleteAudited(row, actor, { documentId: row.id });
    await this.store.delete(row.storageKey);
  }

  /**
   * Deletes the documents of appointments and walk-in tickets whose personal data has been erased
   * (of one appointment, when given): each file first, then its row, so that a crash in between
   * leaves a row to retry from, never an orphaned file. Idempotent.
   */
  async purgeErased(appointmentId?: string): Promise<number> {
    const rows = await this.documents.ofErasedOwners(appointmentId);
    for (const row of rows) {
      await this.store.delete(row.storageKey);
      await this.documents.delete(row.id);
    }
    if (rows.length > 0) {
      this.logger.log({ deleted: rows.length }, 'documents of erased clients deleted');
    }
    return rows.length;
  }

  /** Documents whose key is still wrapped by an older master key. */
  async wrappedUnderOldKeys(): Promise<number> {
    return this.documents.countWrappedUnderOtherThan(this.keys.currentId);
  }

  /** After a master-key rotation: re-wraps every document key under the current master key. */
  async rewrapKeys(): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const rows = await this.documents.wrappedUnderOtherThan(this.keys.currentId, 500);
      if (rows.length === 0) return rewrapped;
      for (const row of rows) {
        const wrapped = this.keys.seal(this.keys.open(row.masterKeyId, row.keyWrapped));
        await this.documents.replaceWrappedKey(row.id, row.masterKeyId, wrapped);
        rewrapped += 1;
      }
    }
  }

  private async find(owner: DocumentOwner, documentId: string): Promise<DocumentEntity> {
    const row = await this.documents.find(owner, documentId);
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
