import { synonymWords } from './synonyms.ts';

/**
 * A small Indonesian stemmer for FAQ matching: "diambil", "pengambilan" and "ngambilnya" all become "ambil".
 * Indonesian builds words with prefixes (di-, ber-, ter-, meN-, peN-, and chat's ng-/ny-/nge-), suffixes
 * (-kan, -an, -i, chat's -in) and particles (-nya, -kah, -lah, -pun). Without a dictionary some of these
 * are ambiguous ("mengirim" is meng+kirim, "mengambil" meng+ambil), so the stemmer lists every reading and
 * takes the first that is a known root; with none known it takes the plain reading of the unambiguous
 * rules, and the same word always stems the same way, in questions and in FAQ entries alike.
 *
 * Sastrawi (sastrawijs on npm) does the same with a 30,000-word dictionary, but it ships a Babel 6 plugin
 * as a runtime dependency; the FAQ is tens of entries about one studio, and the roots below cover it.
 */

/** Roots the studio's questions use besides the synonym groups' words. */
// biome-ignore format: word lists and rule tables read best packed
const extraRoots = [
  'tanya', 'tunggu', 'pesan', 'pakai', 'pilih', 'lihat', 'minta', 'kasih', 'kenal', 'kerja', 'kumpul',
  'sedia', 'tambah', 'kurang', 'masuk', 'keluar', 'antar', 'urus', 'ulang', 'isi', 'beli', 'jual',
  'cek', 'tulis', 'baca', 'hubung', 'daftar', 'potret', 'potong', 'nikah', 'tahu', 'terima', 'simpan',
  'hapus', 'unduh', 'upload', 'download', 'foto', 'bukti', 'konfirmasi', 'lambat', 'cepat', 'akhir',
  'habis', 'sisa', 'lunas', 'layan', 'langgan', 'sesi', 'paket', 'wisuda', 'keluarga', 'studio', 'pinjam',
  'tukar', 'bawa', 'ajak', 'undang', 'buka', 'tutup', 'bayar', 'cetak', 'kirim', 'ambil', 'edit',
];
const roots: ReadonlySet<string> = new Set([...synonymWords, ...extraRoots]);

/** Words that look affixed but are not ("diskon" is not di+skon, "berapa" not ber+apa). */
// biome-ignore format: word lists and rule tables read best packed
const notAffixed = new Set([
  'diskon', 'digital', 'dinding', 'dingin', 'berapa', 'beranda', 'berita', 'teras', 'terus', 'perlu',
  'pernah', 'persen', 'pertama', 'kemarin', 'kembali', 'sekali', 'selesai', 'sendiri', 'semua', 'sebelum',
  'sesudah', 'setelah', 'sekarang', 'sedang', 'menit', 'meja', 'mengapa', 'bagaimana', 'pukul', 'minggu',
  'properti', 'operasional', 'pengen', 'tempat', 'memang', 'ingin', 'kapan', 'jalan', 'bulan', 'teman',
]);

const VOWEL = /^[aiueo]/;

interface Reading {
  stem: string;
  /** Taken when no reading is a known root: the rules whose root is visible in the word. */
  plain: boolean;
}

/** The root of one lowercased word, or the word itself when it has no affix the rules know. */
export function stemWord(word: string): string {
  if (word.length < 5 || roots.has(word) || notAffixed.has(word) || !/^[a-z]+$/.test(word)) return word;
  const readings = readingsOf(word);
  const known = readings.find((r) => roots.has(r.stem));
  if (known) return known.stem;
  // The most stripped plain reading that still leaves a word of four letters.
  const plain = readings.filter((r) => r.plain && r.stem.length >= 4).at(-1);
  return plain?.stem ?? word;
}

/** Every way to read `word` as affixes around a root, least stripped first. */
function readingsOf(word: string): Reading[] {
  const bases: Reading[] = [{ stem: word, plain: true }];
  const particle = /(nya|kah|lah|pun|tah)$/.exec(word);
  if (particle && word.length - particle[1]!.length >= 2) {
    bases.push({ stem: word.slice(0, -particle[1]!.length), plain: true });
  }
  const readings: Reading[] = [];
  for (const base of bases) {
    for (const suffixed of suffixReadings(base)) {
      for (const once of prefixReadings(suffixed)) {
        readings.push(once);
        // Two prefixes: "diper-", "memper-", "keter-…-an".
        if (once.stem !== suffixed.stem) readings.push(...prefixReadings(once).slice(1));
      }
    }
  }
  return readings;
}

function suffixReadings(base: Reading): Reading[] {
  const out = [base];
  const strip = (suffix: string, plain: boolean) => {
    if (base.stem.endsWith(suffix) && base.stem.length - suffix.length >= 3) {
      out.push({ stem: base.stem.slice(0, -suffix.length), plain: base.plain && plain });
    }
  };
  strip('kan', true);
  // "bagikan" is bagi+kan, not bagik+an: with -kan there, -an is only taken when it leaves a known root.
  strip('an', !base.stem.endsWith('kan'));
  // "-i" and chat's "-in" end too many roots ("hari", "lagi", "ingin") to strip unless a root results.
  strip('in', false);
  strip('i', false);
  return out;
}

/** Prefix rules: [prefix, what replaces it, plain?, letters the rest must start with]. */
// biome-ignore format: word lists and rule tables read best packed
const prefixRules: ReadonlyArray<readonly [string, string, boolean, RegExp]> = [
  ['di', '', true, /^./],
  ['ber', '', true, /^./],
  ['be', '', false, /^./],
  ['ter', '', true, /^./],
  ['te', '', false, /^./],
  ['per', '', true, /^./],
  ['ke', '', false, /^./],
  ['se', '', false, /^./],
  // meN- and peN- change the root's first letter: mem+pakai → memakai, men+tunggu → menunggu.
  ...(['me', 'pe'] as const).flatMap((p) => [
    [`${p}ng`, '', true, /^[aiueoghk]/] as const,
    [`${p}nge`, '', false, /^./] as const,
    [`${p}ng`, 'k', false, VOWEL] as const,
    [`${p}ny`, 's', true, VOWEL] as const,
    [`${p}m`, '', true, /^[bfpv]/] as const,
    [`${p}m`, 'p', true, VOWEL] as const,
    [`${p}n`, '', true, /^[cdjzt]/] as const,
    [`${p}n`, 't', true, VOWEL] as const,
    [p, '', true, /^(?:[lrwy][aiueo]|m[aiueo]|n[aiueo]|ng|ny)/] as const,
  ]),
  // Chat: "ngedit", "ngambil", "ngirim", "nyetak", "nanya", "makai": only when a known root results.
  ['nge', '', false, /^./],
  ['ng', '', false, VOWEL],
  ['ng', 'k', false, VOWEL],
  ['ny', 'c', false, VOWEL],
  ['ny', 's', false, VOWEL],
  ['n', 't', false, VOWEL],
  ['m', 'p', false, VOWEL],
];

function prefixReadings(form: Reading): Reading[] {
  const out = [form];
  for (const [prefix, replacement, plain, next] of prefixRules) {
    if (!form.stem.startsWith(prefix)) continue;
    const rest = form.stem.slice(prefix.length);
    if (rest.length < 2 || !next.test(rest)) continue;
    out.push({ stem: replacement + rest, plain: form.plain && plain });
  }
  return out;
}
