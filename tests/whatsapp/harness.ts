import pino from 'pino';
import sharp from 'sharp';
import { vi } from 'vitest';
import { attachWhatsAppAdapter, type WhatsAppAdapter } from '../../bots/whatsapp/adapter.ts';
import { createWhatsAppConnection, type WhatsAppConnection } from '../../bots/whatsapp/client.ts';
import type { Db } from '../../db/client.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { FakeWhatsAppClient, type IncomingMessageInput, type SentMessage } from '../fakes/whatsapp-client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** Tuesday 1 December 2026, 09.00 WIB: the studio is open and the next two weeks are free. */
export const FIXED_NOW = new Date('2026-12-01T02:00:00Z');

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface WhatsAppHarness {
  database: TestDatabase;
  db: Db;
  client: FakeWhatsAppClient;
  connection: WhatsAppConnection;
  adapter: WhatsAppAdapter;
  close(): Promise<void>;
}

/** A seeded studio whose WhatsApp is linked (fake Client, ready) and answered by the real adapter. */
export async function createWhatsAppHarness(): Promise<WhatsAppHarness> {
  const database = await createTestDatabase();
  await seedDemoStudio(database.db);
  const client = new FakeWhatsAppClient();
  const connection = createWhatsAppConnection({ createClient: () => client, log: silentLog, printQr: () => {} });
  const adapter = attachWhatsAppAdapter({
    db: database.db,
    connection,
    log: silentLog,
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    clock: () => FIXED_NOW,
  });
  connection.start();
  await vi.waitFor(() => {
    if (client.initializeCalls !== 1) throw new Error('not initialised yet');
  });
  client.emitReady();
  return {
    database,
    db: database.db,
    client,
    connection,
    adapter,
    async close() {
      await adapter.stop();
      await connection.stop();
      await database.drop();
    },
  };
}

/** One customer's WhatsApp chat with the studio, read the way the customer reads it. */
export function waChat(h: WhatsAppHarness, digits: string, options: { notifyName?: string } = {}) {
  const chatId = `${digits}@c.us`;
  let last: SentMessage[] = [];
  const send = async (input: Omit<IncomingMessageInput, 'from'>) => {
    const before = h.client.sent.length;
    h.client.receive({ from: chatId, ...(options.notifyName ? { notifyName: options.notifyName } : {}), ...input });
    await h.adapter.idle();
    last = h.client.sent.slice(before).filter((m) => m.chatId === chatId);
    return last;
  };
  const options_ = () => {
    const entries: { number: number; label: string }[] = [];
    for (const message of last) {
      for (const match of message.text.matchAll(/^(\d{1,2})\. (.+)$/gm)) {
        entries.push({ number: Number(match[1]), label: match[2]! });
      }
    }
    return entries;
  };
  const chat = {
    chatId,
    send,
    say: (text: string) => send({ body: text }),
    get replies(): SentMessage[] {
      return last;
    },
    /** Everything the studio answered to the last message, joined. */
    get said(): string {
      return last.map((m) => m.text).join('\n---\n');
    },
    /** The numbered options of the last answer. */
    get options() {
      return options_();
    },
    numberOf(label: string | RegExp): number {
      const found = options_().find((o) => (typeof label === 'string' ? o.label.includes(label) : label.test(o.label)));
      if (!found) throw new Error(`no option ${String(label)} in:\n${chat.said}`);
      return found.number;
    },
    /** Replies with the number of the option whose text matches, as a customer does. */
    pick: (label: string | RegExp) => send({ body: String(chat.numberOf(label)) }),
  };
  return chat;
}

export type WaChat = ReturnType<typeof waChat>;

/** Registers through WhatsApp: name from the profile, phone from the WhatsApp id, skip email and address. */
export async function registerOnWhatsApp(chat: WaChat, name: string): Promise<void> {
  await chat.say('Halo');
  await chat.say(name);
  await chat.pick('Lewati');
  await chat.pick('Lewati');
  if (!chat.said.includes('Ada yang bisa kami bantu?')) throw new Error(`registration did not finish:\n${chat.said}`);
}

export async function pngBytes(width = 40, height = 30): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .png()
      .toBuffer(),
  );
}
