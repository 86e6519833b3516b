export * from './slot-engine.js';
export * from './types.js';
export * from './zone-calendar.js';
export * from './first-slots.js';
