export * from './change-feed.js';
export * from './change-feed.module.js';
