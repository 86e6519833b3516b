export * from './data-source-options.js';
export * from './database-runtime.js';
export * from './database.module.js';
export * from './embedded-postgres.js';
export * from './migrator.js';
