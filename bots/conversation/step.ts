import type { OutboundMessage } from '../../src/messaging/messages.ts';
import type { Ctx } from './context.ts';
import type { ChatInput } from './types.ts';

export type PhotoInput = Extract<ChatInput, { type: 'photo' }>;
export type Replies = Promise<OutboundMessage[]>;

/**
 * One step of a journey. `handle` routes an input to the step the session is on; a step answers only
 * the inputs it declares, and the rest get a friendly "not now" plus this step's prompt.
 */
export interface Step {
  /** Prefixes of the choice ids this step answers ("bk:d:"); any other button is stale here. */
  choices?: readonly string[];
  /** Registration steps run before the chat has a customer. */
  anonymous?: boolean;
  /** Shown on entering the step and again after an error or an unexpected input. */
  prompt: (ctx: Ctx) => Replies;
  text?: (ctx: Ctx, text: string) => Replies;
  choice?: (ctx: Ctx, id: string) => Replies;
  /** Steps that take a photo (proofs, complaint photos); size and type are checked before this runs. */
  photo?: (ctx: Ctx, photo: PhotoInput, bytes: Uint8Array<ArrayBuffer>) => Replies;
  contact?: (ctx: Ctx, phone: string, own: boolean) => Replies;
}

export type StepTable = Record<string, Step>;

/** A button answered at any step of a registered chat, whatever the session is on. */
export interface GlobalChoice {
  /** Choice ids starting with this answer at any step (menu buttons, rating stars from a reminder). */
  prefix: string;
  run: (ctx: Ctx, id: string) => Replies;
}
