export * from './survey-core.js';
export * from './survey-errors.js';
export * from './survey.entities.js';
export * from './survey.module.js';
export * from './survey.repository.js';
export * from './survey.service.js';
