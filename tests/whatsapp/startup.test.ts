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
  it('serves the web and health check, keeps retrying WhatsApp in the background, and stops cleanly', async () => {
    const product = await startProduct({
      DATABASE_URL: database.url,
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: dataDir,
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
    } finally {
      const code = await product.stop();
      expect(code).toBe(0);
    }
    expect(product.output()).toContain('"msg":"stopped"');
  });
});
