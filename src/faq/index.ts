export * from './crud.ts';
export { normalizeWords, studioTopicWords, topicWords } from './normalize.ts';
export { stemWord } from './stem.ts';
export * from './search.ts';
export type * from './types.ts';
