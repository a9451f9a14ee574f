import type { ErrorCode } from '../../errors.ts';
import { defineMessages } from '../define.ts';

const id = {
  VALIDATION: 'Maaf, ada isian yang belum sesuai. Silakan periksa lagi ya.',
  CURSOR_INVALID: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
  NOT_FOUND: 'Maaf, data yang Anda cari tidak ditemukan.',
  UNAUTHORIZED: 'Silakan masuk terlebih dahulu.',
  FORBIDDEN: 'Maaf, Anda tidak punya akses untuk ini.',
  CONFLICT: 'Data ini baru saja berubah. Silakan coba lagi.',
  RATE_LIMITED: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi ya.',
  PHONE_INVALID: 'Nomor HP belum benar, Kak. Contoh: 0812 3456 7890 atau +62 812 3456 7890.',
  PHONE_TAKEN: 'Nomor HP ini sudah terdaftar atas nama pelanggan lain.',
  CUSTOMER_NOT_FOUND: 'Data pelanggan tidak ditemukan.',
  PRODUCT_NOT_FOUND: 'Paket tidak ditemukan.',
  PRODUCT_INACTIVE: 'Maaf, paket ini sedang tidak tersedia.',
  BUNDLE_NOT_AVAILABLE: 'Maaf, promo paket tambahan ini sudah tidak berlaku.',
  SLOT_INVALID: 'Maaf, jam yang dipilih tidak ada di jadwal studio. Silakan pilih jam lain.',
  SLOT_IN_PAST: 'Jam tersebut sudah lewat. Silakan pilih jam lain.',
  SLOT_FULL: 'Maaf, jam tersebut baru saja penuh. Silakan pilih jam lain.',
  STUDIO_CLOSED: 'Maaf, studio tutup pada hari tersebut. Silakan pilih tanggal lain.',
  RESERVATION_NOT_FOUND: 'Maaf, reservasi itu tidak ditemukan.',
  RESERVATION_NOT_PAYABLE: 'Reservasi ini sudah tidak menunggu pembayaran, jadi bukti transfer tidak diperlukan lagi.',
  RESERVATION_NOT_CANCELLABLE: 'Reservasi ini sudah tidak bisa dibatalkan lewat chat. Silakan hubungi studio.',
  INVALID_TRANSITION: 'Status reservasi tidak bisa diubah seperti itu.',
  ALREADY_DONE: 'Ini sudah diproses sebelumnya.',
  SESSION_NOT_STARTED: 'Sesi ini belum dimulai, jadi belum bisa ditandai selesai atau tidak datang.',
  CUSTOMER_DOUBLE_BOOKED:
    'Kakak sudah punya reservasi lain di jam yang sama. Silakan pilih jam lain, atau lihat reservasinya di menu "Reservasi Saya" ya.',
  FILE_TOO_LARGE: 'Ukuran file terlalu besar (maksimal 10 MB). Coba kirim foto yang lebih kecil ya.',
  FILE_NOT_IMAGE: 'File harus berupa foto (JPG, PNG, atau WebP).',
  PROOF_LIMIT_BOOKING:
    'Terima kasih, Kak! Kami sudah menerima 5 foto bukti transfer untuk reservasi ini, jadi tidak perlu kirim lagi. Tim kami akan segera memeriksanya ya.',
  PROOF_LIMIT_DAY:
    'Terima kasih, Kak! Hari ini sudah 20 foto bukti transfer yang kami terima dari Kakak. Tim kami akan memeriksanya dulu ya; kalau masih perlu, silakan kirim lagi besok.',
  TEXT_UNREADABLE:
    'Maaf, teks yang dikirim berisi karakter yang tidak bisa kami baca atau simpan. Coba ketik ulang tanpa karakter khusus itu ya.',
  QR_NOT_FOUND:
    'Tidak ada kode QR yang terbaca di gambar ini. Unggah gambar QRIS yang utuh dan jelas (tidak terpotong, tidak buram).',
  QRIS_NOT_QRIS: 'Gambar ini bukan QRIS. Unggah gambar QRIS statis yang diberikan bank atau e-wallet studio.',
  QRIS_INVALID:
    'Kode QR ini tidak sesuai format QRIS, jadi tidak bisa dipakai. Unggah gambar QRIS asli dari bank atau e-wallet studio.',
  QRIS_CRC_MISMATCH:
    'Kode QRIS ini rusak: angka pemeriksaannya (CRC) tidak cocok. Unggah ulang gambar QRIS asli dari bank atau e-wallet studio.',
  QRIS_NOT_STATIC:
    'Ini QRIS dinamis yang hanya berlaku untuk satu transaksi. Unggah QRIS statis studio, yang bisa dipakai untuk banyak pembayaran.',
  POINTS_INSUFFICIENT: 'Poin Anda belum cukup.',
  POINTS_LIMIT: 'Jumlah poin melebihi batas yang boleh dipakai untuk reservasi ini.',
  COMPLAINT_NOT_FOUND: 'Maaf, keluhan itu tidak ditemukan.',
  COMPLAINT_CLOSED: 'Keluhan ini sudah ditutup. Kalau masih ada masalah, silakan buat keluhan baru.',
  RATING_NOT_ALLOWED: 'Rating hanya bisa diberikan untuk sesi yang sudah selesai.',
  RATING_DUPLICATE: 'Anda sudah memberi rating untuk ini. Terima kasih!',
  FAQ_NOT_FOUND: 'Pertanyaan tidak ditemukan.',
  BROADCAST_NOT_FOUND: 'Broadcast tidak ditemukan.',
  BROADCAST_NOT_EDITABLE: 'Broadcast ini sudah berjalan dan tidak bisa diubah.',
  CHANNEL_UNAVAILABLE: 'Layanan pesan sedang tidak tersedia. Coba lagi nanti.',
  LOGIN_FAILED: 'Email atau kata sandi salah.',
  LOGIN_THROTTLED: 'Terlalu banyak percobaan masuk. Tunggu sebentar, lalu coba lagi.',
  CSRF_INVALID: 'Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.',
  INTERNAL: 'Maaf, terjadi gangguan. Silakan coba lagi sebentar lagi.',
} satisfies Record<ErrorCode, string>;

