/**
 * Why WhatsApp is not connected, as the owner can act on it. The status source (bots/whatsapp
 * status.ts and status-store.ts) reports a technical reason: a whatsapp-web.js state ('CONFLICT',
 * 'TIMEOUT', …), its disconnect reason ('LOGOUT'), 'auth_failure: …', 'stopped', the web process's
 * "the WhatsApp process is not running" / "status unavailable …", or an error text. Each code has an
 * Indonesian message with what to do (admin.wa.problem.*); an unknown reason reads as a retry.
 */
export type WhatsappProblem =
  | 'notRunning'
  | 'statusUnavailable'
  | 'loggedOut'
  | 'conflict'
  | 'phoneOffline'
  | 'outdated'
  | 'blocked'
  | 'stopped'
  | 'retrying';

const byReason: Record<string, WhatsappProblem> = {
  'the WhatsApp process is not running': 'notRunning',
  'unreadable status': 'notRunning',
  LOGOUT: 'loggedOut',
  UNPAIRED: 'loggedOut',
  UNPAIRED_IDLE: 'loggedOut',
  CONFLICT: 'conflict',
  TIMEOUT: 'phoneOffline',
  DEPRECATED_VERSION: 'outdated',
  TOS_BLOCK: 'blocked',
  SMB_TOS_BLOCK: 'blocked',
  stopped: 'stopped',
};

export function whatsappProblem(reason: string | undefined): WhatsappProblem {
  if (!reason) return 'retrying';
  if (reason.startsWith('auth_failure')) return 'loggedOut';
  if (reason.startsWith('status unavailable')) return 'statusUnavailable';
  return byReason[reason] ?? 'retrying';
}
