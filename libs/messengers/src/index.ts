export * from './messenger-texts.js';
export * from './messenger.entities.js';
export * from './messenger.repository.js';
export * from './messenger.service.js';
export * from './messengers.module.js';
export * from './platforms/platform.js';
