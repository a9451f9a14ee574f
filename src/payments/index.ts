export { crc16CcittFalse, crc16Hex } from './crc16.ts';
export * from './emv-tlv.ts';
export * from './qris.ts';
export * from './qris-image.ts';
