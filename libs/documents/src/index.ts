export * from './document-store.js';
export * from './document.entity.js';
export * from './document.service.js';
export * from './documents.module.js';
