/**
 * The domain verbs the conversation uses, in one place, so the journeys read as the studio's language
 * and a renamed domain function is fixed here once.
 */
export {
  checkPhoneCode,
  classifyPhoneClaim,
  findCustomerByIdentity,
  getCustomer,
  phoneFromWhatsappId,
  registerCustomer,
  setCustomerLocale,
  setPromoOptIn,
  startPhoneVerification,
  tryNormalizePhone,
} from '../../src/customers/index.ts';
export { getProduct, listCategories, listProducts, offersForProduct } from '../../src/catalog/index.ts';
export {
  availableDates,
  availableSlots,
  cancelReservation,
  createReservation,
  getReservationDetail,
  listCustomerReservations,
  quoteReservation,
  submitProof,
} from '../../src/reservations/index.ts';
export { getPointsSummary } from '../../src/loyalty/index.ts';
export {
  addCustomerMessage,
  listCustomerComplaints,
  listRateableItems,
  openComplaint,
  rateItem,
  setRatingComment,
} from '../../src/feedback/index.ts';
export { getFaq, listFaq, searchFaq } from '../../src/faq/index.ts';
export { getSettings } from '../../src/settings/index.ts';
export { storeImage } from '../../src/files/store.ts';
