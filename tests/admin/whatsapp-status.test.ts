import { describe, expect, it } from 'vitest';
import type { WhatsappStatus } from '../../admin-web/env.ts';
import { harnessForFile } from './harness.ts';

let status: WhatsappStatus = { state: 'starting' };
const file = harnessForFile({ seed: false, whatsappStatus: async () => status });

/** The settings page's WhatsApp panel, as the owner reads it. */
async function panel(shown: WhatsappStatus): Promise<string> {
  status = shown;
  const { html } = await file.owner.page('/admin/settings/whatsapp');
  return html;
}

describe('WhatsApp status on the settings page', () => {
  it('says in Indonesian why WhatsApp is down and what the owner can do, without English reasons', async () => {
    const notRunning = await panel({ state: 'disconnected', reason: 'the WhatsApp process is not running' });
    expect(notRunning).toContain('Terputus: proses WhatsApp tidak berjalan');
    expect(notRunning).toContain('npm run start:role -- whatsapp');
    expect(notRunning).not.toContain('is not running');

    const conflict = await panel({ state: 'disconnected', reason: 'CONFLICT' });
    expect(conflict).toContain('Terputus: WhatsApp dibuka di tempat lain');
    expect(conflict).toContain('Tutup WhatsApp Web');
    expect(conflict).not.toContain('CONFLICT');

    const authFailure = await panel({
      state: 'disconnected',
      reason: 'auth_failure: Session restore failed',
    });
    expect(authFailure).toContain('Pindai kode QR lagi');
    expect(authFailure).not.toContain('Session restore failed');

    const offline = await panel({ state: 'disconnected', reason: 'TIMEOUT' });
    expect(offline).toContain('Ponsel studio tidak terhubung');
  });

  it('an unknown error reads as a retry, its text kept apart as a technical detail', async () => {
    const html = await panel({ state: 'disconnected', reason: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(html).toContain('Terputus, sedang mencoba lagi');
    expect(html).toContain('Keterangan teknis: net::ERR_NAME_NOT_RESOLVED');
  });

  it('speaks English to an owner who chose English', async () => {
    await file.owner.post('/admin/locale', { locale: 'en' });
    const html = await panel({ state: 'disconnected', reason: 'LOGOUT' });
    expect(html).toContain('Disconnected: logged out of WhatsApp');
    expect(html).toContain('Scan the QR code again');
  });
});
