export * from './domain-events.processor.js';
export * from './jobs.module.js';
export * from './job-reconciliation.js';
export * from './maintenance.processor.js';
