export * from './e2ee-keys.service.js';
export * from './livekit.gateway.js';
export * from './video.entities.js';
export * from './video.module.js';
export * from './video.service.js';
export * from './video-guest.service.js';
