/**
 * The fetch-style adapter (H1): `(Request) => Promise<Response>` over Node's global `Request`
 * and `Response`, holding the current server value, for hono, MSW or any server that speaks
 * fetch.
 *
 * @module
 */
import { handle } from './handle.js';
import { type ApiResponse, MAX_REQUEST_BODY_BYTES, plainError, toWire, tooLarge } from './protocol.js';
import type { ApiServer } from './server.js';

/**
 * A fetch handler and a view of the server value it holds.
 *
 * @example
 * ```ts
 * const api: FetchHandler = fetchHandler(server);
 * const res = await api.fetch(new Request('http://ims.test/v2/images', { headers: { 'X-Auth-Token': 'bob-token' } }));
 * ```
 */
export interface FetchHandler {
  /** Answers one request and keeps the server value it leaves. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The current server value (its `world` is the current `State`). */
  readonly current: () => ApiServer;
}

/**
 * Wraps a server value in a fetch handler: each request is answered by `handle` and the
 * server value moves on. Requests are handled one at a time (`handle` is synchronous), each
 * once its body has been read (at most {@link MAX_REQUEST_BODY_BYTES}), against the server
 * value of that moment: a request whose body is still arriving does not hold up the others.
 *
 * @example
 * ```ts
 * const api = fetchHandler(createApiServer(world, tokens));
 * const res = await api.fetch(new Request('http://localhost/versions'));
 * const body = (await res.json()) as { versions: { status: string }[] };
 * body.versions[0]?.status; // 'CURRENT'
 * ```
 */
export function fetchHandler(initial: ApiServer): FetchHandler {
  let server = initial;
  return Object.freeze({
    current: () => server,
    fetch: async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      const headers: Record<string, string> = Object.create(null) as Record<string, string>; // header names are untrusted keys
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      if (!('host' in headers)) headers.host = url.host;
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readBody(request);
      if (body === TOO_LARGE) return toResponse(tooLarge());
      if (body === UNREADABLE) return toResponse(plainError('invalid_input', 'the request body could not be read'));
      const out = handle(server, { method: request.method, path: `${url.pathname}${url.search}`, headers, body });
      server = out.server;
      return toResponse(out.response);
    },
  });
}

const TOO_LARGE = Symbol('too large');
const UNREADABLE = Symbol('unreadable');

/**
 * The body as text, read no further than {@link MAX_REQUEST_BODY_BYTES} (H5): a declared or
 * actual length past it is `TOO_LARGE`, a stream that fails is `UNREADABLE`.
 */
async function readBody(request: Request): Promise<string | undefined | typeof TOO_LARGE | typeof UNREADABLE> {
  if (Number(request.headers.get('content-length')) > MAX_REQUEST_BODY_BYTES) return TOO_LARGE;
  if (request.body === null) return undefined;
  try {
    const reader = request.body.getReader();
    const decoder = new TextDecoder();
    let bytes = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      if (bytes > MAX_REQUEST_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return TOO_LARGE;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return UNREADABLE;
  }
}

function toResponse(response: ApiResponse): Response {
  const { status, headers, text } = toWire(response);
  return new Response(text ?? null, { status, headers });
}
