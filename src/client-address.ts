/**
 * Who sent a request, as the login and chat limits count it. Plain strings in, so every web face
 * (admin login, web chat) reads the same headers the same way under the one TRUST_PROXY setting.
 */
export interface RequestOrigin {
  /** The TCP peer (node's socket.remoteAddress); undefined when the server could not say. */
  peer: string | undefined;
  forwardedFor: string | undefined;
  forwardedProto: string | undefined;
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client: node reports IPv4 peers both ways. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The client's address. With trustProxy the last X-Forwarded-For entry, the one our proxy appended
 * (entries before it are whatever the client sent, so rotating them changes nothing); without it
 * the socket's peer, and the header is ignored whoever sends it.
 */
export function clientAddress(origin: RequestOrigin, trustProxy: boolean): string {
  const peer = origin.peer ? plain(origin.peer) : 'unknown';
  if (!trustProxy) return peer;
  const forwarded = origin.forwardedFor?.split(',').at(-1)?.trim();
  return forwarded ? plain(forwarded) : peer;
}

/**
 * Whether the visitor's browser reached us over https: the request's own scheme, or with trustProxy
 * the proxy's X-Forwarded-Proto (its last entry, as above).
 */
export function reachedOverHttps(url: string, origin: RequestOrigin, trustProxy: boolean): boolean {
  if (url.startsWith('https:')) return true;
  if (!trustProxy) return false;
  return origin.forwardedProto?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}

/**
 * The three facts from a request: `env` is what @hono/node-server hands each request (its
 * `incoming` socket), `header` reads one request header.
 */
export function requestOrigin(env: unknown, header: (name: string) => string | undefined): RequestOrigin {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return {
    peer: incoming?.socket?.remoteAddress,
    forwardedFor: header('x-forwarded-for'),
    forwardedProto: header('x-forwarded-proto'),
  };
}
