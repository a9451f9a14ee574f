export {
  type AvailableDatesInput,
  type AvailableSlotsInput,
  availableDates,
  availableSlots,
} from './availability.ts';
export { type CreateReservationInput, createReservation } from './create.ts';
export {
  MAX_PROOFS_PER_BOOKING,
  MAX_PROOFS_PER_CUSTOMER_DAY,
  type SubmitProofInput,
  type SubmittedProof,
  submitProof,
} from './proofs.ts';
export {
  getReservation,
  getReservationByCode,
  getReservationDetail,
  type ListReservationsInput,
  listCustomerReservations,
  listReservations,
} from './queries.ts';
export { type QuoteInput, quoteReservation } from './quote.ts';
export { receiptFor } from './receipt.ts';
export { type RescheduleReservationInput, rescheduleReservation } from './reschedule.ts';
export { DEFAULT_TIME_ZONE } from './schedule.ts';
export { canTransition, type ReservationAction, sessionMayBeClosed } from './state.ts';
export {
  claimDueRatingRequests,
  claimDueReminders,
  claimStaleProofs,
  creditMissedCompletions,
  expireOverdueHolds,
} from './sweeps.ts';
export {
  type CancelReservationInput,
  type CompletedReservation,
  cancelReservation,
  completeReservation,
  confirmReservation,
  expireReservation,
  markNoShow,
  type StaffTransitionInput,
} from './transitions.ts';
export type * from './types.ts';
