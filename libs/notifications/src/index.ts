export * from './channels/channel.js';
export * from './notification-admin.service.js';
export * from './notification-scheduler.service.js';
export * from './notification-sender.service.js';
export * from './notification.entity.js';
export * from './notifications.module.js';
export * from './renderer.js';
export * from './texts/index.js';
