export * from './accounts.ts';
export * from './audit.ts';
export * from './bootstrap.ts';
export * from './login.ts';
export * from './passwords.ts';
export * from './roles.ts';
export * from './sessions.ts';
