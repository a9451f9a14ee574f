import { defineMessages } from '../define.ts';

/** Texts only the WhatsApp channel needs: numbered lists stand in for buttons. Owned by bots/whatsapp. */
export const whatsapp = defineMessages(
  {
    replyHint: 'Balas angka {first}–{last} atau ketik pilihannya.',
    replyHintOne: 'Balas angka 1 atau ketik pilihannya.',
    outOfRange: 'Nomor {number} tidak ada di daftar, Kak. Pilih salah satu nomor di bawah ini ya:',
  },
  {
    replyHint: 'Reply with a number {first}–{last} or type the option.',
    replyHintOne: 'Reply with 1 or type the option.',
    outOfRange: 'There is no number {number} in the list. Please pick one of these:',
  },
);
