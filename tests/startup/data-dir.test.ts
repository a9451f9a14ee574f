import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductProcess, startProduct } from '../helpers/product-process.ts';
import { testServices } from '../helpers/services.ts';

/** Every folder and file under `root` with its permission bits, e.g. ['pglite/base 700', …]. */
async function modes(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      out.push(`${path.relative(root, full)} ${((await stat(full)).mode & 0o777).toString(8)}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return out;
}

/** A customer in the web chat: keeps the chat cookie as the browser does. */
function chatCustomer() {
  let cookie = '';
  const request = async (product: ProductProcess, pathname: string, init: RequestInit = {}) => {
    const response = await fetch(`${product.baseUrl}/chat${pathname}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  return {
    say: async (product: ProductProcess, text: string) => {
      const response = await request(product, '/api/message', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(200);
    },
    /** The texts of the chat's history, as the page shows them after a reload. */
    history: async (product: ProductProcess) => {
      const response = await request(product, '/api/messages?after=0');
      const { messages } = (await response.json()) as { messages: { payload: { text?: string } }[] };
      return messages.map((m) => m.payload.text ?? '');
    },
  };
}

describe('one process owns DATA_DIR (embedded database)', () => {
  let dataDir: string;
  let first: ProductProcess | undefined;
  const env = () => ({ REDIS_URL: testServices.redisUrl, DATA_DIR: dataDir });
  const customer = chatCustomer();
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-owner-'));
  });
  afterAll(async () => {
    first?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a first start keeps DATA_DIR private: the folder 0700, every file under it 0600', async () => {
    first = await startProduct(env(), 90_000);
    expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700');
    const open = (await modes(dataDir)).filter((line) => !/ (700|600)$/.test(line));
    expect(open).toEqual([]);
    expect((await modes(dataDir)).length).toBeGreaterThan(900);
    // initdb ran in a folder beside it, renamed into place: nothing of it is left over.
    expect((await readdir(dataDir)).sort()).toEqual(['pglite', 'potret.lock', 'session-secret']);
  }, 120_000);

  it('a second start on the same DATA_DIR is refused with the holder’s pid and address, and the first keeps serving with its data', async () => {
    await customer.say(first!, 'Halo, saya Sari');
    const second = startProduct({ ...env(), PORT: '0' }, 60_000);
    await expect(second).rejects.toThrow(
      new RegExp(
        `exited with 75:\\s*Potret is already running on DATA_DIR ${dataDir}: pid ${first!.child.pid}, ` +
          `serving http://localhost:${first!.port}\\. Use that one, or stop it first \\(kill ${first!.child.pid}\\)`,
      ),
    );
    // One line, nothing else: no log, no stack.
    await second.catch((error: Error) => {
      expect(error.message.split('\n').filter(Boolean)).toHaveLength(2);
    });

    expect((await fetch(`${first!.baseUrl}/healthz`)).status).toBe(200);
    await customer.say(first!, 'Saya mau foto keluarga');
    expect(await customer.history(first!)).toEqual(
      expect.arrayContaining(['Halo, saya Sari', 'Saya mau foto keluarga']),
    );
  }, 90_000);

  it('after kill -9 the next start takes the lock over, keeps the data, and makes an opened-up DATA_DIR private again', async () => {
    first!.child.kill('SIGKILL');
    await new Promise((resolve) => first!.child.once('exit', resolve));
    // As an older Potret left it: folders 0755, files 0644, a linked WhatsApp session among them.
    await mkdir(path.join(dataDir, 'whatsapp/session/Default'), { recursive: true });
    await writeFile(path.join(dataDir, 'whatsapp/session/Default/Cookies'), 'session cookie');
    for (const line of await modes(dataDir)) {
      const [relative, mode] = line.split(' ') as [string, string];
      await chmod(path.join(dataDir, relative), mode === '700' ? 0o755 : 0o644);
    }
    await chmod(dataDir, 0o755);

    const next = await startProduct(env(), 90_000);
    try {
      expect(next.output()).toMatch(/"changed":\d+,"msg":"DATA_DIR was open to other accounts/);
      expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700');
      expect((await modes(dataDir)).filter((line) => !/ (700|600)$/.test(line))).toEqual([]);
      expect(await customer.history(next)).toEqual(
        expect.arrayContaining(['Halo, saya Sari', 'Saya mau foto keluarga']),
      );
    } finally {
      expect(await next.stop()).toBe(0);
    }
    // A clean stop leaves no lock behind.
    expect(await readdir(dataDir)).not.toContain('potret.lock');
  }, 150_000);
});
