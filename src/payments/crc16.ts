/**
 * CRC-16/CCITT-FALSE, the checksum EMVCo QR payloads end with (tag 63): polynomial 0x1021, initial value
 * 0xFFFF, no reflection, no final XOR. Computed over the UTF-8 bytes a scanner reads from the QR.
 */
const table = buildTable();

function buildTable(): Uint16Array {
  const result = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    result[byte] = crc & 0xffff;
  }
  return result;
}

export function crc16CcittFalse(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let crc = 0xffff;
  for (const byte of bytes) {
    crc = ((crc << 8) ^ table[((crc >> 8) ^ byte) & 0xff]!) & 0xffff;
  }
  return crc;
}

/** The four uppercase hex digits EMVCo writes as the value of tag 63. */
export function crc16Hex(input: string | Uint8Array): string {
  return crc16CcittFalse(input).toString(16).toUpperCase().padStart(4, '0');
}
