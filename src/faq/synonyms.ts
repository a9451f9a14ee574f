/**
 * The studio's everyday words and the other words customers use for the same thing: each group is read as
 * its first word, in questions and in FAQ entries alike, so "berapa lama editnya" meets "Kapan … hasil edit"
 * and "share lokasi" meets "alamat". Words are compared after stemming (stem.ts), so a group lists roots
 * ("kirim", not "dikirim"); English inflections are listed, since the stemmer is for Indonesian.
 */
// biome-ignore format: one group a line reads as a thesaurus
const groups: readonly (readonly string[])[] = [
  // Edited photos and when they are ready.
  ['edit', 'editing', 'edited', 'edits', 'retouch', 'retus', 'olah'],
  ['hasil', 'result', 'results'],
  ['selesai', 'jadi', 'siap', 'ready', 'beres', 'kelar', 'rampung', 'done', 'finish', 'finished'],
  // "Berapa lama" asks when something will be done: a question word, weak like "kapan" (normalize.ts).
  ['kapan', 'lama', 'durasi', 'estimasi', 'when'],
  ['ambil', 'jemput', 'pickup', 'collect', 'collected'],
  ['kirim', 'send', 'sent', 'deliver', 'delivered', 'arrive', 'arrives'],
  ['file', 'files', 'softfile', 'softcopy'],
  ['drive', 'gdrive'],
  ['cetak', 'print', 'prints', 'printed', 'printing', 'cuci', 'afdruk'],
  ['foto', 'photo', 'photos', 'gambar', 'picture', 'pictures', 'pic', 'pics'],
  ['proses', 'process', 'processing'],
  // Where the studio is.
  ['alamat', 'lokasi', 'letak', 'address', 'location', 'located', 'where', 'maps', 'map', 'gmaps', 'peta', 'sharelok', 'shareloc', 'rute'],
  ['parkir', 'parking', 'park'],
  ['mobil', 'car', 'cars'],
  ['motor', 'motorbike', 'motorbikes', 'motorcycle'],
  // When it is open.
  ['buka', 'open', 'opening', 'opens', 'operasional', 'operasi', 'tutup', 'close', 'closed', 'closes', 'libur', 'holiday'],
  ['jam', 'pukul', 'hours', 'hour'],
  ['hari', 'day', 'days'],
  ['minggu', 'sunday', 'ahad'],
  // Paying.
  ['bayar', 'pay', 'paid', 'paying', 'payment', 'lunas', 'settle', 'qris', 'tunai', 'cash'],
  ['transfer', 'transferred'],
  ['rekening', 'account', 'bank', 'bca', 'bri', 'bni', 'mandiri'],
  ['dp', 'deposit', 'panjar'],
  ['harga', 'biaya', 'tarif', 'ongkos', 'price', 'prices', 'pricelist', 'cost', 'costs', 'fee'],
  // Changing or cancelling a booking.
  ['ubah', 'ganti', 'pindah', 'geser', 'undur', 'tunda', 'reschedule', 'rescheduling', 'change', 'move', 'postpone'],
  ['jadwal', 'jadual', 'schedule', 'tanggal', 'date'],
  ['batal', 'cancel', 'cancelled', 'canceled', 'cancellation', 'cancelling'],
  ['refund', 'kembali', 'balik', 'refunds'],
  ['reservasi', 'booking', 'book', 'booked', 'order'],
  // What to wear and bring.
  ['baju', 'pakaian', 'kostum', 'busana', 'outfit', 'outfits', 'costume', 'costumes', 'clothes', 'kebaya', 'gaun', 'dress', 'jas', 'suit', 'suits'],
  ['properti', 'property', 'props', 'prop', 'aksesoris', 'atribut', 'perlengkapan'],
  ['toga', 'gown', 'gowns'],
  ['bawa', 'bring', 'brought'],
  ['pinjam', 'sewa', 'rent', 'borrow'],
  ['gratis', 'free'],
  // Points and inviting friends.
  ['poin', 'point', 'points', 'reward', 'rewards'],
  ['tukar', 'redeem', 'redeemed'],
  ['teman', 'temen', 'kawan', 'friend', 'friends'],
  ['ajak', 'undang', 'invite', 'refer', 'referral', 'referal'],
  ['kode', 'code'],
  ['bonus', 'hadiah'],
  ['dapat', 'dapet', 'get', 'earn', 'earns'],
];

/**
 * Several words that mean one, replaced in the lowercased text before it is split ("uang muka" is a down
 * payment, not money and a face). Keys are matched as whole words.
 */
export const studioPhrases: ReadonlyArray<readonly [RegExp, string]> = [
  [/\buang muka\b/g, 'dp'],
  [/\bdown ?payment\b/g, 'dp'],
  [/\bsoft ?(?:file|copy)\b/g, 'file'],
  [/\bgoogle drive\b/g, 'drive'],
  [/\bgoogle ?maps?\b/g, 'maps'],
  [/\bshare ?(?:loc|lok|lokasi|location)\b/g, 'lokasi'],
  [/\bpick ?up\b/g, 'ambil'],
  [/\bhow long\b/g, 'kapan'],
  // "Where" is "di mana" (the informal "dmn", "dimana" arrive expanded); "ke mana" (where to) is not.
  [/\bdi mana\b/g, 'alamat'],
  // Days ahead say when, not what about: "bisa diundur ke minggu depan?" is not about Sunday hours.
  [/\b(?:minggu|bulan|tahun) (?:depan|ini|lalu)\b/g, ''],
  [/\bwhat time\b/g, 'jam'],
  // Changing clothes is about outfits, not about moving the booking ("ganti jadwal").
  [/\bganti (baju|kostum|pakaian|outfit)\b/g, '$1'],
];

const canonical = new Map<string, string>();
for (const group of groups) for (const word of group) canonical.set(word, group[0]!);

/** The word the studio writes for `word` ("lokasi" → "alamat"), or the word itself. */
export function studioWord(word: string): string {
  return canonical.get(word) ?? word;
}

/** Every word in the groups: roots the stemmer may resolve an ambiguous prefix to. */
export const synonymWords: ReadonlySet<string> = new Set(canonical.keys());
