export * from './campaigns.ts';
export * from './recipients.ts';
export * from './segments.ts';
export type * from './types.ts';
