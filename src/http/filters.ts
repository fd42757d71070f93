/**
 * The filters of `GET /v2/images` on the fields of an image view (H4), as Glance reads them:
 * `name`, `id`, `status`, `container_format`, `disk_format` and `protected` match a value
 * exactly, or one of a list given as `in:a,b,"c,d"` (double quotes keep commas; `\"` is a
 * quote); `tag` matches an image that has the tag, and the facade's images have none. A client
 * that filters on the server (`glance image-list --property-filter name=web`, the SDK's
 * `images(name=...)`) is answered what it asked for, never the whole list.
 *
 * @module
 */

/** The filters read from the query, by the view field they compare. */
const FIELDS = ['id', 'name', 'status', 'container_format', 'disk_format', 'protected'] as const;

/** The values a filter accepts: `in:` a list, or the value itself. */
export function filterValues(raw: string): string[] {
  if (!raw.startsWith('in:')) return [raw];
  const out: string[] = [];
  let current = '';
  let quoted = false;
  const text = raw.slice(3);
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '"') {
      current += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/**
 * A test of image views against the field filters and `tag` of a list query (a query without
 * them passes every view).
 */
export function viewFilter(query: Readonly<Record<string, string>>): (view: Readonly<Record<string, unknown>>) => boolean {
  const tests: ((view: Readonly<Record<string, unknown>>) => boolean)[] = [];
  for (const field of FIELDS) {
    const raw = query[field];
    if (raw === undefined) continue;
    const allowed = new Set(filterValues(raw));
    tests.push((view) => allowed.has(String(view[field])));
  }
  if (query.tag !== undefined) {
    const tag = query.tag;
    tests.push((view) => Array.isArray(view.tags) && view.tags.includes(tag));
  }
  return (view) => tests.every((test) => test(view));
}
