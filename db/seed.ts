import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { DbOrTx } from './client.ts';
import { ensureStudioSettings } from './defaults.ts';
import { bundleProducts, bundles, faqEntries, files, products } from './schema/index.ts';

interface DemoProduct {
  code: string;
  kind: 'package' | 'addon';
  category: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  price: number;
  durationMinutes: number;
  color: [string, string];
}

const demoProducts: DemoProduct[] = [
  {
    code: 'STD-01',
    kind: 'package',
    category: 'studio',
    name: 'Foto Studio Personal',
    nameEn: 'Personal Studio Portrait',
    description:
      '1 orang, 2 ganti baju, 10 foto edit, 1 cetak 4R. Cocok untuk foto profil dan lamaran kerja.',
    descriptionEn:
      '1 person, 2 outfits, 10 edited photos, one 4R print. Good for profiles and job applications.',
    price: 150_000,
    durationMinutes: 30,
    color: ['#f59e0b', '#b45309'],
  },
  {
    code: 'STD-02',
    kind: 'package',
    category: 'studio',
    name: 'Foto Studio Couple / Sahabat',
    nameEn: 'Couple / Friends Studio Session',
    description: '2–4 orang, 3 latar, 20 foto edit, 2 cetak 5R.',
    descriptionEn: '2–4 people, 3 backdrops, 20 edited photos, two 5R prints.',
    price: 250_000,
    durationMinutes: 45,
    color: ['#ec4899', '#9d174d'],
  },
  {
    code: 'WIS-01',
    kind: 'package',
    category: 'wisuda',
    name: 'Wisuda Personal',
    nameEn: 'Graduation Portrait',
    description: 'Foto wisuda 1 orang dengan properti toga, 15 foto edit, 1 cetak 10R.',
    descriptionEn: 'Graduation portrait with gown props, 15 edited photos, one 10R print.',
    price: 200_000,
    durationMinutes: 45,
    color: ['#2563eb', '#1e3a8a'],
  },
  {
    code: 'WIS-02',
    kind: 'package',
    category: 'wisuda',
    name: 'Wisuda Bersama Keluarga',
    nameEn: 'Graduation with Family',
    description: 'Wisudawan + keluarga sampai 8 orang, 25 foto edit, 1 cetak 12R.',
    descriptionEn: 'Graduate plus family up to 8 people, 25 edited photos, one 12R print.',
    price: 450_000,
    durationMinutes: 60,
    color: ['#0ea5e9', '#075985'],
  },
  {
    code: 'KEL-01',
    kind: 'package',
    category: 'keluarga',
    name: 'Foto Keluarga Kecil',
    nameEn: 'Small Family Session',
    description: 'Sampai 5 orang, 2 latar, 20 foto edit, 1 cetak 10R.',
    descriptionEn: 'Up to 5 people, 2 backdrops, 20 edited photos, one 10R print.',
    price: 350_000,
    durationMinutes: 60,
    color: ['#10b981', '#065f46'],
  },
  {
    code: 'KEL-02',
    kind: 'package',
    category: 'keluarga',
    name: 'Foto Keluarga Besar',
    nameEn: 'Extended Family Session',
    description: 'Sampai 15 orang, 3 latar, 35 foto edit, 1 cetak 16R + bingkai.',
    descriptionEn: 'Up to 15 people, 3 backdrops, 35 edited photos, one framed 16R print.',
    price: 650_000,
    durationMinutes: 90,
    color: ['#22c55e', '#14532d'],
  },
  {
    code: 'DOK-01',
    kind: 'package',
    category: 'dokumentasi',
    name: 'Dokumentasi Acara 3 Jam',
    nameEn: 'Event Coverage, 3 Hours',
    description: '1 fotografer, liputan 3 jam di Tanjungpinang, semua file + 50 foto edit.',
    descriptionEn: '1 photographer, 3 hours in Tanjungpinang, all files plus 50 edited photos.',
    price: 1_200_000,
    durationMinutes: 180,
    color: ['#8b5cf6', '#4c1d95'],
  },
  {
    code: 'NIK-01',
    kind: 'package',
    category: 'pernikahan',
    name: 'Prewedding Outdoor',
    nameEn: 'Outdoor Pre-wedding',
    description: '4 jam di 2 lokasi (Pantai Trikora atau Pulau Penyengat), 40 foto edit, 1 cetak 16R.',
    descriptionEn:
      '4 hours at 2 locations (Trikora Beach or Penyengat Island), 40 edited photos, one 16R print.',
    price: 2_500_000,
    durationMinutes: 240,
    color: ['#f43f5e', '#881337'],
  },
  {
    code: 'NIK-02',
    kind: 'package',
    category: 'pernikahan',
    name: 'Dokumentasi Akad Nikah',
    nameEn: 'Wedding Ceremony Coverage',
    description: '2 fotografer, akad + resepsi 4 jam, 100 foto edit, album 20 halaman.',
    descriptionEn: '2 photographers, ceremony and reception for 4 hours, 100 edited photos, a 20-page album.',
    price: 3_500_000,
    durationMinutes: 240,
    color: ['#e11d48', '#4c0519'],
  },
  {
    code: 'PRO-01',
    kind: 'package',
    category: 'produk',
    name: 'Foto Produk UMKM',
    nameEn: 'Product Photos for Small Business',
    description: '10 produk, latar putih + 1 latar tema, siap untuk marketplace.',
    descriptionEn: '10 products, white background plus one themed, ready for marketplaces.',
    price: 300_000,
    durationMinutes: 60,
    color: ['#f97316', '#7c2d12'],
  },
  {
    code: 'ADD-10R',
    kind: 'addon',
    category: 'tambahan',
    name: 'Cetak 10R + Bingkai',
    nameEn: '10R Print + Frame',
    description: 'Cetak 10R kertas doff dengan bingkai kayu minimalis.',
    descriptionEn: 'A matte 10R print in a minimalist wooden frame.',
    price: 100_000,
    durationMinutes: 0,
    color: ['#a16207', '#422006'],
  },
  {
    code: 'ADD-EDIT',
    kind: 'addon',
    category: 'tambahan',
    name: 'Edit Tambahan 5 Foto',
    nameEn: '5 Extra Edited Photos',
    description: 'Lima foto tambahan diedit lengkap (retouch kulit dan warna).',
    descriptionEn: 'Five more photos, fully retouched.',
    price: 50_000,
    durationMinutes: 0,
    color: ['#64748b', '#1e293b'],
  },
  {
    code: 'ADD-MUA',
    kind: 'addon',
    category: 'tambahan',
    name: 'Make Up (MUA)',
    nameEn: 'Make-up Artist',
    description: 'Make up oleh MUA rekanan studio, datang 45 menit sebelum sesi.',
    descriptionEn: 'Make-up by the studio’s partner artist, 45 minutes before the session.',
    price: 150_000,
    durationMinutes: 0,
    color: ['#d946ef', '#701a75'],
  },
  {
    code: 'ADD-ALBUM',
    kind: 'addon',
    category: 'tambahan',
    name: 'Album Kolase 20 Halaman',
    nameEn: '20-page Collage Album',
    description: 'Album hardcover 20 halaman, desain oleh tim studio.',
    descriptionEn: 'A 20-page hardcover album designed by the studio.',
    price: 350_000,
    durationMinutes: 0,
    color: ['#0d9488', '#134e4a'],
  },
];

