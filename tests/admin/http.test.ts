import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp, type HealthCheck } from '../../admin-web/http.ts';
import { createLogger } from '../../src/logger.ts';

const appWith = (health: HealthCheck[]) =>
  createHttpApp({
    health,
    mounts: [],
    log: createLogger({ level: 'silent' }),
    studioName: async () => 'Potret',
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('/healthz', () => {
  it('answers ok at once and leaves no timer behind when every check answers', async () => {
    vi.useFakeTimers();
    const response = await appWith([{ name: 'database', check: async () => true }]).request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    // A leftover timer would hold a shutting-down process open for the timeout.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts a check that hangs for 2 s as down (503), and one that throws as down', async () => {
    vi.useFakeTimers();
    const pending = appWith([
      { name: 'redis', check: () => new Promise<boolean>(() => {}) },
      { name: 'database', check: async () => Promise.reject(new Error('refused')) },
    ]).request('/healthz');
    await vi.advanceTimersByTimeAsync(2_000);
    const response = await pending;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', redis: 'down', database: 'down' });
  });
});
