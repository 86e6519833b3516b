export * from './waitlist-errors.js';
export * from './waitlist-matcher.service.js';
export * from './waitlist-offers.js';
export * from './waitlist.entities.js';
export * from './waitlist.module.js';
export * from './waitlist.repository.js';
export * from './waitlist.service.js';
