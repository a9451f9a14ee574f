import QRCode from 'qrcode';

/**
 * The linking QR in the two places the owner looks: a PNG data: URL for the admin settings page
 * (280 px: scannable from a laptop screen) and block characters for the terminal that ran `npm start`.
 */
export async function renderQr(qr: string): Promise<{ dataUrl: string; terminal: string }> {
  const [dataUrl, drawing] = await Promise.all([
    QRCode.toDataURL(qr, { margin: 1, width: 280 }),
    QRCode.toString(qr, { type: 'terminal', small: true }),
  ]);
  const terminal = `\n  WhatsApp: scan this code in WhatsApp → Perangkat tertaut (Linked devices)\n${drawing}`;
  return { dataUrl, terminal };
}
