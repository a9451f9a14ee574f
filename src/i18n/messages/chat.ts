import { defineMessages } from '../define.ts';

/** Owned by the chat area; add keys in both languages. */
export const chat = defineMessages({ placeholder: '-' }, { placeholder: '-' });