export const errors = defineMessages(id, {
  VALIDATION: 'Sorry, something in the form is not right. Please check it again.',
  CURSOR_INVALID: 'This page link is not valid. Please start again from the first page.',
  NOT_FOUND: 'Sorry, we could not find that.',
  UNAUTHORIZED: 'Please sign in first.',
  FORBIDDEN: 'Sorry, you do not have access to this.',
  CONFLICT: 'This just changed. Please try again.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  PHONE_INVALID: 'That phone number does not look right. Example: 0812 3456 7890 or +62 812 3456 7890.',
  PHONE_TAKEN: 'This phone number already belongs to another customer.',
  CUSTOMER_NOT_FOUND: 'Customer not found.',
  PRODUCT_NOT_FOUND: 'Package not found.',
  PRODUCT_INACTIVE: 'Sorry, this package is not available right now.',
  BUNDLE_NOT_AVAILABLE: 'Sorry, this add-on offer is no longer valid.',
  SLOT_INVALID: 'Sorry, that time is not on the studio schedule. Please choose another time.',
  SLOT_IN_PAST: 'That time has already passed. Please choose another.',
  SLOT_FULL: 'Sorry, that time has just been booked. Please choose another.',
  STUDIO_CLOSED: 'Sorry, the studio is closed on that day. Please choose another date.',
  RESERVATION_NOT_FOUND: 'Booking not found.',
  RESERVATION_NOT_PAYABLE: 'This booking is no longer waiting for payment, so no transfer receipt is needed.',
  RESERVATION_NOT_CANCELLABLE: 'This booking can no longer be cancelled in chat. Please contact the studio.',
  INVALID_TRANSITION: 'The booking status cannot change that way.',
  ALREADY_DONE: 'This has already been done.',
  SESSION_NOT_STARTED: 'This session has not started yet, so it cannot be marked completed or no-show.',
  CUSTOMER_DOUBLE_BOOKED:
    'You already have another booking at that time. Please choose another time, or see it under "My Bookings".',
  FILE_TOO_LARGE: 'The file is too large (10 MB at most). Please send a smaller photo.',
  FILE_NOT_IMAGE: 'The file must be a photo (JPG, PNG or WebP).',
  PROOF_LIMIT_BOOKING:
    'Thank you! We already have 5 transfer proof photos for this booking, so there is no need to send more. Our team will check them soon.',
  PROOF_LIMIT_DAY:
    'Thank you! We have received 20 transfer proof photos from you today. Our team will check them first; if another is still needed, please send it tomorrow.',
  TEXT_UNREADABLE:
    'Sorry, the text sent has characters we cannot read or store. Please type it again without those special characters.',
  QR_NOT_FOUND:
    'No QR code could be read in this image. Upload a whole, sharp QRIS image (not cropped, not blurred).',
  QRIS_NOT_QRIS:
    "This image is not a QRIS. Upload the static QRIS image the studio's bank or e-wallet gave it.",
  QRIS_INVALID:
    "This QR code does not follow the QRIS format, so it cannot be used. Upload the original QRIS image from the studio's bank or e-wallet.",
  QRIS_CRC_MISMATCH:
    "This QRIS code is damaged: its check digits (CRC) do not match. Upload the original QRIS image from the studio's bank or e-wallet again.",
  QRIS_NOT_STATIC:
    "This is a dynamic QRIS, valid for one transaction only. Upload the studio's static QRIS, which works for many payments.",
  POINTS_INSUFFICIENT: 'You do not have enough points.',
  POINTS_LIMIT: 'That is more points than this booking allows.',
  COMPLAINT_NOT_FOUND: 'Complaint not found.',
  COMPLAINT_CLOSED: 'This complaint is closed. If there is still a problem, please open a new complaint.',
  RATING_NOT_ALLOWED: 'Ratings are for completed sessions only.',
  RATING_DUPLICATE: 'You have already rated this. Thank you!',
  FAQ_NOT_FOUND: 'Question not found.',
  BROADCAST_NOT_FOUND: 'Broadcast not found.',
  BROADCAST_NOT_EDITABLE: 'This broadcast has started and can no longer be changed.',
  CHANNEL_UNAVAILABLE: 'Messaging is unavailable right now. Please try again later.',
  LOGIN_FAILED: 'Wrong email or password.',
  LOGIN_THROTTLED: 'Too many sign-in attempts. Wait a moment, then try again.',
  CSRF_INVALID: 'The form has expired. Reload the page and try again.',
  INTERNAL: 'Sorry, something went wrong. Please try again shortly.',
});
