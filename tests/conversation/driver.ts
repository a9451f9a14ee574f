import sharp from 'sharp';
import type { Db } from '../../db/client.ts';
import { staffUsers } from '../../db/schema/index.ts';
import { type ChatInput, type ConversationRuntime, runTurn, type TurnResult } from '../../bots/conversation/index.ts';
import type { Channel } from '../../db/schema/index.ts';
import type { Choice, OutboundMessage } from '../../src/messaging/messages.ts';

/** Tuesday 1 December 2026, 09.00 WIB: the studio is open and the next two weeks are free. */
export const FIXED_NOW = new Date('2026-12-01T02:00:00Z');

export function testRuntime(db: Db, overrides: Partial<ConversationRuntime> = {}): ConversationRuntime {
  return {
    db,
    clock: () => FIXED_NOW,
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    botUsername: 'potret_test_bot',
    ...overrides,
  };
}

export const textOf = (m: OutboundMessage) => (m.type === 'photo' ? m.caption : m.text);
export const choicesOf = (m: OutboundMessage): Choice[] => (m.type === 'askContact' ? [] : (m.choices ?? []).flat());

/**
 * A fake channel: one customer's chat driven through the same runTurn the adapters use, keeping what the
 * bot answered last so a test can tap its buttons by label, as a person would.
 */
export function chat(runtime: ConversationRuntime, externalId: string, channel: Channel = 'telegram') {
  let last: TurnResult | undefined;
  const send = async (input: ChatInput, extra: { displayName?: string; updateId?: string } = {}) => {
    last = await runTurn(runtime, {
      channel,
      externalId,
      input,
      updateId: extra.updateId,
      displayName: extra.displayName,
    });
    return last;
  };
  const driver = {
    send,
    text: (text: string) => send({ type: 'text', text }),
    command: (name: string, payload?: string) => send({ type: 'command', name, ...(payload ? { payload } : {}) }),
    choose: (id: string) => send({ type: 'choice', id }),
    photo: (bytes: Uint8Array, extra: Partial<Extract<ChatInput, { type: 'photo' }>> = {}) =>
      send({ type: 'photo', bytes, ...extra }),
    get last(): TurnResult {
      if (!last) throw new Error('nothing sent yet');
      return last;
    },
    /** Everything the bot said in its last answer, joined. */
    get said(): string {
      return driver.last.replies.map(textOf).join('\n---\n');
    },
    get buttons(): Choice[] {
      return driver.last.replies.flatMap(choicesOf);
    },
    /** Taps the first button of the last answer whose label matches. */
    tap: (label: RegExp | string) => send({ type: 'choice', id: driver.buttonId(label) }),
    /** The id of the first button of the last answer whose label matches (to press it later). */
    buttonId: (label: RegExp | string) => {
      const button = driver.buttons.find((b) => (typeof label === 'string' ? b.label.includes(label) : label.test(b.label)));
      if (!button) throw new Error(`no button ${String(label)} in: ${driver.buttons.map((b) => b.label).join(' | ')}`);
      return button.id;
    },
    get step(): string {
      return driver.last.session.step;
    },
  };
  return driver;
}

export type ChatDriver = ReturnType<typeof chat>;

/** Registers through the chat the way a customer does on Telegram (contact button). */
export async function registerViaChat(driver: ChatDriver, name: string, phone: string, referral?: string) {
  await driver.command('start', referral ? `ref_${referral}` : undefined);
  await driver.text(name);
  await driver.send({ type: 'contact', phone, own: true });
  await driver.tap('Lewati');
  await driver.tap('Lewati');
  if (driver.step !== 'menu') throw new Error(`registration did not finish: ${driver.said}`);
}

export async function pngBytes(width = 40, height = 30): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .png()
      .toBuffer(),
  );
}

export async function createStaffUser(db: Db, email = 'staf@potret.test'): Promise<number> {
  const [row] = await db
    .insert(staffUsers)
    .values({ email, name: 'Staf Uji', role: 'staff', passwordHash: 'not-a-real-hash' })
    .returning({ id: staffUsers.id });
  return row!.id;
}
