import { describe, expect, it } from 'vitest';
import { ownerNotice, startupBanner, startupFailureHint } from '../../src/startup-banner.ts';

const firstStart = {
  baseUrl: 'http://localhost:3000',
  createdOwner: { email: 'owner@potret.local', generatedPassword: 'Ab3dEf6hIj' },
  seededDemo: true,
  telegram: 'off',
  whatsappEnabled: false,
} as const;

describe('what npm start prints for the person at the terminal', () => {
  it('on a first start: the pages, the owner login, that the demo data are examples, and how to turn chat apps on', () => {
    const text = startupBanner(firstStart);
    expect(text).toContain('Customer chat   http://localhost:3000/chat');
    expect(text).toContain('Staff & owner   http://localhost:3000/admin');
    expect(text).toContain('Owner account created: owner@potret.local  password: Ab3dEf6hIj');
    expect(text).toContain('shown only once');
    expect(text).toMatch(/bank accounts[\s\S]*examples/);
    expect(text).toContain('Telegram: off (set TELEGRAM_BOT_TOKEN');
    expect(text).toContain('WhatsApp: off (set WHATSAPP_ENABLED=true)');
  });

  it('on a later start: no owner line and no demo note, and the chat apps that are on', () => {
    const text = startupBanner({
      ...firstStart,
      createdOwner: undefined,
      seededDemo: false,
      telegram: 'polling',
      whatsappEnabled: true,
    });
    expect(text).not.toContain('Owner account');
    expect(text).not.toContain('examples');
    expect(text).toContain('Telegram: on (polling); connected once the log shows "telegram polling"');
    expect(text).toContain('WhatsApp: on');
  });

  it('names no pages in a role that serves none', () => {
    expect(startupBanner({ ...firstStart, baseUrl: undefined })).not.toContain('/chat');
  });

  it('an owner set with ADMIN_PASSWORD is told to use it, without printing it', () => {
    const text = ownerNotice({ email: 'pemilik@studio.id', generatedPassword: undefined });
    expect(text).toContain('pemilik@studio.id  password: (ADMIN_PASSWORD)');
    expect(text).toContain('Log in with the ADMIN_PASSWORD you set');
  });

  it('a taken port is explained with the variable that picks another', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:3000'), {
      code: 'EADDRINUSE',
    });
    expect(startupFailureHint(error, 3000, 'url')).toBe(
      'Port 3000 is taken by another program: stop it, or start on another port, e.g. PORT=3001 npm start',
    );
    expect(startupFailureHint(new Error('something else'), 3000, 'url')).toBeUndefined();
  });

  it('on the embedded database, says the taken port is no Potret on this DATA_DIR (that one is refused by its lock first)', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(startupFailureHint(error, 3001, 'embedded')).toBe(
      'Port 3001 is taken by another program (not a Potret on this DATA_DIR): stop it, or start on another port, e.g. PORT=3002 npm start',
    );
  });
});
