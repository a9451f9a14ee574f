import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startProduct } from '../helpers/product-process.ts';
import { testServices } from '../helpers/services.ts';

/**
 * `npm start` with WHATSAPP_ENABLED and a WhatsApp that cannot come up (here: no browser at
 * CHROMIUM_PATH, as on a machine where Chromium was never installed). The studio must still open.
 */

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-wa-start-'));
});
afterAll(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start with WhatsApp enabled but unreachable', () => {
  it('serves the web and health check, shows the owner why WhatsApp is down, keeps retrying, and stops cleanly', async () => {
    const product = await startProduct({
      DATABASE_URL: database.url,
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'pemilik@studio.test',
      ADMIN_PASSWORD: 'rahasia-sekali-123',
      WHATSAPP_ENABLED: 'true',
      CHROMIUM_PATH: path.join(dataDir, 'no-chromium-here'),
      LOG_LEVEL: 'info',
    });
    try {
      const health = await fetch(`${product.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      await vi.waitFor(() => expect(product.output()).toContain('whatsapp not connected; will retry'), { timeout: 20_000 });
      expect(product.output()).toContain('no-chromium-here');
      // LocalAuth keeps the linked session under DATA_DIR.
      expect(existsSync(path.join(dataDir, 'whatsapp', 'session'))).toBe(true);
      expect((await fetch(`${product.baseUrl}/healthz`)).status).toBe(200);

      // The owner sees why on the settings page's status endpoint.
      const cookies = new Map<string, string>();
      const keep = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair!.indexOf('=');
          cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
      };
      const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const loginPage = await fetch(`${product.baseUrl}/admin/login`);
      keep(loginPage);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
      const login = await fetch(`${product.baseUrl}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'pemilik@studio.test', password: 'rahasia-sekali-123' }),
      });
      expect(login.status).toBe(303);
      keep(login);
      const status = await fetch(`${product.baseUrl}/admin/settings/whatsapp.json`, { headers: { cookie: cookie() } });
      expect(status.status).toBe(200);
      const body = (await status.json()) as { state: string; reason?: string };
      expect(body.state).toBe('disconnected');
      expect(body.reason).toContain('no-chromium-here');
    } finally {
      const code = await product.stop();
      expect(code).toBe(0);
    }
    expect(product.output()).toContain('"msg":"stopped"');
  });
});
