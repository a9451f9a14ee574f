import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiFailure, type JsonObject } from './types.ts';

/** Fields that multipart/urlencoded bodies carry as JSON text. */
const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'commands',
  'allowed_updates',
  'link_preview_options',
  'reply_parameters',
]);

/** Upload fields a client may send directly as a file part (rather than via attach://). */
const KNOWN_UPLOAD_FIELDS = { photo: true, document: true, certificate: true } as const;

export function reply(res: ServerResponse, status: number, payload: JsonObject): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A method's parameters from the query and a JSON, urlencoded or multipart body (`attach://` resolved). */
export async function parseParams(contentType: string, body: Buffer, query: URLSearchParams): Promise<JsonObject> {
  const params: JsonObject = Object.fromEntries(query);
  if (body.length === 0) return normalize(params);
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    // A JSON string or array carries no parameters (a webhook answer encoded twice is such a string).
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    return params;
  }
  if (contentType.includes('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    return normalize(params);
  }
  if (contentType.includes('multipart/form-data')) {
    const uploads = new Map<string, Uint8Array>();
    for (const part of await parseMultipart(contentType, body)) {
      if (part.filename === undefined) params[part.name] = part.data.toString('utf8');
      else uploads.set(part.name, new Uint8Array(part.data));
    }
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string' && value.startsWith('attach://')) {
        const file = uploads.get(value.slice('attach://'.length));
        if (file) params[name] = file;
      }
    }
    for (const [name, bytes] of uploads)
      if (!(name in params) && name in KNOWN_UPLOAD_FIELDS) params[name] = bytes;
    return normalize(params);
  }
  return normalize(params);
}

interface Part {
  name: string;
  filename: string | undefined;
  data: Buffer;
}

/**
 * The Web Request API's parser first; grammY writes headers the strict parser refuses
 * (`content-disposition:form-data;name="x";filename=a.jpg`, no quotes), so a tolerant split follows.
 */
async function parseMultipart(contentType: string, body: Buffer): Promise<Part[]> {
  try {
    const form = await new Request('http://emulator/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
    const parts: Part[] = [];
    for (const [name, value] of form) {
      parts.push(
        typeof value === 'string'
          ? { name, filename: undefined, data: Buffer.from(value) }
          : { name, filename: value.name, data: Buffer.from(await value.arrayBuffer()) },
      );
    }
    return parts;
  } catch {
    return splitMultipart(contentType, body);
  }
}

function splitMultipart(contentType: string, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new ApiFailure(400, 'Bad Request: multipart without boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) break;
    const chunk = body.subarray(from + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, split).toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(headers.replace(/filename=[^;\r\n]*/i, ''))?.[1];
    const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    if (name) parts.push({ name, filename, data: chunk.subarray(split + 4) });
    start = next;
  }
  return parts;
}

function normalize(params: JsonObject): JsonObject {
  for (const [name, value] of Object.entries(params)) {
    if (JSON_FIELDS.has(name) && typeof value === 'string') {
      try {
        params[name] = JSON.parse(value) as unknown;
      } catch {
        // Left as text; the method decides.
      }
    }
  }
  return params;
}
