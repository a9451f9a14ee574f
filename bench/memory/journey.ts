import sharp from 'sharp';

/**
 * The README's journey over HTTP, as a customer's browser and a staff member's would take it:
 * register in the web chat, book the first free slot, send a transfer proof (a phone-sized
 * screenshot), then log in to the admin, open the booking and confirm it, and look at the pages a
 * studio opens every day.
 */

interface Choice {
  id: string;
  label: string;
}
interface Message {
  id: number;
  direction: 'in' | 'out';
  payload: { type: string; text?: string; choices?: Choice[][] };
}

/** Cookies by name, as one browser keeps them for one site. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take: (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    },
  };
}

/** A transfer screenshot as a phone sends it: 1080 x 2340, noisy enough to weigh ~1 MB as JPEG. */
async function screenshot(): Promise<Uint8Array> {
  const width = 1080;
  const height = 2340;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    pixels[i] = 180 + (seed % 60);
  }
  return new Uint8Array(await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer());
}

async function chatCustomer(base: string, name: string, phone: string): Promise<void> {
  const jar = cookieJar();
  let lastId = 0;
  let latest: Message[] = [];
  const send = async (path: string, init: RequestInit) => {
    const response = await fetch(`${base}/chat${path}?after=${lastId}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(), origin: base },
    });
    jar.take(response);
    if (!response.ok) throw new Error(`chat ${path} answered ${response.status}: ${await response.text()}`);
    latest = ((await response.json()) as { messages: Message[] }).messages;
    lastId = Math.max(lastId, ...latest.map((m) => m.id));
  };
  const say = (text: string) =>
    send('/api/message', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const choices = () => latest.filter((m) => m.direction === 'out').flatMap((m) => m.payload.choices?.flat() ?? []);
  const tap = (pick: string | ((all: Choice[]) => Choice | undefined)) => {
    const choice = typeof pick === 'string' ? choices().find((c) => c.label.includes(pick)) : pick(choices());
    if (!choice) throw new Error(`no button ${String(pick)} in ${JSON.stringify(latest.map((m) => m.payload))}`);
    return send('/api/choice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: choice.id, label: choice.label }),
    });
  };
  /** The first offered date or time: the buttons before the navigation ones. */
  const first = (all: Choice[]) => all.find((c) => /\d/.test(c.label));

  jar.take(await fetch(`${base}/chat`));
  await say('/start');
  await say(name);
  await say(phone);
  await tap('Lewati');
  await tap('Lewati');
  await tap('Reservasi');
  await tap('Foto Studio Personal');
  await tap(first);
  await tap(first);
  await tap('Tidak, lanjut');
  await tap('Konfirmasi');
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(await screenshot())], { type: 'image/jpeg' }), 'bukti.jpg');
  await send('/api/photo', { method: 'POST', body: form });
  const said = latest.map((m) => m.payload.text ?? '').join('\n');
  if (!said.includes('menunggu konfirmasi')) throw new Error(`the proof was not taken: ${said}`);
}

async function staffConfirms(base: string, email: string, password: string, customer: string): Promise<void> {
  const jar = cookieJar();
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { cookie: jar.header() }, redirect: 'manual' });
    jar.take(response);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  };
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        cookie: jar.header(),
        origin: base,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    jar.take(response);
    if (response.status !== 303 && response.status !== 302) {
      throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
  };
  const csrfIn = (html: string) => {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('no CSRF token on the page');
    return token;
  };
  const login = await get('/admin/login');
  await post('/admin/login', { email, password, _csrf: csrfIn(login), next: '/admin' });
  await get('/admin');
  const list = await get(`/admin/reservations?status=awaiting_confirmation&q=${encodeURIComponent(customer)}`);
  const id = /\/admin\/reservations\/(\d+)/.exec(list)?.[1];
  if (!id) throw new Error('no booking in the list');
  const detail = await get(`/admin/reservations/${id}`);
  await post(`/admin/reservations/${id}/confirm`, { _csrf: csrfIn(detail) });
  for (const page of ['/admin', '/admin/reservations', '/admin/customers', '/admin/calendar', '/admin/reports']) {
    await get(page);
  }
}

export async function readmeJourney(base: string, round: number, staff: { email: string; password: string }): Promise<void> {
  const name = `Sari Ronde${round}`;
  await chatCustomer(base, name, `0812 7700 9${String(round).padStart(3, '0')}`);
  await staffConfirms(base, staff.email, staff.password, name);
}
