/**
 * `handle(server, request)` (H1): the pure entry of the facade. Authenticates the token (H3),
 * decodes the path, parses the body, routes (H4), and never throws (H5): a refused request
 * answers its error and leaves the server as it was.
 *
 * @module
 */
import { type ApiRequest, type ApiResponse, json, overLimit, plainError, tooLarge } from './protocol.js';
import type { ApiServer, TokenGrant } from './server.js';
import {
  type Ctx, type Outcome, addMember, listImagesRoute, listMembers, removeImage, removeMember, showImage, showMember, updateMember,
} from './glance.js';
import { batchMembers, copyImage, crossRegionCopy, showJob } from './ims.js';
import { SCHEMAS } from './views.js';

/**
 * What `handle` returns: the server after the request (the same value when nothing changed)
 * and the response.
 *
 * @example
 * ```ts
 * const { server: next, response }: Handled = handle(server, { method: 'GET', path: '/versions', headers: {} });
 * ```
 */
export interface Handled {
  readonly server: ApiServer;
  readonly response: ApiResponse;
}

function header(headers: ApiRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    return Array.isArray(v) ? (v[0] as string | undefined) : (v as string | undefined);
  }
  return undefined;
}

/** Splits a path into decoded segments (H3: percent-decoded, a raw `:` kept) and its query. */
function parsePath(request: ApiRequest): { segments: string[]; query: Record<string, string> } | undefined {
  const [raw = '', search = ''] = request.path.split('?', 2);
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '') continue;
    try {
      segments.push(decodeURIComponent(part));
    } catch {
      return undefined;
    }
  }
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(search)) if (!(k in query)) query[k] = v;
  for (const [k, v] of Object.entries(request.query ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string' && !(k in query)) query[k] = first;
  }
  return { segments, query };
}

/** The body as JSON: a string is parsed, an object is taken as it is, nothing is `{}`. */
function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
  if (body === undefined || body === null || body === '') return { ok: true, value: {} };
  if (typeof body !== 'string') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function versions(request: ApiRequest): ApiResponse {
  const host = header(request.headers, 'host');
  const base = host === undefined ? '' : `http://${host}`;
  return json(200, { versions: [{ id: 'v2.x', status: 'CURRENT', links: [{ rel: 'self', href: `${base}/v2/` }] }] });
}

type Route = (ctx: Ctx, params: string[]) => Outcome;

/** The routes: a path pattern (`*` matches one segment) and a handler per method. */
const ROUTES: readonly [readonly string[], Readonly<Record<string, Route>>][] = [
  [['v2', 'schemas', '*'], {
    GET: (ctx, [name = '']) => ({
      server: ctx.server,
      response: Object.hasOwn(SCHEMAS, name) ? json(200, SCHEMAS[name]) : plainError('not_found', `no schema '${name}'`),
    }),
  }],
  [['v2', 'images'], { GET: (ctx) => listImagesRoute(ctx) }],
  [['v2', 'images', '*'], { GET: (ctx, [id = '']) => showImage(ctx, id), DELETE: (ctx, [id = '']) => removeImage(ctx, id) }],
  [['v2', 'images', '*', 'members'], { GET: (ctx, [id = '']) => listMembers(ctx, id), POST: (ctx, [id = '']) => addMember(ctx, id) }],
  [['v2', 'images', '*', 'members', '*'], {
    GET: (ctx, [id = '', m = '']) => showMember(ctx, id, m),
    PUT: (ctx, [id = '', m = '']) => updateMember(ctx, id, m),
    DELETE: (ctx, [id = '', m = '']) => removeMember(ctx, id, m),
  }],
  [['v1', 'cloudimages', 'members'], {
    POST: (ctx) => batchMembers(ctx, 'POST'), PUT: (ctx) => batchMembers(ctx, 'PUT'), DELETE: (ctx) => batchMembers(ctx, 'DELETE'),
  }],
  [['v1', 'cloudimages', '*', 'copy'], { POST: (ctx, [id = '']) => copyImage(ctx, id) }],
  [['v1', 'cloudimages', '*', 'cross_region_copy'], { POST: (ctx, [id = '']) => crossRegionCopy(ctx, id) }],
  [['v1', '*', 'jobs', '*'], { GET: (ctx, [project = '', job = '']) => showJob(ctx, project, job) }],
];

function match(pattern: readonly string[], segments: readonly string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*') params.push(segments[i] as string);
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}

function route(server: ApiServer, request: ApiRequest): Handled {
  const refuse = (response: ApiResponse): Handled => ({ server, response });
  if (typeof request.body === 'string' && overLimit(request.body)) return refuse(tooLarge());
  const parsed = parsePath(request);
  if (parsed === undefined) return refuse(plainError('invalid_input', 'the path is not percent-encoded correctly'));
  const { segments, query } = parsed;
  const method = request.method.toUpperCase();
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'versions')) {
    return refuse(method === 'GET' ? versions(request) : plainError('not_allowed', `${method} is not allowed here`));
  }
  const token = header(request.headers, 'x-auth-token');
  const grant: TokenGrant | undefined = token !== undefined && Object.hasOwn(server.tokens, token) ? server.tokens[token] : undefined;
  if (grant === undefined) return refuse(plainError('unauthorized', 'a valid X-Auth-Token is needed'));
  for (const [pattern, handlers] of ROUTES) {
    const params = match(pattern, segments);
    if (params === undefined) continue;
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (handler === undefined) return refuse(plainError('not_allowed', `${method} is not allowed on /${segments.join('/')}`));
    const body = parseBody(request.body);
    if (!body.ok) return refuse(plainError('invalid_input', 'the request body is not JSON'));
    return handler({ server, grant, query, body: body.value }, params);
  }
  return refuse(plainError('not_found', `no route /${segments.join('/')}`));
}

/**
 * Handles one request against the server value and returns the next server value and the
 * response (H1). Pure: no I/O, no clock; never throws (H5).
 *
 * @example
 * ```ts
 * const { server: next, response } = handle(server, {
 *   method: 'POST', path: '/v2/images/web/members', headers: { 'X-Auth-Token': 'alice-token' }, body: '{"member":"bob:cn-north-4"}',
 * });
 * response.status; // 200
 * ```
 */
export function handle(server: ApiServer, request: ApiRequest): Handled {
  try {
    return route(server, request);
  } catch {
    // A request that cannot even be read (a hostile object): refused, the server unchanged.
    return { server, response: plainError('invalid_input', 'the request could not be read') };
  }
}
