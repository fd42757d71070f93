/**
 * The facade's plain request and response (H1), the logical clock's times, and the error
 * bodies of H5: every refusal maps to one status and one body, `{ "error": { code, message,
 * ims_code?, ... } }`.
 *
 * @module
 */
import type { RuleViolation, ViolationCode } from '../errors.js';

/**
 * A request as `handle` takes it: no I/O, plain values. `body` is the raw text or an already
 * parsed JSON value; `path` may carry a query string, or `query` may hold it.
 *
 * @example
 * ```ts
 * const request: ApiRequest = { method: 'GET', path: '/v2/images', headers: { 'x-auth-token': 'bob-token' } };
 * ```
 */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: unknown;
}

/**
 * A response as `handle` gives it: a status, headers, and a JSON value (`null` when empty).
 *
 * @example
 * ```ts
 * const response: ApiResponse = { status: 204, headers: {}, body: null };
 * ```
 */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json; charset=UTF-8' });

/** A JSON response. */
export function json(status: number, body: unknown): ApiResponse {
  return Object.freeze({ status, headers: JSON_HEADERS, body });
}

/** An empty response (204). */
export function noContent(): ApiResponse {
  return Object.freeze({ status: 204, headers: Object.freeze({}), body: null });
}

const CONFLICT: readonly ViolationCode[] = ['already_shared', 'status_unchanged', 'duplicate_id', 'duplicate_name'];

/** H5: the status of a refusal. */
export function statusOf(code: ViolationCode | 'unauthorized' | 'not_allowed'): number {
  if (code === 'not_found') return 404;
  if (code === 'invalid_input') return 400;
  if (code === 'unauthorized') return 401;
  if (code === 'not_allowed') return 405;
  if (code === 'share_limit_reached') return 413;
  if (CONFLICT.includes(code)) return 409;
  return 403;
}

/** The body of a refusal: `{ error: { code, message, ims_code?, ...the violation's fields } }`. */
export function errorBody(v: RuleViolation): unknown {
  const { code, message, imsCode, rule, ...fields } = v as RuleViolation & Record<string, unknown>;
  const error: Record<string, unknown> = { code, message, rule };
  if (imsCode !== undefined) error.ims_code = imsCode;
  for (const [k, value] of Object.entries(fields)) error[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  return { error };
}

/** H5: the response for a rule violation. */
export function refusal(v: RuleViolation): ApiResponse {
  return json(statusOf(v.code), errorBody(v));
}

/** A refusal that is not a rule of the model: no token, no route, a method the route lacks. */
export function plainError(code: 'unauthorized' | 'not_found' | 'not_allowed' | 'invalid_input', message: string): ApiResponse {
  return json(statusOf(code), { error: { code, message } });
}

/**
 * H5: the longest request body the facade reads, in bytes (114,688: the default of
 * oslo.middleware's `max_request_body_size`, the request size limit that OpenStack services
 * put in front of their APIs). A longer body answers 413 `request_too_large` and is read no
 * further, so that no request can exhaust the server's memory.
 *
 * @example
 * ```ts
 * if (Number(req.headers['content-length']) > MAX_REQUEST_BODY_BYTES) console.log('answer 413 without reading the body');
 * ```
 */
export const MAX_REQUEST_BODY_BYTES = 114_688;

/** Whether the UTF-8 encoding of `text` is longer than {@link MAX_REQUEST_BODY_BYTES} (read no further than that). */
export function overLimit(text: string): boolean {
  // Every UTF-16 unit takes at least one byte: a longer string is over whatever it holds.
  if (text.length > MAX_REQUEST_BODY_BYTES) return true;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
  }
  return bytes > MAX_REQUEST_BODY_BYTES;
}

/** H5: the answer to a body longer than {@link MAX_REQUEST_BODY_BYTES}: 413 `request_too_large`. */
export function tooLarge(): ApiResponse {
  return json(413, { error: { code: 'request_too_large', message: `the request body is longer than ${MAX_REQUEST_BODY_BYTES} bytes` } });
}

/** A response as it goes on the wire: its status, headers and body text (none for 204 or `null`). */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string | undefined;
}

/**
 * The response as it goes on the wire. A body too long for one string (a list of millions of
 * images: V8 strings stop at 512 MB) answers 500 `response_too_large` rather than throwing
 * out of the adapter (H5: no request crashes the server).
 */
export function toWire(response: ApiResponse): WireResponse {
  const { status, headers, body } = response;
  if (status === 204 || body === null) return { status, headers, text: undefined };
  try {
    return { status, headers, text: JSON.stringify(body) };
  } catch {
    const error = { code: 'response_too_large', message: 'the response is too long to be written: narrow the request (a filter, or a token of a project that holds fewer images)' };
    return { status: 500, headers: JSON_HEADERS, text: JSON.stringify({ error }) };
  }
}

const SECONDS_PER_DAY = 86_400;
/** 2026-01-01, in days since 1970-01-01 (the logical clock's origin, H1). */
const EPOCH_DAY = Date.UTC(2026, 0, 1) / (SECONDS_PER_DAY * 1000);

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * H1: times derive from the logical clock: version v is v seconds after 2026-01-01T00:00:00Z,
 * as ISO 8601 (`2026-01-01T00:00:07Z`; years past 9999 in the expanded form `+012026-...`, as
 * `Date#toISOString` writes them). Computed with the proleptic Gregorian calendar rather than
 * `Date`, whose range ends at version 8.6e12 or so, so that every version a state can reach
 * has a time (a `Date` past its range throws).
 */
export function timeAt(version: number): string {
  const whole = Math.floor(version / SECONDS_PER_DAY);
  const days = EPOCH_DAY + whole;
  const second = version - whole * SECONDS_PER_DAY;
  // The civil date of a day number (H. Hinnant, "chrono-compatible low-level date algorithms").
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const y = year > 9_999 ? `+${String(year).padStart(6, '0')}` : String(year).padStart(4, '0');
  const clock = `${two(Math.floor(second / 3_600))}:${two(Math.floor((second % 3_600) / 60))}:${two(second % 60)}`;
  return `${y}-${two(month)}-${two(day)}T${clock}Z`;
}
