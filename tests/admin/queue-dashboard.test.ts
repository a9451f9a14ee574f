import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { createQueueDashboard } from '../../workers/dashboard.ts';
import { createQueues, type Queues } from '../../workers/queues.ts';
import { uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { type Agent, harnessForFile } from './harness.ts';

// Redis keys of their own; the harness's app mounts bull-board over them.
const queues: Queues = createQueues({
  redisUrl: testServices.redisUrl,
  prefix: uniqueQueuePrefix('admin-queue-board'),
});
const file = harnessForFile({ queueDashboard: createQueueDashboard(queues, { basePath: '/admin/queues' }) });
afterAll(async () => {
  for (const queue of queues.all()) await queue.obliterate({ force: true });
  await queues.close();
});

/** A request as a browser sends it, with the agent's cookies (the board's API takes JSON, not forms). */
async function send(
  agent: Agent,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return file.h.app.request(
    path,
    { method, headers: { cookie, ...init.headers }, ...(init.body ? { body: init.body } : {}) },
    { incoming: { socket: { remoteAddress: agent.ip } } },
  );
}

/** What bull-board's own page sends: axios copies the XSRF-TOKEN cookie into X-XSRF-TOKEN, same origin. */
async function fromTheBoard(agent: Agent, method: string, path: string, body?: unknown) {
  await agent.get('/admin/queues');
  return send(agent, method, path, {
    headers: {
      'x-xsrf-token': agent.cookies.get('XSRF-TOKEN') ?? '',
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const draftFanout = JSON.stringify({ name: 'broadcast.fanout', data: { broadcastId: 1 } });

describe('queue dashboard', () => {
  it('a text/plain form posted from another site with the owner’s cookie adds no job', async () => {
    const forged = await send(file.owner, 'POST', '/admin/queues/api/queues/broadcasts/add', {
      headers: {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: draftFanout,
    });
    expect(forged.status).toBe(403);
    // The same from a browser too old to say where it came from, or from a script: no token, no job.
    const tokenless = await send(file.owner, 'POST', '/admin/queues/api/queues/broadcasts/add', {
      headers: { 'content-type': 'text/plain' },
      body: draftFanout,
    });
    expect(tokenless.status).toBe(403);
    // A stolen token does not help a page on another site.
    await file.owner.get('/admin/queues');
    const crossSite = await send(file.owner, 'PUT', '/admin/queues/api/queues/care/pause', {
      headers: { 'x-xsrf-token': file.owner.cookies.get('XSRF-TOKEN')!, 'sec-fetch-site': 'same-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(await queues.queue('broadcasts').count()).toBe(0);
    expect(await queues.queue('care').isPaused()).toBe(false);
  });

  it('hands the owner’s board its CSRF token in a cookie its own scripts read, for its path only', async () => {
    const page = await file.owner.get('/admin/queues');
    expect(page.status).toBe(200);
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/HttpOnly/);
    expect(decodeURIComponent(file.owner.cookies.get('XSRF-TOKEN')!)).toBe(file.owner.csrf);
  });

  it('the owner pauses and resumes a queue from the board, and each action is in the audit log', async () => {
    const paused = await fromTheBoard(file.owner, 'PUT', '/admin/queues/api/queues/care/pause');
    expect(paused.status).toBeLessThan(300);
    expect(await queues.queue('care').isPaused()).toBe(true);
    const resumed = await fromTheBoard(file.owner, 'PUT', '/admin/queues/api/queues/care/resume');
    expect(resumed.status).toBeLessThan(300);
    expect(await queues.queue('care').isPaused()).toBe(false);
    const lines = await file.h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'queue.action'), eq(auditLog.entityId, 'care')))
      .orderBy(auditLog.id);
    expect(lines.map((l) => [l.staffId, l.details])).toEqual([
      [file.h.staff.owner, { method: 'PUT', path: '/api/queues/care/pause', status: paused.status }],
      [file.h.staff.owner, { method: 'PUT', path: '/api/queues/care/resume', status: resumed.status }],
    ]);
    // The owner's activity list names it.
    const { html } = await file.owner.page('/admin/staff/audit');
    expect(html).toContain('mengubah Antrean Sistem');
  });

  it('adding a job or rewriting its data is refused even for the owner: jobs come from Potret’s own steps', async () => {
    const added = await fromTheBoard(file.owner, 'POST', '/admin/queues/api/queues/broadcasts/add', {
      name: 'broadcast.fanout',
      data: { broadcastId: 1 },
    });
    expect(added.status).toBe(403);
    expect(await queues.queue('broadcasts').count()).toBe(0);
    const job = await queues.queue('care').add('care.sweep', { sweep: 'reminders' }, { delay: 3_600_000 });
    const edited = await fromTheBoard(
      file.owner,
      'PATCH',
      `/admin/queues/api/queues/care/${job.id}/update-data`,
      {
        jobData: { sweep: 'ratings' },
      },
    );
    expect(edited.status).toBe(403);
    expect((await queues.queue('care').getJob(job.id!))?.data).toEqual({ sweep: 'reminders' });
    await job.remove();
  });

  it('admins and front-desk staff can neither see nor act', async () => {
    for (const agent of [file.admin, file.rina]) {
      expect((await agent.get('/admin/queues')).status).toBe(403);
      expect((await agent.get('/admin/queues/api/queues')).status).toBe(403);
      const act = await send(agent, 'PUT', '/admin/queues/api/queues/care/pause', {
        headers: { 'x-csrf-token': agent.csrf, 'sec-fetch-site': 'same-origin' },
      });
      expect(act.status).toBe(403);
    }
    expect(await queues.queue('care').isPaused()).toBe(false);
  });

  it('sends the same security headers as every other page', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await file.owner.get(path);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
  });
});
