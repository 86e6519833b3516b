export * from './clock.js';
export * from './common.module.js';
export * from './data-cipher.js';
export * from './error-response.js';
export * from './http-exception.filter.js';
export * from './logging.js';
export * from './secure-token.js';
export * from './validation.js';
