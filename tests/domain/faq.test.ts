import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.ts';
import {
  createFaq,
  deleteFaq,
  FAQ_MATCH_THRESHOLD,
  getFaq,
  listFaq,
  matchFaq,
  moveFaq,
  normalizeWords,
  searchFaq,
  stemWord,
  studioTopicWords,
  updateFaq,
} from '../../src/faq/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { countRows, studioDatabase } from './feedback-fixtures.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await studioDatabase();
});
afterAll(() => database.drop());

async function best(query: string, locale: 'id' | 'en' = 'id'): Promise<string | undefined> {
  const [match] = await searchFaq(database.db, query, locale);
  return match?.entry.question;
}

describe('FAQ search', () => {
  it('folds chat spelling: shorthand, clitics, punctuation and case', () => {
    expect(normalizeWords('Gmn cr TF-nya, kak??')).toEqual(['bagaimana', 'cara', 'transfer', 'nya', 'kak']);
    expect(normalizeWords('dmn alamatnya')).toEqual(['di', 'mana', 'alamat']);
    expect(normalizeWords('jm brp bs dtg?')).toEqual(['jam', 'berapa', 'bisa', 'dtg']);
  });

  it('answers the demo questions as customers type them', async () => {
    expect(await best('dmn alamatnya kak?')).toBe('Di mana alamat studio?');
    expect(await best('gmn cr tf')).toBe('Bagaimana cara bayar?');
    expect(await best('norek bca brp?')).toBe('Bagaimana cara bayar?');
    expect(await best('jm brp buka?')).toBe('Jam buka studio?');
    expect(await best('Minggu buka ga kak')).toBe('Jam buka studio?');
    expect(await best('bs reschedule ga')).toBe('Bisa ganti jadwal atau batal?');
    expect(await best('kapan hasil fotonya jadi')).toBe('Kapan foto hasil edit bisa diambil?');
    expect(await best('poin saya bs dipake?')).toBe('Bagaimana cara dapat dan pakai poin?');
    expect(await best('boleh bawa baju sendiri')).toBe('Boleh bawa baju dan properti sendiri?');
    expect(await best('alamt studio')).toBe('Di mana alamat studio?');
  });

  it('matches English questions against the English texts', async () => {
    expect(await best('where is the studio', 'en')).toBe('Di mana alamat studio?');
    expect(await best('how do I pay', 'en')).toBe('Bagaimana cara bayar?');
  });

  it('returns scores best first, so a caller can offer near misses below the threshold', async () => {
    const matches = await searchFaq(database.db, 'gmn cr tf', 'id', { minScore: 0 });
    expect(matches.length).toBeGreaterThan(1);
    const scores = matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThanOrEqual(FAQ_MATCH_THRESHOLD);
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('finds nothing for greetings and for questions the FAQ does not cover', async () => {
    for (const query of [
      'halo kak',
      'resep nasi goreng',
      'harga bitcoin hari ini',
      'cuaca besok hujan?',
      '???',
      '',
    ]) {
      expect(await searchFaq(database.db, query, 'id')).toEqual([]);
    }
  });

  it('does not answer on generic words or on words found only in answers', async () => {
    // "booking" appears only in English answers; "foto" and "sesi" fit every question at a studio.
    for (const query of ['mau booking', 'foto', 'foto wisuda', 'berapa lama sesi foto']) {
      expect(await searchFaq(database.db, query, 'id')).toEqual([]);
    }
    const [suggestion] = await searchFaq(database.db, 'foto', 'id', { minScore: 0.1 });
    expect(suggestion?.entry.question).toBe('Kapan foto hasil edit bisa diambil?');
  });

  it('leaves inactive entries out of search', async () => {
    const entry = await createFaq(database.db, {
      question: 'Apakah ada layanan drone?',
      answer: 'Ada, untuk dokumentasi outdoor.',
      keywords: 'drone udara',
    });
    expect(await best('ada drone ga')).toBe('Apakah ada layanan drone?');
    await updateFaq(database.db, entry.id, { active: false });
    expect(await best('ada drone ga')).toBeUndefined();
    await deleteFaq(database.db, entry.id);
  });
});

describe('FAQ search in the studio’s words (stems and synonyms)', () => {
  const edits = 'Kapan foto hasil edit bisa diambil?';

  it('stems Indonesian affixes, chat forms included, and leaves words that only look affixed', () => {
    const stems = Object.fromEntries(
      [
        'diambil', 'pengambilan', 'ngambil', 'mengirim', 'pengiriman', 'dikirimin', 'pembayaran', 'membayar',
        'mencetak', 'nyetak', 'cetakan', 'diundur', 'berfoto', 'pemotretan', 'memakai', 'bagikan', 'disediakan',
      ].map((word) => [word, stemWord(word)]),
    );
    expect(stems).toEqual({
      diambil: 'ambil', pengambilan: 'ambil', ngambil: 'ambil', mengirim: 'kirim', pengiriman: 'kirim',
      dikirimin: 'kirim', pembayaran: 'bayar', membayar: 'bayar', mencetak: 'cetak', nyetak: 'cetak',
      cetakan: 'cetak', diundur: 'undur', berfoto: 'foto', pemotretan: 'potret', memakai: 'pakai',
      bagikan: 'bagi', disediakan: 'sedia',
    });
    for (const word of ['diskon', 'berapa', 'merdeka', 'jalan', 'teman', 'hari', 'properti', 'kapan']) {
      expect(stemWord(word)).toBe(word);
    }
  });

  it('reads phrases and synonyms as the studio writes them', () => {
    expect(studioTopicWords('berapa lama editnya?')).toEqual(['berapa', 'kapan', 'edit']);
    expect(studioTopicWords('uang muka brp?')).toEqual(['dp', 'berapa']);
    expect(studioTopicWords('minta share lok dong')).toEqual(['alamat']);
    expect(studioTopicWords('fotonya dijemput kapan')).toEqual(['foto', 'ambil', 'kapan']);
  });

  it('answers "berapa lama editnya?" and chat forms that plain words could not', async () => {
    expect(await best('berapa lama editnya?')).toBe(edits);
    const entries = await listFaq(database.db);
    for (const query of ['lama ga ngeditnya kak', 'foto yg dicetak bisa dijemput kapan', 'uang muka berapa persen']) {
      expect(matchFaq(entries, query, 'id', { vocabulary: 'plain' })[0]?.entry.question, query).not.toBe(
        matchFaq(entries, query, 'id')[0]?.entry.question,
      );
    }
    expect(await best('lama ga ngeditnya kak')).toBe(edits);
    expect(await best('foto yg dicetak bisa dijemput kapan')).toBe(edits);
    expect(await best('uang muka berapa persen')).toBe('Bagaimana cara bayar?');
  });

  it('answers the studio’s everyday words: edit, cetak, jadi, ambil, bayar, dp, lokasi, parkir, jam buka', async () => {
    expect(await best('cetakannya udah bisa diambil belum?')).toBe(edits);
    expect(await best('kapan foto saya jadi kak?')).toBe(edits);
    expect(await best('bisa dp dulu?')).toBe('Bagaimana cara bayar?');
    expect(await best('mau melunasi sisa pembayaran')).toBe('Bagaimana cara bayar?');
    expect(await best('minta share lokasi dong')).toBe('Di mana alamat studio?');
    expect(await best('ada tempat parkir mobil?')).toBe('Di mana alamat studio?');
    expect(await best('tutup jam brp kak')).toBe('Jam buka studio?');
    expect(await best('bisa diundur ke minggu depan?')).toBe('Bisa ganti jadwal atau batal?');
    // Changing clothes is about outfits, not about changing the booking.
    expect(await best('boleh ganti baju berapa kali?')).toBe('Boleh bawa baju dan properti sendiri?');
    expect(await best('when will my photos be ready?', 'en')).toBe(edits);
  });

  it('still hands questions the FAQ does not cover to staff', async () => {
    for (const query of ['harga paket wisuda berapa', 'bisa bawa hewan peliharaan?', 'ada makeup artist nya?']) {
      expect(await searchFaq(database.db, query, 'id')).toEqual([]);
    }
  });
});

describe('FAQ administration', () => {
  it('creates at the end, updates only what is given, deletes', async () => {
    const all = await listFaq(database.db);
    const created = await createFaq(database.db, {
      question: '  Bisa foto di rumah?  ',
      answer: 'Bisa, dengan biaya transport.',
      keywords: 'rumah home service',
    });
    expect(created.question).toBe('Bisa foto di rumah?');
    expect((await listFaq(database.db)).at(-1)?.id).toBe(created.id);
    expect(created.sortOrder).toBeGreaterThan(Math.max(...all.map((e) => e.sortOrder)));

    const updated = await updateFaq(database.db, created.id, { answerEn: 'Yes, with a travel fee.' });
    expect(updated).toMatchObject({
      question: 'Bisa foto di rumah?',
      answerEn: 'Yes, with a travel fee.',
      active: true,
    });

    await deleteFaq(database.db, created.id);
    await expect(getFaq(database.db, created.id)).rejects.toMatchObject({ code: 'FAQ_NOT_FOUND' });
    await expect(deleteFaq(database.db, created.id)).rejects.toMatchObject({ code: 'FAQ_NOT_FOUND' });
    await expect(updateFaq(database.db, created.id, { question: 'Apa saja?' })).rejects.toMatchObject({
      code: 'FAQ_NOT_FOUND',
    });
  });

  it('answers bad input with field messages, and writes nothing', async () => {
    const before = await countRows(database.db, 'faq_entries');
    const error = (await createFaq(database.db, { question: 'x', answer: '  ' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.code).toBe('VALIDATION');
    expect(error.fields.map((f) => f.field).sort()).toEqual(['answer', 'question']);
    const first = (await listFaq(database.db))[0]!;
    await expect(updateFaq(database.db, first.id, { answer: 'y'.repeat(2001) })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ field: 'answer' }],
    });
    expect(await countRows(database.db, 'faq_entries')).toBe(before);
    expect((await getFaq(database.db, first.id)).answer).toBe(first.answer);
  });

  it('moves an entry up and down, and stays put at either end', async () => {
    const ids = (await listFaq(database.db, { includeInactive: true })).map((e) => e.id);
    const order = async () => (await listFaq(database.db, { includeInactive: true })).map((e) => e.id);

    await moveFaq(database.db, ids[2]!, 'up');
    expect((await order()).slice(0, 3)).toEqual([ids[0], ids[2], ids[1]]);
    await moveFaq(database.db, ids[2]!, 'down');
    expect(await order()).toEqual(ids);
    await moveFaq(database.db, ids[0]!, 'up');
    await moveFaq(database.db, ids.at(-1)!, 'down');
    expect(await order()).toEqual(ids);
    await expect(moveFaq(database.db, 999_999, 'up')).rejects.toMatchObject({ code: 'FAQ_NOT_FOUND' });
  });
});