const demoBundles = [
  {
    name: 'Tambah cetak 10R + bingkai, hemat Rp 25.000',
    nameEn: 'Add a framed 10R print, save Rp 25.000',
    addon: 'ADD-10R',
    discountAmount: 25_000,
    bundlePrice: null,
    with: ['STD-02', 'WIS-01', 'WIS-02', 'KEL-01', 'KEL-02'],
  },
  {
    name: 'Make up oleh MUA cuma Rp 120.000',
    nameEn: 'Make-up by our artist for only Rp 120.000',
    addon: 'ADD-MUA',
    discountAmount: 0,
    bundlePrice: 120_000,
    with: ['WIS-01', 'WIS-02', 'STD-01'],
  },
  {
    name: 'Album kolase, hemat Rp 100.000',
    nameEn: 'Collage album, save Rp 100.000',
    addon: 'ADD-ALBUM',
    discountAmount: 100_000,
    bundlePrice: null,
    with: ['NIK-01', 'DOK-01', 'KEL-02'],
  },
  {
    name: 'Edit tambahan 5 foto, hemat Rp 10.000',
    nameEn: '5 extra edits, save Rp 10.000',
    addon: 'ADD-EDIT',
    discountAmount: 10_000,
    bundlePrice: null,
    with: ['STD-01', 'PRO-01', 'WIS-01'],
  },
];

