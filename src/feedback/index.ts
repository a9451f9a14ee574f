export * from './complaint-queries.ts';
export { complaintTitle } from './complaint-title.ts';
export * from './complaints.ts';
export * from './ratings.ts';
export type * from './types.ts';
