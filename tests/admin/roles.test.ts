import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createHarness, type Harness, loggedIn } from './harness.ts';

let h: Harness;
let staff: Agent;
let admin: Agent;
let owner: Agent;
beforeAll(async () => {
  // Stands in for bull-board's Hono app (workers' createQueueDashboard), to check who reaches it.
  const queueDashboard = new Hono();
  queueDashboard.get('/', (c) => c.text('queues home'));
  queueDashboard.get('/api/queues', (c) => c.json({ queues: [] }));
  h = await createHarness({ queueDashboard });
  staff = await loggedIn(h.app, 'rina@studio.test', '10.5.0.1');
  admin = await loggedIn(h.app, 'admin@studio.test', '10.5.0.2');
  owner = await loggedIn(h.app, 'owner@studio.test', '10.5.0.3');
});
afterAll(async () => {
  await h.close();
});

const staffPages = [
  '/admin',
  '/admin/reservations',
  '/admin/calendar',
  '/admin/customers',
  '/admin/complaints',
  '/admin/ratings',
];
const adminPages = [
  '/admin/products',
  '/admin/bundles',
  '/admin/faq',
  '/admin/rewards',
  '/admin/broadcasts',
  '/admin/reports',
];
const ownerPages = ['/admin/settings', '/admin/staff'];

describe('roles', () => {
  it('staff open the front-desk pages and get 403 on the rest', async () => {
    for (const path of staffPages) expect([path, (await staff.get(path)).status]).toEqual([path, 200]);
    for (const path of [...adminPages, ...ownerPages])
      expect([path, (await staff.get(path)).status]).toEqual([path, 403]);
  });

  it('admins also manage the catalog, FAQ, rewards, broadcasts and reports, but not settings or staff', async () => {
    for (const path of [...staffPages, ...adminPages])
      expect([path, (await admin.get(path)).status]).toEqual([path, 200]);
    for (const path of ownerPages) expect([path, (await admin.get(path)).status]).toEqual([path, 403]);
  });

  it('owners open everything', async () => {
    for (const path of [...staffPages, ...adminPages, ...ownerPages])
      expect([path, (await owner.get(path)).status]).toEqual([path, 200]);
  });

  it('only owners reach the queue dashboard', async () => {
    expect((await owner.get('/admin/queues')).status).toBe(200);
    expect((await owner.get('/admin/queues/api/queues')).status).toBe(200);
    expect((await admin.get('/admin/queues')).status).toBe(403);
    expect((await admin.get('/admin/queues/api/queues')).status).toBe(403);
    expect((await staff.get('/admin/queues/api/queues')).status).toBe(403);
    const { Agent } = await import('./harness.ts');
    expect((await new Agent(h.app).get('/admin/queues')).status).toBe(302);
  });

  it('the navigation shows only what the role may open', async () => {
    const { html } = await staff.page('/admin');
    expect(html).toContain('href="/admin/customers"');
    expect(html).not.toContain('href="/admin/products"');
    expect(html).not.toContain('href="/admin/settings"');
    expect((await owner.page('/admin')).html).toContain('href="/admin/settings"');
  });

  it('a wrong-role POST is refused before anything changes', async () => {
    const response = await staff.post('/admin/faq', {
      question: 'Boleh bawa hewan?',
      answer: 'Boleh.',
      active: '1',
    });
    expect(response.status).toBe(403);
    expect((await admin.page('/admin/faq')).html).not.toContain('Boleh bawa hewan?');
  });

  it('every page is fully translated in Indonesian and in English (no raw text keys)', async () => {
    const rawKey = /(admin|common|errors)\.(?!css|js)[a-z][\w.]*[A-Za-z]/;
    for (const locale of ['en', 'id']) {
      await owner.post('/admin/locale', { locale });
      for (const path of [
        ...staffPages,
        ...adminPages,
        ...ownerPages,
        '/admin/customers/new',
        '/admin/broadcasts/new',
        '/admin/staff/audit',
        '/admin/password',
      ]) {
        const { html } = await owner.page(path);
        const text = html.replace(/<[^>]+>/g, ' ');
        expect([locale, path, rawKey.exec(text)?.[0]]).toEqual([locale, path, undefined]);
      }
    }
  });

  it('anonymous requests to every area go to the login page', async () => {
    const { Agent } = await import('./harness.ts');
    const anonymous = new Agent(h.app);
    for (const path of [...staffPages, ...adminPages, ...ownerPages]) {
      const response = await anonymous.get(path);
      expect([path, response.status]).toEqual([path, 302]);
      expect(response.headers.get('location')).toMatch(/^\/admin\/login\?next=/);
    }
  });
});
