import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DocumentBlobRepository, DocumentRepository } from './document.repository.js';
import { DocumentService } from './document.service.js';
import {
  DatabaseDocumentStore,
  DOCUMENT_STORE,
  FilesystemDocumentStore,
} from './document-store.js';

@Module({
  providers: [
    DocumentRepository,
    DocumentBlobRepository,
    FilesystemDocumentStore,
    DatabaseDocumentStore,
    {
      provide: DOCUMENT_STORE,
      useFactory: (config: AppConfig, fs: FilesystemDocumentStore, db: DatabaseDocumentStore) =>
        config.DOCUMENT_STORE === 'database' ? db : fs,
      inject: [AppConfig, FilesystemDocumentStore, DatabaseDocumentStore],
    },
    DocumentService,
  ],
  exports: [DocumentService],
})
export class DocumentsModule {}