const demoFaq = [
  {
    question: 'Di mana alamat studio?',
    answer: 'Jl. Merdeka No. 21, Tanjungpinang Kota. Parkir motor dan mobil tersedia di depan studio.',
    questionEn: 'Where is the studio?',
    answerEn:
      'Jl. Merdeka No. 21, Tanjungpinang Kota. Parking for motorbikes and cars is in front of the studio.',
    keywords: 'alamat lokasi lokasinya dimana maps peta parkir address location where',
  },
  {
    question: 'Jam buka studio?',
    answer:
      'Senin–Sabtu 09.00–18.00 WIB, Minggu 10.00–16.00 WIB. Sesi di luar jam itu bisa diatur lewat chat.',
    questionEn: 'What are the opening hours?',
    answerEn: 'Monday–Saturday 09:00–18:00 WIB, Sunday 10:00–16:00 WIB. Other times can be arranged in chat.',
    keywords: 'jam buka tutup operasional hari minggu libur open hours',
  },
  {
    question: 'Bagaimana cara bayar?',
    answer:
      'Setelah reservasi, transfer ke rekening studio (BCA atau BRI) sebelum batas waktu, lalu kirim foto bukti transfer di chat ini. Staf kami akan mengecek dan mengonfirmasi.',
    questionEn: 'How do I pay?',
    answerEn:
      'After booking, transfer to the studio account (BCA or BRI) before the deadline, then send a photo of the transfer receipt in this chat. Our staff will check and confirm.',
    keywords: 'bayar pembayaran transfer rekening bank dp lunas payment pay',
  },
  {
    question: 'Kapan foto hasil edit bisa diambil?',
    answer:
      'File edit dikirim 3–5 hari kerja setelah sesi lewat Google Drive. Cetakan bisa diambil di studio.',
    questionEn: 'When are the edited photos ready?',
    answerEn:
      'Edited files arrive 3–5 working days after the session via Google Drive. Prints are picked up at the studio.',
    keywords: 'hasil edit jadi kapan selesai ambil kirim drive file ready',
  },
  {
    question: 'Bisa ganti jadwal atau batal?',
    answer:
      'Bisa. Ubah jadwal gratis paling lambat 24 jam sebelum sesi. Pembatalan setelah pembayaran dikonfirmasi, dana kembali 50%.',
    questionEn: 'Can I reschedule or cancel?',
    answerEn:
      'Yes. Rescheduling is free up to 24 hours before the session. After payment is confirmed, cancelling refunds 50%.',
    keywords: 'reschedule ganti jadwal ubah batal cancel refund uang kembali',
  },
  {
    question: 'Boleh bawa baju dan properti sendiri?',
    answer: 'Boleh sekali. Studio juga punya toga, jas, dan properti wisuda yang bisa dipakai gratis.',
    questionEn: 'Can I bring my own outfits and props?',
    answerEn: 'Of course. The studio also has gowns, suits and graduation props to use for free.',
    keywords: 'baju kostum properti toga bawa sendiri outfit props',
  },
  {
    question: 'Bagaimana cara dapat dan pakai poin?',
    answer:
      'Setiap belanja Rp 10.000 dapat 1 poin setelah sesi selesai. 1 poin = Rp 100 potongan, bisa dipakai sampai 50% dari total saat reservasi.',
    questionEn: 'How do points work?',
    answerEn:
      'Every Rp 10.000 spent earns 1 point once the session is completed. 1 point = Rp 100 off, usable for up to 50% of a booking’s total.',
    keywords: 'poin point reward hadiah member diskon potongan tukar',
  },
  {
    question: 'Apa itu program Ajak Teman?',
    answer:
      'Bagikan kode Anda. Teman yang daftar dengan kode itu dapat 50 poin, dan Anda dapat 100 poin setelah sesi pertamanya selesai.',
    questionEn: 'What is the referral programme?',
    answerEn:
      'Share your code. A friend who registers with it gets 50 points, and you get 100 once their first session is completed.',
    keywords: 'ajak teman referral kode undang bonus refer friend',
  },
];

