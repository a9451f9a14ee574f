/**
 * What the owner sees about the WhatsApp link (admin settings page, logs). Plain data, so the admin
 * app renders it without importing whatsapp-web.js.
 */
export type WhatsAppStatus =
  | { state: 'starting'; since: Date; attempt: number }
  /** Not linked yet: scan `qr` in WhatsApp → Perangkat tertaut. `qrDataUrl` is a PNG data: URL for an <img>. */
  | { state: 'waiting_for_qr'; since: Date; qr: string; qrDataUrl: string | undefined }
  | { state: 'ready'; since: Date; phone: string | undefined; pushname: string | undefined }
  /** Lost or never reached; `retryAt` says when the next attempt starts. */
  | { state: 'disconnected'; since: Date; reason: string; retryAt: Date | undefined; attempt: number }
  /** The saved session was refused; a new QR follows at `retryAt`. */
  | { state: 'auth_failure'; since: Date; message: string; retryAt: Date | undefined }
  | { state: 'stopped'; since: Date };

export type WhatsAppState = WhatsAppStatus['state'];

/** Given to the admin app; absent when WhatsApp is not enabled ("WhatsApp belum diaktifkan"). */
export interface WhatsAppStatusProvider {
  status(): WhatsAppStatus;
  /** Called on every change; returns the unsubscribe function. */
  onStatus(listener: (status: WhatsAppStatus) => void): () => void;
}

/**
 * The same, folded into the four states the admin settings page shows (admin-web/env.ts
 * WhatsappStatus): an auth failure reads as a disconnect with its reason, and the QR keeps its image.
 */
export type WhatsAppStatusSummary =
  | { state: 'starting' }
  | { state: 'qr'; qr: string; qrDataUrl?: string | undefined }
  | { state: 'ready'; phone?: string | undefined }
  /**
   * `reason` is technical (a whatsapp-web.js state such as 'CONFLICT', 'LOGOUT', 'auth_failure: …',
   * 'stopped', or status-store's texts); admin-web/pages/whatsapp-problem.ts turns it into what the owner
   * reads and does, so a new fixed reason here needs its entry there.
   */
  | { state: 'disconnected'; reason?: string | undefined };

export function summarizeStatus(status: WhatsAppStatus): WhatsAppStatusSummary {
  switch (status.state) {
    case 'starting':
      return { state: 'starting' };
    case 'waiting_for_qr':
      return { state: 'qr', qr: status.qr, qrDataUrl: status.qrDataUrl };
    case 'ready':
      return { state: 'ready', phone: status.phone };
    case 'disconnected':
      return { state: 'disconnected', reason: status.reason };
    case 'auth_failure':
      return { state: 'disconnected', reason: `auth_failure: ${status.message}` };
    case 'stopped':
      return { state: 'disconnected', reason: 'stopped' };
  }
}
