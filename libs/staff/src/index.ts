export * from './auth.service.js';
export * from './login-throttle.js';
export * from './office-onboarding.service.js';
export * from './password-hasher.js';
export * from './staff-account.entity.js';
export * from './staff-session.entity.js';
export * from './staff.module.js';
export * from './staff.service.js';
