import { Inject, Injectable } from '@nestjs/common';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from '@app/config';
import { DocumentBlobRepository } from './document.repository.js';

/**
 * Where encrypted document contents live. Keys are random ids (never names). An S3-compatible
 * store is one more implementation of this interface.
 */
export interface DocumentStore {
  put(key: string, data: Buffer): Promise<void>;
  /** Null when the content is missing. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');
export const InjectDocumentStore = (): ParameterDecorator => Inject(DOCUMENT_STORE);

const SAFE_KEY = /^[A-Za-z0-9_-]{16,80}$/;

function checked(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error('Invalid storage key');
  return key;
}

/** Files under DOCUMENTS_DIR (default DATA_DIR/documents), readable by the service's user only. */
@Injectable()
export class FilesystemDocumentStore implements DocumentStore {
  private readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = resolve(config.DOCUMENTS_DIR ?? join(config.DATA_DIR, 'documents'));
  }

  async put(key: string, data: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, checked(key)), data, { mode: 0o600, flag: 'wx' });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.dir, checked(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.dir, checked(key)), { force: true });
  }
}

/** Contents in the `document_blob` table: no shared file system needed for several API processes. */
@Injectable()
export class DatabaseDocumentStore implements DocumentStore {
  constructor(private readonly blobs: DocumentBlobRepository) {}

  put(key: string, data: Buffer): Promise<void> {
    return this.blobs.put(checked(key), data);
  }

  get(key: string): Promise<Buffer | null> {
    return this.blobs.get(checked(key));
  }

  delete(key: string): Promise<void> {
    return this.blobs.delete(checked(key));
  }
}
