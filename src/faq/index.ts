export * from './crud.ts';
export { normalizeWords, topicWords } from './normalize.ts';
export * from './search.ts';
export type * from './types.ts';
