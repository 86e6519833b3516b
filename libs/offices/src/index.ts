export * from './office-errors.js';
export * from './office-links.js';
export * from './office.entity.js';
export * from './office.repository.js';
export * from './office.service.js';
export * from './offices.module.js';
export * from './platform-office.service.js';
