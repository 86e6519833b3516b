export * from './conversation-keys.js';
export * from './conversation-notices.port.js';
export * from './conversation.entities.js';
export * from './conversation.repository.js';
export * from './conversation.service.js';
export * from './conversations.module.js';
