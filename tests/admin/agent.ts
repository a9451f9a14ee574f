import type { Hono } from 'hono';

/** The password of every account the harness creates. */
export const PASSWORD = 'rahasia-studio-123';

/** A browser-like client: keeps cookies, knows the page's CSRF token, sends from one IP. */
export class Agent {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly app: Hono,
    readonly ip = '10.0.0.1',
  ) {}

  private env() {
    return { incoming: { socket: { remoteAddress: this.ip } } };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.app.request(
      path,
      { headers: { cookie: this.cookieHeader(), ...headers } },
      this.env(),
    );
    this.keepCookies(response);
    return response;
  }

  /** GET and remember the CSRF token printed in the page's forms. */
  async page(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await this.get(path);
    const html = await response.text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (match) this.csrf = match[1]!;
    return { status: response.status, html, response };
  }

  async post(
    path: string,
    fields: Record<string, string | string[] | Blob> = {},
    options: { csrf?: boolean | string; multipart?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const withCsrf =
      options.csrf === false ? {} : { _csrf: typeof options.csrf === 'string' ? options.csrf : this.csrf };
    const all = { ...withCsrf, ...fields };
    let body: BodyInit;
    if (options.multipart || Object.values(all).some((v) => v instanceof Blob)) {
      const form = new FormData();
      for (const [k, v] of Object.entries(all)) {
        if (Array.isArray(v)) for (const item of v) form.append(k, item);
        else form.append(k, v as string | Blob);
      }
      body = form;
    } else {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(all)) {
        if (Array.isArray(v)) for (const item of v) params.append(k, item);
        else params.append(k, v as string);
      }
      body = params;
    }
    const response = await this.app.request(
      path,
      { method: 'POST', body, headers: { cookie: this.cookieHeader(), ...options.headers } },
      this.env(),
    );
    this.keepCookies(response);
    return response;
  }

  async login(email: string, password = PASSWORD): Promise<Response> {
    const login = await this.page('/admin/login');
    if (login.status !== 200) throw new Error(`login page ${login.status}`);
    const response = await this.post('/admin/login', { email, password });
    if (response.status === 303) await this.page('/admin/password');
    return response;
  }
}
