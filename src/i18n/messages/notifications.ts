import { defineMessages } from '../define.ts';

/** Owned by the notifications area; add keys in both languages. */
export const notifications = defineMessages({ placeholder: '-' }, { placeholder: '-' });
