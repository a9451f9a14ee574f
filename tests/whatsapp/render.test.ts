import { describe, expect, it } from 'vitest';
import { downloadImage, isForUs, toChatInput } from '../../bots/whatsapp/inbound.ts';
import { MAX_CAPTION_CHARS, renderChoiceList, renderReplies } from '../../bots/whatsapp/render.ts';
import { isAppError } from '../../src/errors.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { fakeMessage } from '../fakes/whatsapp-client.ts';

const CUSTOMER = '6281234567890@c.us';

describe('numbered lists instead of buttons', () => {
  it('numbers every choice of a turn 1…n across messages, each once, with one "Balas" hint at the end', () => {
    const replies: OutboundMessage[] = [
      { type: 'text', text: 'Pilih tanggal:', choices: [[{ id: 'd:1', label: 'Sabtu' }, { id: 'd:2', label: 'Minggu' }]] },
      { type: 'text', text: 'Info saja' },
      {
        type: 'text',
        text: 'Atau:',
        choices: [[{ id: 'd:2', label: 'Minggu' }], [{ id: 'x', label: 'Batal' }]],
      },
    ];
    const sends = renderReplies(replies, { locale: 'id' });
    expect(sends).toEqual([
      { kind: 'text', text: 'Pilih tanggal:\n\n1. Sabtu\n2. Minggu' },
      { kind: 'text', text: 'Info saja' },
      { kind: 'text', text: 'Atau:\n\n3. Batal\n\nBalas angka 1–3 atau ketik pilihannya.' },
    ]);
  });

  it('puts the list in the photo caption, or after the photo when the caption would be too long', () => {
    const short = renderReplies(
      [{ type: 'photo', fileId: 7, caption: 'Paket Wisuda\nRp 350.000', choices: [[{ id: 'p:7', label: 'Pesan paket ini' }]] }],
      { locale: 'id' },
    );
    expect(short).toEqual([
      { kind: 'photo', fileId: 7, caption: 'Paket Wisuda\nRp 350.000\n\n1. Pesan paket ini\n\nBalas angka 1 atau ketik pilihannya.' },
    ]);
    const long = 'x'.repeat(MAX_CAPTION_CHARS - 5);
    const split = renderReplies([{ type: 'photo', fileId: 7, caption: long, choices: [[{ id: 'p:7', label: 'Pesan' }]] }], {
      locale: 'en',
    });
    expect(split).toEqual([
      { kind: 'photo', fileId: 7, caption: long },
      { kind: 'text', text: '1. Pesan\n\nReply with 1 or type the option.' },
    ]);
  });

  it('asks to type the phone where there is no contact button (no button label shown)', () => {
    const sends = renderReplies([{ type: 'askContact', text: 'Nomor HP Anda?', buttonLabel: 'Bagikan kontak' }], { locale: 'id' });
    expect(sends).toEqual([{ kind: 'text', text: 'Nomor HP Anda?' }]);
  });

  it('shows the list again after a number that is not on it', () => {
    const send = renderChoiceList(
      [
        { id: 'a', label: 'Satu' },
        { id: 'b', label: 'Dua' },
      ],
      'id',
      'Nomor 7 tidak ada.',
    );
    expect(send).toEqual({ kind: 'text', text: 'Nomor 7 tidak ada.\n\n1. Satu\n2. Dua\n\nBalas angka 1–2 atau ketik pilihannya.' });
  });
});

describe('what counts as a message for the studio', () => {
  it('ignores status updates, groups, broadcast lists, channels and our own messages', () => {
    expect(isForUs(fakeMessage({ from: CUSTOMER, body: 'Halo' }))).toBe(true);
    expect(isForUs(fakeMessage({ from: '123456789012345@lid', body: 'Halo' }))).toBe(true);
    expect(isForUs(fakeMessage({ from: 'status@broadcast', body: 'story' }))).toBe(false);
    expect(isForUs(fakeMessage({ from: CUSTOMER, body: 'story', isStatus: true }))).toBe(false);
    expect(isForUs(fakeMessage({ from: '120363025246125888@g.us', body: 'Halo semua' }))).toBe(false);
    expect(isForUs(fakeMessage({ from: '120363025246125888@newsletter', body: 'news' }))).toBe(false);
    expect(isForUs(fakeMessage({ from: CUSTOMER, body: 'from the studio phone', fromMe: true }))).toBe(false);
  });

  it('turns media into the conversation input: images as photos, the rest as unsupported', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(toChatInput(fakeMessage({ from: CUSTOMER, body: 'Halo' }))).toEqual({ type: 'text', text: 'Halo' });
    expect(toChatInput(fakeMessage({ from: CUSTOMER, type: 'sticker', media: { mimetype: 'image/webp', data: png } }))).toEqual({
      type: 'unsupported',
      kind: 'sticker',
    });
    expect(toChatInput(fakeMessage({ from: CUSTOMER, media: { mimetype: 'audio/ogg; codecs=opus', data: png } }))).toEqual({
      type: 'unsupported',
      kind: 'voice',
    });
    expect(toChatInput(fakeMessage({ from: CUSTOMER, media: { mimetype: 'video/mp4', data: png } }))).toEqual({
      type: 'unsupported',
      kind: 'video',
    });
    expect(
      toChatInput(fakeMessage({ from: CUSTOMER, media: { mimetype: 'application/pdf', data: png, filename: 'bukti.pdf' } })),
    ).toEqual({ type: 'unsupported', kind: 'document' });
    expect(toChatInput(fakeMessage({ from: CUSTOMER, type: 'revoked' }))).toBeUndefined();
    const photo = toChatInput(fakeMessage({ from: CUSTOMER, media: { mimetype: 'image/png', data: png, filesize: 4 } }));
    expect(photo).toMatchObject({ type: 'photo', mime: 'image/png', size: 4 });
    const imageFile = toChatInput(
      fakeMessage({ from: CUSTOMER, type: 'document', media: { mimetype: 'image/jpeg', data: png, filename: 'bukti.jpg' } }),
    );
    expect(imageFile).toMatchObject({ type: 'photo', mime: 'image/jpeg', fileName: 'bukti.jpg' });
  });

  it('refuses a huge download by its base64 length before decoding, and says when media is gone', async () => {
    const hugeBase64 = 'A'.repeat(Math.ceil(((MAX_IMAGE_BYTES + 1024) * 4) / 3));
    const huge = fakeMessage({ from: CUSTOMER, media: { mimetype: 'image/jpeg', data: hugeBase64 } });
    await expect(downloadImage(huge)).rejects.toSatisfy((e) => isAppError(e, 'FILE_TOO_LARGE'));
    const gone = fakeMessage({ from: CUSTOMER, type: 'image', media: null });
    await expect(downloadImage(gone)).rejects.toSatisfy((e) => isAppError(e, 'CHANNEL_UNAVAILABLE'));
    const notImage = fakeMessage({ from: CUSTOMER, type: 'document', media: { mimetype: 'application/zip', data: 'UEsDBA==' } });
    await expect(downloadImage(notImage)).rejects.toSatisfy((e) => isAppError(e, 'FILE_NOT_IMAGE'));
  });
});
