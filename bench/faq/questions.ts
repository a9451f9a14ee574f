/**
 * Questions as customers of a photo studio in Tanjungpinang type them in chat (chat spelling, affixes,
 * colloquial words, a few in English), each with the demo FAQ entry (db/seed.ts) that answers it, or null
 * when the FAQ does not cover it and the chat should hand the question to staff instead of guessing.
 */

const where = 'Di mana alamat studio?';
const hours = 'Jam buka studio?';
const pay = 'Bagaimana cara bayar?';
const edits = 'Kapan foto hasil edit bisa diambil?';
const reschedule = 'Bisa ganti jadwal atau batal?';
const outfits = 'Boleh bawa baju dan properti sendiri?';
const points = 'Bagaimana cara dapat dan pakai poin?';
const referral = 'Apa itu program Ajak Teman?';

export interface FaqQuestion {
  text: string;
  locale: 'id' | 'en';
  /** The demo entry's Indonesian question, or null: nothing in the FAQ answers it. */
  expected: string | null;
}

const id = (text: string, expected: string | null): FaqQuestion => ({ text, locale: 'id', expected });
const en = (text: string, expected: string | null): FaqQuestion => ({ text, locale: 'en', expected });

export const faqQuestions: FaqQuestion[] = [
  id('berapa lama editnya?', edits),
  id('kapan foto saya jadi kak?', edits),
  id('hasil fotonya kapan bisa diambil', edits),
  id('cetakannya udah bisa diambil belum?', edits),
  id('file edit dikirim lewat apa?', edits),
  id('brp hari proses edit?', edits),
  id('kapan softfile nya dikirim', edits),
  id('foto yg dicetak bisa dijemput kapan', edits),
  id('lama ga ngeditnya kak', edits),
  id('prosesnya berapa lama sampai selesai?', edits),
  id('kapan bisa ambil cetakan foto wisuda', edits),
  id('fotonya dikirim ke google drive ya?', edits),
  en('when will my photos be ready?', edits),
  en('how long does editing take?', edits),

  id('studio nya dimana ya kak?', where),
  id('alamat lengkapnya di mana', where),
  id('minta share lokasi dong', where),
  id('ada tempat parkir mobil?', where),
  id('parkirnya luas ga?', where),
  id('lokasi studio di jalan apa', where),
  id('minta link google maps', where),
  en('where are you located?', where),

  id('buka jam berapa?', hours),
  id('tutup jam brp kak', hours),
  id('hari minggu buka?', hours),
  id('jam operasional studio', hours),
  id('besok libur ga?', hours),
  id('sabtu sampai jam berapa bukanya', hours),
  en('what time do you open?', hours),

  id('bayarnya gimana kak?', pay),
  id('bisa dp dulu?', pay),
  id('transfer ke rekening apa', pay),
  id('pembayaran bisa lewat bca?', pay),
  id('nomor rekeningnya berapa', pay),
  id('harus lunas kapan?', pay),
  id('uang muka berapa persen', pay),
  id('mau melunasi sisa pembayaran', pay),
  en('can I pay by bank transfer?', pay),

  id('bisa reschedule ga kak', reschedule),
  id('kalau mau pindah jadwal gimana', reschedule),
  id('mau ubah tanggal foto', reschedule),
  id('kalau batal uangnya kembali?', reschedule),
  id('bisa diundur ke minggu depan?', reschedule),
  id('pembatalan bisa refund?', reschedule),

  id('boleh bawa kostum sendiri?', outfits),
  id('ada toga ga di studio?', outfits),
  id('bisa pinjam jas?', outfits),
  id('properti foto disediakan?', outfits),
  id('boleh ganti baju berapa kali?', outfits),

  id('poin saya bisa dipakai buat apa', points),
  id('cara tukar poin gimana', points),
  id('dapat poin dari mana?', points),
  en('how do I use my points', points),

  id('kode referral saya apa', referral),
  id('ajak teman dapat apa?', referral),
  id('kalau undang temen dapet bonus?', referral),

  id('harga paket wisuda berapa', null),
  id('ada paket prewedding?', null),
  id('berapa lama sesi foto', null),
  id('bisa foto di rumah?', null),
  id('halo kak', null),
  id('harga bitcoin hari ini', null),
  id('ada paket foto keluarga?', null),
  id('fotografernya cewek atau cowok?', null),
  id('bisa bawa hewan peliharaan?', null),
  id('maksimal berapa orang dalam satu sesi', null),
  id('ada makeup artist nya?', null),
  id('harga cetak 10R berapa', null),
  id('bisa foto outdoor di pantai?', null),
  id('mau komplain foto saya buram', null),
  en('do you do wedding photography?', null),
];

/**
 * Written after the stems and synonyms were tuned on the table above and not tuned on since: the figure
 * to trust for questions nobody has seen yet.
 */
export const heldOutQuestions: FaqQuestion[] = [
  id('kak hasil foto wisuda saya udah jadi belum?', edits),
  id('berapa hari foto selesai diedit?', edits),
  id('file fotonya dikirim via email atau wa?', edits),
  id('cetakan bisa diantar ke rumah?', edits),
  id('studio di daerah mana?', where),
  id('patokan lokasinya apa kak', where),
  id('bisa parkir motor?', where),
  id('jam berapa tutupnya hari sabtu?', hours),
  id('tanggal merah buka ga?', hours),
  en('are you open on sunday?', hours),
  id('bisa bayar cash di studio?', pay),
  id('sudah transfer, kirim buktinya kemana?', pay),
  id('bayar full atau dp dulu?', pay),
  id('mau ganti hari bisa?', reschedule),
  id('jadwal saya bisa dimajukan?', reschedule),
  en('can I change my booking date?', reschedule),
  id('disediakan baju wisuda ga?', outfits),
  id('poin bisa dituker apa aja?', points),
  id('gimana cara ngajak temen?', referral),
  id('kode undangan saya mana?', referral),
  id('ada diskon pelajar?', null),
  id('bisa request fotografer tertentu?', null),
  id('apakah ada ruang ganti?', null),
  id('studio nerima foto rombongan kantor?', null),
];
