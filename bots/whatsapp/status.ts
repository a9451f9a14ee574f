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
