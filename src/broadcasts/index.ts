export * from './campaigns.ts';
export * from './recipients.ts';
export * from './segments.ts';
export * from './send-path.ts';
export type * from './types.ts';
