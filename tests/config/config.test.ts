import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('config', () => {
  it('runs with nothing set: embedded database, default Redis, web chat only', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('embedded');
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', explicit: false, queuePrefix: 'potret' });
    expect(config.telegram.enabled).toBe(false);
    expect(config.timeZone).toBe('Asia/Jakarta');
    expect(config.locale).toBe('id');
    expect(config.http.port).toBe(3000);
  });

  it('names the variable and what is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(new ConfigError('PORT', 'must be a number'));
    expect(() => loadConfig({ LOCALE: 'fr' })).toThrowError(/LOCALE must be one of id, en/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrowError(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ TZ: 'Mars/Olympus' })).toThrowError(/TZ is not a known time zone/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'nope' })).toThrowError(/TELEGRAM_BOT_TOKEN must look like/);
  });

  it('asks for a secret and a public URL in webhook mode', () => {
    const token = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'webhook' })).toThrowError(
      /TELEGRAM_WEBHOOK_SECRET is required/,
    );
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_token',
      PUBLIC_URL: 'https://studio.example/',
    });
    expect(config.telegram).toMatchObject({ enabled: true, mode: 'webhook', webhookSecret: 's3cret_token' });
    expect(config.http).toMatchObject({ publicUrl: 'https://studio.example', secureCookies: true });
  });

  it('ignores variables it does not use, such as a host platform\'s NODE_ENV=staging', () => {
    expect(loadConfig({ NODE_ENV: 'staging' }).http.port).toBe(3000);
  });

  it('believes a proxy\'s X-Forwarded-For only when TRUST_PROXY says so', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrowError(/TRUST_PROXY must be true or false/);
  });

  it('treats blank lines from a copied .env.example as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '', WHATSAPP_ENABLED: '', PORT: '' });
    expect(config.database.kind).toBe('embedded');
    expect(config.whatsapp.enabled).toBe(false);
  });
});
