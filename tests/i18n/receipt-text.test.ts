import { describe, expect, it } from 'vitest';
import { receiptText } from '../../src/messaging/receipt-text.ts';
import type { Receipt } from '../../src/reservations/types.ts';

const receipt: Receipt = {
  reservationId: 1,
  code: 'R-2026-000001',
  status: 'confirmed',
  customerName: 'Sari',
  customerCode: 'C-000001',
  items: [{ name: 'Wisuda Personal', unitPrice: 350_000, quantity: 1, lineTotal: 350_000 }],
  subtotal: 350_000,
  discount: 0,
  pointsRedeemed: 1_500,
  pointsValue: 15_000,
  total: 335_000,
  // 14.00–15.30 WIB.
  startAt: new Date('2026-12-05T07:00:00Z'),
  endAt: new Date('2026-12-05T08:30:00Z'),
  paymentDeadline: null,
  confirmedAt: null,
  studio: { name: 'Studio Potret', address: 'Jl. Merdeka 1, Tanjungpinang', mapUrl: '', phone: '' },
  banks: [],
};

describe('the receipt a customer reads in chat', () => {
  it('groups points as the chat does, shows rupiah and one zone after the session range', () => {
    const text = receiptText(receipt, 'id', 'Asia/Jakarta');
    expect(text).toContain('Poin dipakai: 1.500 poin (-Rp 15.000)');
    expect(text).toContain('Total: Rp 335.000');
    expect(text).toContain('🕑 14.00–15.30 WIB');
  });

  it('groups points the English way in English', () => {
    expect(receiptText(receipt, 'en', 'Asia/Jakarta')).toContain('Points used: 1,500 points (-Rp 15.000)');
  });
});
