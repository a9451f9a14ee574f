import { stemWord } from './stem.ts';
import { studioPhrases, studioWord } from './synonyms.ts';

/**
 * Turning what customers type in chat into comparable words. Indonesian chat is full of abbreviations
 * ("gmn cr tf kak?") and clitics ("alamatnya", "bisakah"); both are folded here so "brp hrgnya" meets
 * "Berapa harga".
 */

/** Chat shorthand → the word(s) the FAQ is written with. Several words are split by spaces. */
const informal: Record<string, string> = {
  gmn: 'bagaimana',
  gmna: 'bagaimana',
  gimana: 'bagaimana',
  bgmn: 'bagaimana',
  bgmana: 'bagaimana',
  gmana: 'bagaimana',
  caranya: 'cara',
  cr: 'cara',
  dmn: 'di mana',
  dmana: 'di mana',
  dimana: 'di mana',
  mn: 'mana',
  brp: 'berapa',
  brapa: 'berapa',
  berapaan: 'berapa',
  bs: 'bisa',
  bsa: 'bisa',
  bisakah: 'bisa',
  tf: 'transfer',
  trf: 'transfer',
  trnsfr: 'transfer',
  transper: 'transfer',
  jm: 'jam',
  kpn: 'kapan',
  kapn: 'kapan',
  blh: 'boleh',
  bolehkah: 'boleh',
  hrg: 'harga',
  hrgnya: 'harga',
  rek: 'rekening',
  norek: 'nomor rekening',
  tgl: 'tanggal',
  almt: 'alamat',
  lok: 'lokasi',
  lokasinya: 'lokasi',
  reskedul: 'reschedule',
  resched: 'reschedule',
  pembyrn: 'pembayaran',
  byr: 'bayar',
  bayarnya: 'bayar',
  poto: 'foto',
  fto: 'foto',
  pkt: 'paket',
  udh: 'sudah',
  udah: 'sudah',
  sdh: 'sudah',
  gak: 'tidak',
  ga: 'tidak',
  gk: 'tidak',
  nggak: 'tidak',
  ngga: 'tidak',
  tdk: 'tidak',
  yg: 'yang',
  utk: 'untuk',
  dgn: 'dengan',
  dr: 'dari',
  sm: 'sama',
  org: 'orang',
  hr: 'hari',
  bsk: 'besok',
  mgg: 'minggu',
  dp: 'dp',
  wa: 'whatsapp',
  bkin: 'bikin',
  batalin: 'batal',
  ambilnya: 'ambil',
  pake: 'pakai',
  dipake: 'pakai',
  dipakai: 'pakai',
  makai: 'pakai',
};

/** Words that carry no topic in a question to the studio (greetings, fillers, pronouns, particles). */
const stopwords = new Set(
  [
    'yang di ke dari dan atau ini itu ada apa apakah ya yaa kak ka kakak min admin mas mbak bang sis gan',
    'saya aku sy aq gue gw kami kita anda kamu mau ingin pengen tanya nanya dong donk deh sih nih kah lah',
    'tolong mohon info infonya halo hai hallo hi permisi selamat pagi siang sore malam terima kasih makasih',
    'untuk dengan sama juga lagi kalau kalo klo kl bisa boleh ok oke tidak the a an is are do does i you my to of',
    'in on for and or what can how please hello hi thanks nya sudah belum',
    'minta dulu harus sampai kali aja saja kok gitu buat lewat nanti',
    'will be me your our we it there this that at by with from any much many have has',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Question words and the studio's generic nouns: they say a question is being asked, not what about, so the search
 * counts them only a little whether or not an entry contains them.
 */
export const weakWords = new Set([
  'berapa',
  'bagaimana',
  'kapan',
  'mana',
  'siapa',
  'kenapa',
  'mengapa',
  'cara',
  'nomor',
  // "Prosesnya berapa lama": the process of whatever the rest of the question names.
  'proses',
  // Everything at a photo studio is about photos and sessions: these say nothing about which question.
  'foto',
  'studio',
  'paket',
  'sesi',
]);

/** Words that end like a clitic but are whole: "bertanya" is not "berta" + -nya, "setelah" not "sete" + -lah. */
const cliticLookalikes =
  /(?:tanya|punya|hanya|nikah|langkah|salah|olah|kalah|telah|sekolah|masalah|sebelah|lelah)$/;

/** Clitics glued to Indonesian words: "alamatnya" → "alamat", "bisakah" → "bisa". */
function stripClitic(word: string): string {
  if (cliticLookalikes.test(word)) return word;
  for (const suffix of ['nya', 'kah', 'lah']) {
    if (word.length >= suffix.length + 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Lowercase, no accents, punctuation as single spaces. */
function plainText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function expandWords(plain: string): string[] {
  if (!plain) return [];
  const words: string[] = [];
  for (const raw of plain.split(' ')) {
    const expanded = informal[raw] ?? informal[stripClitic(raw)] ?? stripClitic(raw);
    words.push(...expanded.split(' '));
  }
  return words;
}

/** Lowercase, no accents, punctuation as spaces, shorthand expanded; every word, stopwords included. */
export function normalizeWords(text: string): string[] {
  return expandWords(plainText(text));
}

const saysNothing = (word: string) => stopwords.has(word) || /^\d+$/.test(word);

/** The words that say what a text is about, as written (shorthand expanded, clitics off). */
export function topicWords(text: string): string[] {
  return normalizeWords(text).filter((w) => !saysNothing(w));
}

/**
 * The words that say what a text is about, in the studio's words: phrases folded ("uang muka" → "dp"),
 * each word stemmed ("pengambilan" → "ambil") and read as its synonym group's word ("jemput" → "ambil").
 */
export function studioTopicWords(text: string): string[] {
  // Phrases after the shorthand is expanded, so "dmn" meets "di mana" and "lok" meets "share lokasi".
  let words = expandWords(plainText(text)).join(' ');
  for (const [phrase, replacement] of studioPhrases) words = words.replace(phrase, replacement);
  return words
    .split(' ')
    .filter((w) => w && !saysNothing(w))
    .map((w) => studioWord(stemWord(w)))
    .filter((w) => !saysNothing(w));
}
