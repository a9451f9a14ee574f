/**
 * What `npm start` prints for the person at the terminal once everything is up: where to go, the
 * first owner's login, that the demo studio's data are examples, and which chat apps are off and how
 * to turn them on. Kept apart from the JSON log so a first-time owner can read it at a glance.
 */
/** The owner account this start created; its password only when Potret generated it. */
export interface CreatedOwner {
  email: string;
  generatedPassword: string | undefined;
}

export interface StartupBannerInput {
  /** The address the pages are served at; undefined in a role that serves no web pages. */
  baseUrl: string | undefined;
  createdOwner: CreatedOwner | undefined;
  /** True on the start that seeded the demo studio. */
  seededDemo: boolean;
  telegram: 'off' | 'polling' | 'webhook';
  whatsappEnabled: boolean;
}

export function startupBanner(input: StartupBannerInput): string {
  const lines: string[] = [''];
  const base = input.baseUrl;
  if (base) {
    lines.push(
      `  Potret is running: ${base}`,
      `    Customer chat   ${base}/chat`,
      `    Staff & owner   ${base}/admin`,
      `    Health          ${base}/healthz`,
      '',
    );
  }
  if (input.createdOwner) lines.push(ownerNotice(input.createdOwner), '');
  if (input.seededDemo) {
    lines.push(
      '  A demo studio was added so you can try a booking: its name, address, phone, bank accounts,',
      '  packages and FAQ are examples. Replace them in the admin (Pengaturan, Paket & Produk, FAQ)',
      '  before real customers book: the chat tells them to transfer to those bank accounts.',
      '',
    );
  }
  // The bot connects in the background (and keeps trying), so "on" is not yet "connected".
  const connectedLine = input.telegram === 'polling' ? 'telegram polling' : 'telegram webhook set to …';
  const telegram =
    input.telegram === 'off'
      ? 'off (set TELEGRAM_BOT_TOKEN to turn it on)'
      : `on (${input.telegram}); connected once the log shows "${connectedLine}"`;
  const whatsapp = input.whatsappEnabled ? 'on (scan the QR code in Pengaturan)' : 'off (set WHATSAPP_ENABLED=true)';
  lines.push(`  Telegram: ${telegram}`, `  WhatsApp: ${whatsapp}`, '  Stop with Ctrl+C.', '');
  return lines.join('\n');
}

/** The first owner's login; shown once, so also when a later start-up step fails. */
export function ownerNotice(owner: CreatedOwner): string {
  return [
    `  Owner account created: ${owner.email}  password: ${owner.generatedPassword ?? '(ADMIN_PASSWORD)'}`,
    owner.generatedPassword
      ? '  Keep it safe; it is shown only once. Change it after logging in (Ganti kata sandi).'
      : '  Log in with the ADMIN_PASSWORD you set.',
  ].join('\n');
}

/**
 * A one-line reason a first-timer can act on, for start-up errors that have a usual cause. On the
 * embedded database a taken port is never a Potret on the same DATA_DIR: that one holds DATA_DIR's
 * lock, taken before the port, and a second start is refused with its pid and address before it gets
 * here. So another port is safe advice; on a server database, processes may share it anyway.
 */
export function startupFailureHint(error: unknown, port: number, database: 'embedded' | 'url'): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'EADDRINUSE') return undefined;
  const who = database === 'embedded' ? 'another program (not a Potret on this DATA_DIR)' : 'another program';
  return `Port ${port} is taken by ${who}: stop it, or start on another port, e.g. PORT=${port === 3001 ? 3002 : 3001} npm start`;
}
