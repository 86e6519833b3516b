export * from './job-catalogue.js';
export * from './queue-connection.js';
export * from './queue.health.js';
export * from './queue.module.js';
