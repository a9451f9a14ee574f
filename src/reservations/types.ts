import type {
  Channel,
  paymentProofs,
  ReservationStatus,
  reservationItems,
  reservations,
} from '../../db/schema/index.ts';

export type Reservation = typeof reservations.$inferSelect;
export type ReservationItem = typeof reservationItems.$inferSelect;
export type PaymentProof = typeof paymentProofs.$inferSelect;
export type { Channel, ReservationStatus };

/** Options every time-aware function accepts; the studio's zone defaults to Asia/Jakarta. */
export interface ZoneOption {
  timeZone?: string;
}

export interface AvailableDate {
  /** Local date in the studio's zone, 'YYYY-MM-DD'. */
  date: string;
  /** Slots on that date where the product still fits. */
  freeSlots: number;
}

export interface AvailableSlot {
  startAt: Date;
  /** Local 'HH:MM' in the studio's zone. */
  time: string;
  /** Bookings still possible at this start (capacity minus the busiest slot the session covers). */
  free: number;
}

export interface QuoteItem {
  kind: 'package' | 'addon';
  productId: number;
  bundleId: number | null;
  name: string;
  nameEn: string | null;
  /** The product's own price in rupiah; bundle savings are in `saving` and the quote's discount. */
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** Rupiah saved on this line by its bundle (0 for the package). */
  saving: number;
}

export interface Quote {
  productId: number;
  startAt: Date;
  endAt: Date;
  items: QuoteItem[];
  /** Sum of line totals at list prices, rupiah. */
  subtotal: number;
  /** Sum of bundle savings, rupiah. */
  discount: number;
  /** Points spent on this booking. */
  pointsRedeemed: number;
  /** Rupiah those points take off. */
  pointsValue: number;
  /** subtotal − discount − pointsValue, rupiah. */
  total: number;
  /** Most points this customer may spend on this booking (balance and maxRedeemPercent). */
  maxRedeemablePoints: number;
  /** The customer's balance when quoted. */
  pointsBalance: number;
}

export interface ReservationWithItems {
  reservation: Reservation;
  items: ReservationItem[];
}

export interface ReservationDetail extends ReservationWithItems {
  customer: {
    id: number;
    code: string;
    name: string;
    phone: string | null;
    membership: 'member' | 'regular';
  };
  proofs: Array<{ id: number; fileId: number; mime: string; size: number; createdAt: Date }>;
}

/** A row in lists: the reservation plus what a list shows without another query. */
export interface ReservationListRow extends Reservation {
  packageName: string;
  customerName: string;
  customerCode: string;
  customerPhone: string | null;
}

export interface ReservationPage {
  rows: ReservationListRow[];
  /** Pass back as `cursor` for the next page; undefined on the last page. */
  nextCursor: string | undefined;
}

export interface Receipt {
  reservationId: number;
  code: string;
  status: ReservationStatus;
  customerName: string;
  customerCode: string;
  items: Array<{ name: string; unitPrice: number; quantity: number; lineTotal: number }>;
  subtotal: number;
  discount: number;
  pointsRedeemed: number;
  pointsValue: number;
  total: number;
  startAt: Date;
  endAt: Date;
  paymentDeadline: Date | null;
  confirmedAt: Date | null;
  studio: { name: string; address: string; mapUrl: string; phone: string };
  banks: Array<{ bank: string; number: string; holder: string }>;
}
