import { defineMessages } from '../define.ts';

/** What the studio sends on its own (through the outbox): confirmations, reminders, campaigns. */
export const notifications = defineMessages(
  {
    'receipt.title': '🧾 Bukti Reservasi {code}',
    'receipt.when': '🗓️ {date}\n🕑 {time}',
    'receipt.line': '• {name}{quantity} — {amount}',
    'receipt.quantity': ' ×{quantity}',
    'receipt.discount': 'Potongan bundling: -{amount}',
    'receipt.points': 'Poin dipakai: {points} poin (-{amount})',
    'receipt.total': 'Total: {amount}',
    'receipt.studio': '📍 {name}\n{address}',
    'receipt.map': '🗺️ Peta: {url}',
    'receipt.phone': '📞 {phone}',

    confirmed:
      'Kabar baik, Kak {name}! Pembayaran Anda sudah kami terima dan reservasi {code} dikonfirmasi. ✅',
    confirmedOutro: 'Sampai jumpa di studio! Mohon datang 10 menit lebih awal ya.',
    cancelled: 'Mohon maaf, Kak {name}. Reservasi {code} ({date}, {time}) sudah dibatalkan.\nAlasan: {reason}',
    cancelledPoints: 'Poin yang Anda pakai ({points} poin) sudah kami kembalikan.',
    cancelledOutro: 'Ada pertanyaan? Balas chat ini, atau pilih "Keluhan" di menu.',
    expired:
      'Kak {name}, reservasi {code} ({date}, {time}) kami batalkan otomatis karena pembayaran belum kami terima sampai batas waktunya. Jadwalnya sudah kami lepas.',
    expiredOutro: 'Masih ingin foto di tanggal itu? Silakan reservasi lagi selama jadwalnya masih kosong. 🙏',
    rescheduled:
      'Halo Kak {name}, jadwal sesi foto {code} sudah kami pindah ke {date}, pukul {time}. Sampai jumpa di studio ya!',
    rescheduledOutro: 'Jadwal baru kurang cocok? Pilih "Keluhan" di menu dan kabari kami. 🙏',
    reminder:
      '⏰ Pengingat, Kak {name}: besok sesi foto Anda!\n{code} — {items}\n🗓️ {date}, {time}\n📍 {studio}\n{address}',
    reminderOutro: 'Mohon datang 10 menit lebih awal. Sampai jumpa! 📸',
    ratingRequest:
      'Terima kasih sudah foto di {studio}, Kak {name}! 🙏\nBagaimana sesi "{item}" Anda? Pilih bintang di bawah (5 = sangat puas).',
    complaintReply: '💬 Balasan staf untuk keluhan {code}:\n\n{body}',
    complaintReplyOutro: 'Ingin membalas? Pilih "Balas" di bawah, atau ketik MENU untuk ke menu utama.',
    pointsCredited:
      '🎁 +{points} poin dari reservasi {code}. Saldo poin Anda sekarang {balance} poin. Terima kasih, Kak {name}!',
    membershipUpgraded: '🌟 Selamat! Sekarang Anda sudah menjadi Member studio kami.',
    referralCredited:
      '🎉 Teman yang Anda ajak, {friend}, baru saja menyelesaikan sesi foto pertamanya. +{points} poin untuk Anda! Saldo: {balance} poin.',
    promoFooter: 'Ketik STOP untuk berhenti menerima promo.',
    'btn.menu': '🏠 Menu',
    'btn.reply': '✍️ Balas',
    'btn.book': '🗓️ Pesan lagi',
    'btn.booking': '📋 Lihat reservasi',
  },
  {
    'receipt.title': '🧾 Booking receipt {code}',
    'receipt.when': '🗓️ {date}\n🕑 {time}',
    'receipt.line': '• {name}{quantity} — {amount}',
    'receipt.quantity': ' ×{quantity}',
    'receipt.discount': 'Bundle discount: -{amount}',
    'receipt.points': 'Points used: {points} points (-{amount})',
    'receipt.total': 'Total: {amount}',
    'receipt.studio': '📍 {name}\n{address}',
    'receipt.map': '🗺️ Map: {url}',
    'receipt.phone': '📞 {phone}',

    confirmed: 'Good news, {name}! We received your payment and booking {code} is confirmed. ✅',
    confirmedOutro: 'See you at the studio! Please arrive 10 minutes early.',
    cancelled: 'We are sorry, {name}. Booking {code} ({date}, {time}) has been cancelled.\nReason: {reason}',
    cancelledPoints: 'The points you used ({points} points) have been returned.',
    cancelledOutro: 'Questions? Reply in this chat, or choose "Complaints" in the menu.',
    expired:
      '{name}, booking {code} ({date}, {time}) was cancelled automatically because we did not receive the payment in time. The time slot has been released.',
    expiredOutro: 'Still want that date? Please book again while the time is still free. 🙏',
    rescheduled:
      'Hi {name}, your photo session {code} has been moved to {date} at {time}. See you at the studio!',
    rescheduledOutro: 'Does the new time not suit you? Choose "Complaints" in the menu and let us know. 🙏',
    reminder:
      '⏰ Reminder, {name}: your photo session is tomorrow!\n{code} — {items}\n🗓️ {date}, {time}\n📍 {studio}\n{address}',
    reminderOutro: 'Please arrive 10 minutes early. See you! 📸',
    ratingRequest:
      'Thank you for your session at {studio}, {name}! 🙏\nHow was "{item}"? Choose the stars below (5 = very happy).',
    complaintReply: '💬 Staff reply to complaint {code}:\n\n{body}',
    complaintReplyOutro: 'Want to answer? Choose "Reply" below, or type MENU for the main menu.',
    pointsCredited:
      '🎁 +{points} points from booking {code}. Your balance is now {balance} points. Thank you, {name}!',
    membershipUpgraded: '🌟 Congratulations! You are now a Member of our studio.',
    referralCredited:
      '🎉 Your friend {friend} just finished their first photo session. +{points} points for you! Balance: {balance} points.',
    promoFooter: 'Type STOP to stop receiving promotions.',
    'btn.menu': '🏠 Menu',
    'btn.reply': '✍️ Reply',
    'btn.book': '🗓️ Book again',
    'btn.booking': '📋 View booking',
  },
);
