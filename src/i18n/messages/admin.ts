import { defineMessages } from '../define.ts';

/** Owned by the admin area; add keys in both languages. */
export const admin = defineMessages({ placeholder: '-' }, { placeholder: '-' });
