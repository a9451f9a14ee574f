export {
  deliveryTarget,
  findCustomerByIdentity,
  type LinkIdentityInput,
  linkIdentity,
  listIdentities,
  markIdentityUnreachable,
  touchIdentity,
} from './identities.ts';
export { cleanReferralCode, findCustomerByPhone, findReferrer } from './insert.ts';
export { normalizePhone, phoneFromWhatsappId, tryNormalizePhone } from './phone.ts';
export {
  anonymizeCustomer,
  type CustomerPatch,
  createCustomerByStaff,
  getCustomer,
  getCustomerByCode,
  type StaffCustomerInput,
  setCustomerLocale,
  setMembership,
  setPromoOptIn,
  updateCustomer,
} from './profile.ts';
export { type RegistrationInput, type RegistrationResult, registerCustomer } from './register.ts';
export { type CustomerPage, type CustomerSearch, searchCustomers } from './search.ts';
export { linkChatByStaffCode, type StaffLinkResult } from './staff-link.ts';
export type { Channel, ChannelIdentity, Customer, DeliveryTarget, Locale, Membership } from './types.ts';
export {
  type CheckCodeResult,
  CODE_TTL_MS,
  checkPhoneCode,
  classifyPhoneClaim,
  MAX_CODE_ATTEMPTS,
  type PhoneClaim,
  RESEND_AFTER_MS,
  STAFF_CODE_TTL_MS,
  type StartVerificationResult,
  startPhoneVerification,
} from './phone-verification.ts';
