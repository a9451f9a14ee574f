import path from 'node:path';
import wwebjs from 'whatsapp-web.js';
import type { WhatsAppClient } from './types.ts';

const { Client, LocalAuth } = wwebjs;

export interface RealClientOptions {
  /** DATA_DIR: the linked session lives in <dataDir>/whatsapp, so a restart needs no new QR. */
  dataDir: string;
  /** The system Chromium (CHROMIUM_PATH); no browser is ever downloaded. */
  chromiumPath: string;
}

/** whatsapp-web.js's Client with LocalAuth and the system Chromium, headless. */
export function createRealWhatsAppClient(options: RealClientOptions): WhatsAppClient {
  const dataPath = path.join(options.dataDir, 'whatsapp');
  return new Client({
    authStrategy: new LocalAuth({ dataPath }),
    // The library caches the WhatsApp Web build it runs in the working directory unless told otherwise.
    webVersionCache: { type: 'local', path: path.join(dataPath, 'web-cache') },
    puppeteer: {
      headless: true,
      executablePath: options.chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  });
}
