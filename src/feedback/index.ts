export * from './complaint-queries.ts';
export * from './complaints.ts';
export * from './ratings.ts';
export type * from './types.ts';