/** A simple, pleasant placeholder photo for a package: a gradient card with its name. */
async function demoPhoto(product: DemoProduct): Promise<Buffer> {
  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${product.color[0]}"/><stop offset="1" stop-color="${product.color[1]}"/>
  </linearGradient></defs>
  <rect width="800" height="600" fill="url(#g)"/>
  <circle cx="400" cy="230" r="90" fill="none" stroke="#fff" stroke-width="14" opacity="0.85"/>
  <circle cx="400" cy="230" r="40" fill="#fff" opacity="0.85"/>
  <text x="400" y="410" font-family="DejaVu Sans, sans-serif" font-size="44" font-weight="bold" fill="#fff" text-anchor="middle">${escapeHtml(product.name)}</text>
  <text x="400" y="470" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#fff" opacity="0.9" text-anchor="middle">Potret Studio Tanjungpinang</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/**
 * The demo studio: packages with photos, add-ons, cross-sell bundles and FAQ. Runs only on an empty
 * catalog, so it never overwrites the studio's own data.
 */
export async function seedDemoStudio(db: DbOrTx): Promise<{ seeded: boolean }> {
  await ensureStudioSettings(db);
  const [existing] = await db.select({ count: sql<number>`count(*)::int` }).from(products);
  if ((existing?.count ?? 0) > 0) return { seeded: false };

  const idsByCode = new Map<string, number>();
  for (const [index, product] of demoProducts.entries()) {
    const photo = await demoPhoto(product);
    const [file] = await db
      .insert(files)
      .values({
        sha256: createHash('sha256').update(photo).digest('hex'),
        mime: 'image/jpeg',
        size: photo.byteLength,
        width: 800,
        height: 600,
        originalName: `${product.code.toLowerCase()}.jpg`,
        purpose: 'product',
        data: photo,
      })
      .returning({ id: files.id });
    const { color: _color, ...fields } = product;
    const [row] = await db
      .insert(products)
      .values({ ...fields, photoFileId: file!.id, sortOrder: index })
      .returning({ id: products.id });
    idsByCode.set(product.code, row!.id);
  }
  for (const bundle of demoBundles) {
    const [row] = await db
      .insert(bundles)
      .values({
        name: bundle.name,
        nameEn: bundle.nameEn,
        addonProductId: idsByCode.get(bundle.addon)!,
        discountAmount: bundle.discountAmount,
        bundlePrice: bundle.bundlePrice,
      })
      .returning({ id: bundles.id });
    await db
      .insert(bundleProducts)
      .values(bundle.with.map((code) => ({ bundleId: row!.id, productId: idsByCode.get(code)! })));
  }
  await db.insert(faqEntries).values(demoFaq.map((entry, index) => ({ ...entry, sortOrder: index })));
  return { seeded: true };
}
