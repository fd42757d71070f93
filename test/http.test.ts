import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type State, checkInvariants, createWorld, fromSnapshot, getImage, getMembership, listImages, replay, toSnapshot } from '../src/index.js';
import { type ApiRequest, type ApiServer, MAX_REQUEST_BODY_BYTES, createApiServer, fetchHandler, handle } from '../src/http/index.js';
import { timeAt, toWire } from '../src/http/protocol.js';
import { SCHEMAS } from '../src/http/views.js';

function world(): State {
  const { state, results } = replay(createWorld(undefined, { shareLimits: { system: 1 } }), [
    { type: 'addAccount', id: 'alice', name: 'Alice', site: 'china' },
    { type: 'addAccount', id: 'bob', name: 'Bob', site: 'china' },
    { type: 'addAccount', id: 'dave', name: 'Dave', site: 'china' },
    { type: 'addAccount', id: 'carol', name: 'Carol', site: 'international' },
    { type: 'addIamUser', id: 'bob-ops', accountId: 'bob' },
    { type: 'registerImage', actor: 'alice', id: 'web', projectId: 'alice:cn-north-4', name: 'web', kind: 'system' },
    { type: 'registerImage', actor: 'alice', id: 'db', projectId: 'alice:cn-north-4', name: 'db', kind: 'data' },
    { type: 'registerImage', actor: 'alice', id: 'hk', projectId: 'alice:ap-southeast-1', name: 'hk', kind: 'system' },
  ]);
  if (!results.every((r) => r.ok)) throw new Error('setup');
  return state;
}

const TOKENS = {
  a: { principal: 'alice', project: 'alice:cn-north-4' },
  b: { principal: 'bob-ops', project: 'bob:cn-north-4' },
  d: { principal: 'dave', project: 'dave:cn-north-4' },
  c: { principal: 'carol', project: 'carol:ap-southeast-1' },
};

/** A little client over `handle` that keeps the server value, as the adapters do. */
class Client {
  constructor(public server: ApiServer) {}
  call(token: string | undefined, method: string, path: string, body?: unknown): { status: number; body: Record<string, unknown> } {
    const request: ApiRequest = { method, path, headers: token === undefined ? {} : { 'X-Auth-Token': token }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const out = handle(this.server, request);
    if (out.response.status >= 400) expect(out.server).toBe(this.server); // H5: a refusal changes nothing
    this.server = out.server;
    return { status: out.response.status, body: out.response.body as Record<string, unknown> };
  }
}

const client = () => new Client(createApiServer(world(), TOKENS));

/** Checks a value against the JSON-schema subset the facade serves (type, enum, string lengths, items, properties). */
function obeys(schema: Record<string, unknown>, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type as string | string[]);
  const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (types !== undefined && !types.includes(typeOf(value)) && !(types.includes('number') && typeof value === 'number')) problems.push(`${path}: ${typeOf(value)} is not ${types.join('|')}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${String(value)} not in enum`);
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  if (typeof value === 'string' && typeof schema.minLength === 'number' && [...value].length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
  const known = new Set(['type', 'enum', 'items', 'properties', 'additionalProperties', 'maxLength', 'minLength', 'description', 'readOnly', 'name', 'links']);
  for (const k of Object.keys(schema)) if (!known.has(k)) problems.push(`${path}: the schema says '${k}', which this check does not read`);
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => problems.push(...obeys(schema.items as Record<string, unknown>, v, `${path}[${i}]`)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && schema.properties !== undefined) {
    const props = schema.properties as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(value)) {
      if (props[k] !== undefined) problems.push(...obeys(props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties !== undefined) problems.push(...obeys(schema.additionalProperties as Record<string, unknown>, v, `${path}.${k}`));
      else problems.push(`${path}.${k}: not in the schema`);
    }
    // H4: no property the responses lack.
    for (const k of Object.keys(props)) if (!(k in value) && k !== 'next') problems.push(`${path}.${k}: in the schema, not in the response`);
  }
  return problems;
}

describe('SPEC §11 the IMS API facade', () => {
  it('H3 H4 version discovery needs no token; everything else answers 401 without a valid one', () => {
    const c = client();
    for (const path of ['/', '/versions']) {
      const r = c.call(undefined, 'GET', path);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ versions: [{ id: 'v2.x', status: 'CURRENT', links: [{ rel: 'self', href: '/v2/' }] }] });
    }
    expect(c.call(undefined, 'GET', '/v2/images').status).toBe(401);
    expect(c.call('wrong', 'GET', '/v2/images').status).toBe(401);
    expect(c.call(undefined, 'POST', '/versions').status).toBe(405);
  });

  it('H4 H6 the member API: add, list, show, accept, reject, remove, with the schemas the responses obey', () => {
    const c = client();
    const added = c.call('a', 'POST', '/v2/images/web/members', { member: 'bob:cn-north-4', extra: 'ignored' });
    expect(added).toMatchObject({ status: 200, body: { image_id: 'web', member_id: 'bob:cn-north-4', status: 'pending' } });
    expect(obeys(SCHEMAS.member as Record<string, unknown>, added.body)).toEqual([]);
    c.call('a', 'POST', '/v2/images/web/members', { member: 'dave:cn-north-4' });
    const list = c.call('a', 'GET', '/v2/images/web/members');
    expect((list.body.members as { member_id: string }[]).map((m) => m.member_id)).toEqual(['bob:cn-north-4', 'dave:cn-north-4']);
    expect(obeys(SCHEMAS.members as Record<string, unknown>, list.body)).toEqual([]);
    // M6: a member sees its own membership only; another member's is 404.
    expect((c.call('b', 'GET', '/v2/images/web/members').body.members as unknown[]).length).toBe(1);
    expect(c.call('b', 'GET', '/v2/images/web/members/dave%3Acn-north-4').status).toBe(404);
    expect(c.call('c', 'GET', '/v2/images/web/members').status).toBe(404);
    // H3: the member acts for the token's project; a raw ':' and %3A both work.
    expect(c.call('b', 'PUT', '/v2/images/web/members/bob:cn-north-4', { status: 'accepted' })).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(getMembership(c.server.world, 'web', 'bob:cn-north-4')?.status).toBe('accepted');
    expect(c.call('b', 'PUT', '/v2/images/web/members/dave:cn-north-4', { status: 'accepted' }).status).toBe(404);
    expect(c.call('b', 'PUT', '/v2/images/web/members/bob:cn-north-4', { status: 'pending' }).status).toBe(400);
    expect(c.call('b', 'PUT', '/v2/images/web/members/bob:cn-north-4', { status: 'maybe' }).status).toBe(400);
    // H5: 413 at the share limit (S4), 409 for a status it already has.
    expect(c.call('d', 'PUT', '/v2/images/web/members/dave%3Acn-north-4', { status: 'accepted' })).toMatchObject({
      status: 413, body: { error: { code: 'share_limit_reached', ims_code: 'IMG.0088', limit: 1 } },
    });
    expect(c.call('b', 'PUT', '/v2/images/web/members/bob:cn-north-4', { status: 'accepted' }).status).toBe(409);
    expect(c.call('b', 'PUT', '/v2/images/web/members/bob:cn-north-4', { status: 'rejected' }).body.status).toBe('rejected');
    expect(c.call('a', 'GET', '/v2/images/web/members/bob:cn-north-4').body.status).toBe('rejected');
    expect(c.call('a', 'DELETE', '/v2/images/web/members/bob:cn-north-4').status).toBe(204);
    expect(c.call('a', 'DELETE', '/v2/images/web/members/bob:cn-north-4').status).toBe(404);
    expect(c.call('a', 'DELETE', '/v2/images/web/members/nobody').status).toBe(404);
  });

  it('H5 refusals: 404, 409, 403 and 400, with the violation code and the IMS code', () => {
    const c = client();
    expect(c.call('a', 'POST', '/v2/images/web/members', { member: 'nowhere' })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    c.call('a', 'POST', '/v2/images/db/members', { member: 'bob:cn-north-4' });
    expect(c.call('a', 'POST', '/v2/images/db/members', { member: 'bob:cn-north-4' })).toMatchObject({ status: 409, body: { error: { code: 'already_shared' } } });
    expect(c.call('a', 'POST', '/v2/images/db/members', { member: 'carol:ap-southeast-1' })).toMatchObject({
      status: 403, body: { error: { code: 'cross_region_target', ims_code: 'IMG.0177' } },
    });
    expect(c.call('a', 'POST', '/v2/images/db/members', { member: 'alice:cn-north-4' })).toMatchObject({ status: 403, body: { error: { code: 'share_with_self' } } });
    expect(c.call('b', 'POST', '/v2/images/db/members', { member: 'dave:cn-north-4' })).toMatchObject({ status: 403, body: { error: { code: 'not_image_owner' } } });
    expect(c.call('a', 'POST', '/v2/images/db/members', { nope: 1 })).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(c.call('a', 'POST', '/v2/images/db/members').status).toBe(400);
    expect(handle(c.server, { method: 'POST', path: '/v2/images/db/members', headers: { 'x-auth-token': 'a' }, body: '{not json' }).response.status).toBe(400);
    expect(c.call('a', 'GET', '/v2/images/%E0%A4%A').status).toBe(400);
    expect(c.call('a', 'PATCH', '/v2/images/db').status).toBe(405);
    expect(c.call('a', 'GET', '/v3/anything').status).toBe(404);
    expect(c.call('a', 'GET', '/v2/schemas/nothing').status).toBe(404);
    expect(c.call('b', 'DELETE', '/v2/images/db')).toMatchObject({ status: 403, body: { error: { code: 'not_image_owner' } } });
    expect(c.call('c', 'DELETE', '/v2/images/db').status).toBe(404);
    for (const e of [c.call('a', 'GET', '/v2/images/none').body]) expect(Object.values(e).every((v) => typeof v === 'object' && v !== null && 'message' in v)).toBe(true);
  });

  it('H4 images: list by visibility, member status and owner; show; delete; the responses obey the image schemas', () => {
    const c = client();
    c.call('a', 'POST', '/v2/images/web/members', { member: 'bob:cn-north-4' });
    c.call('a', 'POST', '/v2/images/db/members', { member: 'bob:cn-north-4' });
    c.call('b', 'PUT', '/v2/images/db/members/bob:cn-north-4', { status: 'accepted' });
    const ids = (token: string, query: string) => (c.call(token, 'GET', `/v2/images${query}`).body.images as { id: string }[]).map((i) => i.id);
    expect(ids('a', '')).toEqual(['web', 'db']);
    expect(ids('a', '?visibility=private')).toEqual([]);
    expect(ids('b', '')).toEqual(['db']);
    expect(ids('b', '?visibility=shared&member_status=pending')).toEqual(['web']);
    expect(ids('b', '?visibility=shared&member_status=all&limit=20&sort_key=name')).toEqual(['web', 'db']);
    expect(ids('b', '?owner=alice:cn-north-4&member_status=all')).toEqual(['web', 'db']);
    expect(ids('b', '?visibility=public')).toEqual([]);
    // Glance's field filters: a value, or `in:` a list ("quoted" values keep their commas).
    expect(ids('a', '?name=db')).toEqual(['db']);
    expect(ids('a', '?name=in:web,db&id=in:db')).toEqual(['db']);
    expect(ids('a', '?name=in:%22we,b%22,web')).toEqual(['web']);
    expect(ids('a', '?status=active&protected=false&disk_format=qcow2&container_format=bare')).toEqual(['web', 'db']);
    expect(ids('a', '?status=queued')).toEqual([]);
    expect(ids('a', '?protected=true')).toEqual([]);
    expect(ids('a', '?tag=gold')).toEqual([]);
    expect(ids('b', '?member_status=all&name=web')).toEqual(['web']);
    expect(c.call('b', 'GET', '/v2/images?member_status=maybe').status).toBe(400);
    const listed = c.call('b', 'GET', '/v2/images?member_status=all');
    expect(listed.body.next).toBeUndefined();
    expect(obeys(SCHEMAS.images as Record<string, unknown>, listed.body)).toEqual([]);
    // A name may be as long as the model takes it (a non-empty string): the schema must not say less.
    const long = replay(c.server.world, [{ type: 'registerImage', actor: 'bob', id: 'long', projectId: 'bob:cn-north-4', name: 'n'.repeat(300), kind: 'data' }]);
    const withLong = new Client(createApiServer(long.state, TOKENS));
    expect(obeys(SCHEMAS.images as Record<string, unknown>, withLong.call('b', 'GET', '/v2/images').body)).toEqual([]);
    const shown = c.call('b', 'GET', '/v2/images/web');
    expect(shown).toMatchObject({ status: 200, body: { id: 'web', owner: 'alice:cn-north-4', visibility: 'shared', __imagetype: 'shared' } });
    expect(obeys(SCHEMAS.image as Record<string, unknown>, shown.body)).toEqual([]);
    expect(c.call('a', 'GET', '/v2/images/db').body.__imagetype).toBe('private');
    expect(c.call('d', 'GET', '/v2/images/web').status).toBe(404);
    expect(c.call('a', 'DELETE', '/v2/images/web').status).toBe(204);
    expect(getImage(c.server.world, 'web')).toBeUndefined();
    for (const name of ['member', 'members', 'image', 'images']) expect(c.call('a', 'GET', `/v2/schemas/${name}`).body).toEqual(SCHEMAS[name]);
  });

  it('H4 the IMS v1 extensions: batch members, copies and jobs, all or nothing', () => {
    const c = client();
    const job = (token: string, project: string, id: string) => c.call(token, 'GET', `/v1/${encodeURIComponent(project)}/jobs/${id}`);
    const added = c.call('a', 'POST', '/v1/cloudimages/members', { images: ['web', 'db'], projects: ['bob:cn-north-4', 'dave:cn-north-4'] });
    expect(added).toMatchObject({ status: 200, body: { job_id: 'job-1' } });
    expect(job('a', 'alice:cn-north-4', 'job-1').body).toMatchObject({ status: 'SUCCESS', job_type: 'batchAddMembers', error_code: null });
    expect(getMembership(c.server.world, 'db', 'dave:cn-north-4')?.status).toBe('pending');
    // A batch that breaks a rule fails whole: nothing changes.
    const before = c.server.world;
    c.call('a', 'POST', '/v1/cloudimages/members', { images: ['hk', 'web'], projects: ['carol:ap-southeast-1'] });
    expect(job('a', 'alice:cn-north-4', 'job-2').body).toMatchObject({ status: 'FAIL', error: { code: 'cross_region_target' } });
    expect(c.server.world).toBe(before);
    c.call('b', 'PUT', '/v1/cloudimages/members', { images: ['web', 'db'], project_id: 'bob:cn-north-4', status: 'accepted' });
    expect(job('b', 'bob:cn-north-4', 'job-3').body.status).toBe('SUCCESS');
    expect(getMembership(c.server.world, 'db', 'bob:cn-north-4')?.status).toBe('accepted');
    c.call('b', 'PUT', '/v1/cloudimages/members', { images: ['web'], project_id: 'dave:cn-north-4', status: 'accepted' });
    expect(job('b', 'bob:cn-north-4', 'job-4').body).toMatchObject({ status: 'FAIL', error: { code: 'not_found' } });
    expect(job('a', 'bob:cn-north-4', 'job-4').status).toBe(404);
    expect(job('a', 'alice:cn-north-4', 'job-99').status).toBe(404);
    c.call('a', 'DELETE', '/v1/cloudimages/members', { images: ['db'], projects: ['dave:cn-north-4'] });
    expect(getMembership(c.server.world, 'db', 'dave:cn-north-4')).toBeUndefined();
    c.call('a', 'DELETE', '/v1/cloudimages/members', { images: ['db'], projects: ['nowhere'] });
    expect(job('a', 'alice:cn-north-4', 'job-6').body.status).toBe('FAIL');
    // R1: bob copies the accepted image into his project; R2: alice copies hers to cn-south-1.
    c.call('b', 'POST', '/v1/cloudimages/db/copy', { name: 'my-db' });
    const copied = job('b', 'bob:cn-north-4', 'job-7').body;
    expect(copied).toMatchObject({ status: 'SUCCESS', job_type: 'copyImageInRegion' });
    const copyId = (copied.entities as { image_id: string }).image_id;
    expect(getImage(c.server.world, copyId)).toMatchObject({ ownerProjectId: 'bob:cn-north-4', derivedFrom: 'db', name: 'my-db' });
    c.call('b', 'POST', '/v1/cloudimages/db/copy', { name: 'sealed', cmk_id: 'key-1' });
    expect(job('b', 'bob:cn-north-4', 'job-8').body).toMatchObject({ status: 'FAIL', error_code: 'IMG.0197' });
    c.call('a', 'POST', '/v1/cloudimages/web/cross_region_copy', { name: 'gz-web', region: 'cn-south-1', project_name: 'cn-south-1', agency_name: 'ignored' });
    const far = job('a', 'alice:cn-north-4', 'job-9').body;
    expect(far).toMatchObject({ status: 'SUCCESS', job_type: 'copyImageCrossRegion' });
    expect(listImages(c.server.world, { accountId: 'alice', regionId: 'cn-south-1' }).map((i) => i.name)).toEqual(['gz-web']);
    c.call('a', 'POST', '/v1/cloudimages/web/cross_region_copy', { name: 'x', region: 'cn-south-1', project_name: 'no-such' });
    expect(job('a', 'alice:cn-north-4', 'job-10').body.status).toBe('FAIL');
    c.call('a', 'POST', '/v1/cloudimages/web/cross_region_copy', { name: 'x', region: 'cn-north-4', project_name: 'cn-north-4' });
    expect(job('a', 'alice:cn-north-4', 'job-11').body).toMatchObject({ status: 'FAIL', error_code: 'IMG.0142' });
    expect(c.call('a', 'POST', '/v1/cloudimages/members', { images: [] }).status).toBe(400);
    expect(c.call('a', 'POST', '/v1/cloudimages/web/copy', {}).status).toBe(400);
    expect(c.call('a', 'POST', '/v1/cloudimages/web/cross_region_copy', { name: 'x' }).status).toBe(400);
    expect(c.call('a', 'PUT', '/v1/cloudimages/members', { images: ['web'] }).status).toBe(400);
    // The server value lists its jobs in the order they were made, and an earlier value keeps its own.
    const jobs = c.server.jobs;
    expect(jobs.size).toBe(11);
    expect(jobs.values().map((j) => j.id)).toEqual(Array.from({ length: 11 }, (_, i) => `job-${i + 1}`));
    expect(jobs.values().map((j) => j.status).join()).toBe('SUCCESS,FAIL,SUCCESS,FAIL,SUCCESS,FAIL,SUCCESS,FAIL,SUCCESS,FAIL,FAIL');
    expect(jobs.get('job-7')).toMatchObject({ type: 'copyImageInRegion', project: 'bob:cn-north-4', entities: { image_id: copyId } });
    expect([jobs.has('job-11'), jobs.has('job-12'), jobs.get('__proto__'), jobs.get(7 as unknown as string)]).toEqual([true, false, undefined, undefined]);
    const earlier = c.server;
    c.call('a', 'POST', '/v1/cloudimages/web/copy', { name: 'one more' });
    expect([earlier.jobs.size, earlier.jobs.has('job-12'), c.server.jobs.size, c.server.jobs.get('job-12')?.status]).toEqual([11, false, 12, 'SUCCESS']);
    expect(Object.isFrozen(c.server.jobs)).toBe(true);
  });

  it('H4 3,000 copy requests: every job stays readable over HTTP, the first as the last, and the jobs list in order', () => {
    let server = createApiServer(world(), TOKENS);
    for (let i = 0; i < 3_000; i++) {
      const out = handle(server, { method: 'POST', path: '/v1/cloudimages/db/copy', headers: { 'X-Auth-Token': 'a' }, body: JSON.stringify({ name: `c${i}` }) });
      expect(out.response.body).toEqual({ job_id: `job-${i + 1}` });
      server = out.server;
    }
    expect(server.jobCount).toBe(3_000);
    for (const id of ['job-1', 'job-1500', 'job-3000']) {
      const shown = handle(server, { method: 'GET', path: `/v1/alice:cn-north-4/jobs/${id}`, headers: { 'X-Auth-Token': 'a' } }).response;
      expect(shown).toMatchObject({ status: 200, body: { job_id: id } });
    }
    // Copies succeed until alice's quota in cn-north-4 (50, W3; she owns 2 images there) stops them.
    expect(server.jobs.values().map((j) => j.status).lastIndexOf('SUCCESS')).toBe(47);
    expect(server.jobs.values().filter((j) => j.status === 'SUCCESS').length).toBe(48);
  });

  it('H1 H5 no request crashes the server or changes the world when refused (5,000 arbitrary requests)', () => {
    const start = createApiServer(world(), TOKENS);
    const paths = fc.oneof(fc.string(), fc.constantFrom('/v2/images', '/v2/images/web', '/v2/images/web/members', '/v2/images/web/members/bob:cn-north-4', '/v1/cloudimages/members', '/v1/cloudimages/web/copy', '/v1/alice:cn-north-4/jobs/job-1', '/'));
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get'),
      path: paths,
      headers: fc.oneof(fc.constant({ 'x-auth-token': 'a' }), fc.constant({ 'X-Auth-Token': ['b'] }), fc.dictionary(fc.string(), fc.string())),
      body: fc.oneof(fc.anything(), fc.json(), fc.constant('{"member":"bob:cn-north-4"}')),
    });
    fc.assert(fc.property(request, (r) => {
      const out = handle(start, r as ApiRequest);
      expect(typeof out.response.status).toBe('number');
      if (out.response.status >= 400) {
        expect(out.server).toBe(start);
        const body = out.response.body as Record<string, unknown>;
        expect(Object.values(body).every((v) => typeof v === 'object' && v !== null && 'message' in v)).toBe(true);
      }
      JSON.stringify(out.response.body);
      // Requests of the declared shape never reach the last-resort catch: no handler throws.
      expect(JSON.stringify(out.response.body)).not.toContain('the request could not be read');
    }), { numRuns: 5_000 });
    const hostile = { method: 'GET', get path(): string { throw new Error('hostile'); }, headers: {} };
    expect(handle(start, hostile as unknown as ApiRequest).response.status).toBe(400);
  });

  it('H3 H5 random sessions of mostly well-formed requests by every token: nothing over 499, a refusal changes nothing, the world stays sound', () => {
    // The arbitrary requests above seldom get past the router; these mostly do, and each
    // session keeps the server its requests return, so later requests meet what earlier ones made.
    const image = fc.constantFrom('web', 'db', 'hk', 'nope', '__proto__', '%2F');
    const images = fc.array(fc.constantFrom('web', 'db', 'hk'), { minLength: 1, maxLength: 3 });
    const project = fc.constantFrom('bob:cn-north-4', 'dave:cn-north-4', 'carol:ap-southeast-1', 'alice:cn-north-4', 'constructor');
    const projects = fc.array(fc.constantFrom('bob:cn-north-4', 'dave:cn-north-4', 'carol:ap-southeast-1'), { minLength: 1, maxLength: 3 });
    const name = fc.string({ minLength: 1, maxLength: 8 });
    const membersPath = image.map((i) => `/v2/images/${i}/members`);
    const memberPath = fc.tuple(image, project).map(([i, m]) => `/v2/images/${i}/members/${m}`);
    const step = fc.tuple(fc.constantFrom('a', 'b', 'd', 'c', 'nobody'), fc.oneof(
      fc.tuple(fc.constant('GET'), fc.oneof(
        fc.constantFrom('/v2/images', '/v2/images?member_status=all', '/v2/images?visibility=shared&member_status=pending', '/v2/images?owner=alice:cn-north-4', '/v1/bob:cn-north-4/jobs/job-1'),
        membersPath, memberPath,
      ), fc.constant(undefined)),
      fc.tuple(fc.constant('POST'), membersPath, project.map((member) => ({ member }))),
      fc.tuple(fc.constant('PUT'), memberPath, fc.constantFrom('accepted', 'rejected', 'pending').map((status) => ({ status }))),
      fc.tuple(fc.constant('DELETE'), fc.oneof(image.map((i) => `/v2/images/${i}`), memberPath), fc.constant(undefined)),
      fc.tuple(fc.constantFrom('POST', 'DELETE'), fc.constant('/v1/cloudimages/members'), fc.record({ images, projects })),
      fc.tuple(fc.constant('PUT'), fc.constant('/v1/cloudimages/members'), fc.record({ images, project_id: project, status: fc.constantFrom('accepted', 'rejected') })),
      fc.tuple(fc.constant('POST'), image.map((i) => `/v1/cloudimages/${i}/copy`), fc.record({ name })),
      fc.tuple(fc.constant('POST'), image.map((i) => `/v1/cloudimages/${i}/cross_region_copy`), fc.record({ name, region: fc.constantFrom('cn-east-3', 'ap-southeast-1'), project_name: fc.constantFrom('cn-east-3', 'ap-southeast-1') })),
    ));
    const seen = new Map<number, number>();
    fc.assert(fc.property(fc.array(step, { minLength: 5, maxLength: 40 }), (steps) => {
      // Client.call asserts that a refusal leaves the server value as it was (H5).
      const c = client();
      for (const [token, [method, path, body]] of steps) {
        const { status } = c.call(token, method, path, body);
        seen.set(status, (seen.get(status) ?? 0) + 1);
        expect(status).toBeLessThan(500);
      }
      expect(checkInvariants(c.server.world)).toEqual([]);
    }), { numRuns: 300 });
    // The sessions reached the facade's answers, not only its refusals of form.
    // (About 1,600 answers of 200, 20 of 204, 700 of 401, 40 of 403 and 1,200 of 404 in a run.)
    for (const status of [200, 204, 401, 403, 404]) expect(seen.get(status) ?? 0).toBeGreaterThan(0);
  });

  it('H5 F3 a batch body with a million malformed ids, or four billion holes, is refused with its first 20', () => {
    const server = createApiServer(world(), TOKENS);
    // Bodies given as values (a framework parsed them): as text, a million nulls is over the byte limit.
    const bodies: unknown[] = [
      { images: new Array(1_000_000).fill(null), projects: ['bob:cn-north-4'] },
      JSON.stringify({ images: new Array(20_000).fill(null), projects: ['bob:cn-north-4'] }),
      { images: ['web'], projects: new Array(2 ** 32 - 1) },
    ];
    for (const body of bodies) {
      const out = handle(server, { method: 'POST', path: '/v1/cloudimages/members', headers: { 'X-Auth-Token': 'a' }, body } as ApiRequest);
      expect(out.response.status).toBe(400);
      expect(out.server).toBe(server);
      const issues = (out.response.body as { error: { issues: { path: unknown[] }[] } }).error.issues;
      expect(issues.map((i) => i.path[1])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it('H5 a body longer than MAX_REQUEST_BODY_BYTES (UTF-8 bytes) answers 413 request_too_large; one at the limit is read', () => {
    const server = createApiServer(world(), TOKENS);
    const member = (padding: string) => `{"member":"bob:cn-north-4","x":"${padding}"}`;
    const frame = Buffer.byteLength(member(''));
    const send = (body: string) => handle(server, { method: 'POST', path: '/v2/images/web/members', headers: { 'X-Auth-Token': 'a' }, body });
    // Exactly at the limit, in one-, two-, three- and four-byte characters: read and answered.
    for (const [ch, size] of [['a', 1], ['é', 2], ['€', 3], ['😀', 4]] as const) {
      const room = MAX_REQUEST_BODY_BYTES - frame;
      const body = member(ch.repeat(Math.floor(room / size)) + 'a'.repeat(room % size));
      expect(Buffer.byteLength(body)).toBe(MAX_REQUEST_BODY_BYTES);
      expect(send(body).response.status).toBe(200);
      // One byte more: refused, whatever the number of UTF-16 units.
      const over = send(`${body} `);
      expect(over.response.status).toBe(413);
      expect(over.server).toBe(server);
      expect(over.response.body).toEqual({ error: { code: 'request_too_large', message: `the request body is longer than ${MAX_REQUEST_BODY_BYTES} bytes` } });
    }
    // A lone surrogate takes three bytes, as UTF-8 encodes it (U+FFFD).
    const lone = member('\ud800'.repeat(Math.floor((MAX_REQUEST_BODY_BYTES - frame) / 3) + 1));
    expect(Buffer.byteLength(lone)).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    expect(send(lone).response.status).toBe(413);
    // A body that is already a value (parsed by the caller) is taken as it is.
    expect(handle(server, { method: 'POST', path: '/v2/images/web/members', headers: { 'X-Auth-Token': 'a' }, body: { member: 'bob:cn-north-4', x: 'a'.repeat(MAX_REQUEST_BODY_BYTES) } }).response.status).toBe(200);
  });

  it('H5 the fetch adapter reads no further than the limit: a body that never ends answers 413, one whose stream fails 400', async () => {
    const api = fetchHandler(createApiServer(world(), TOKENS));
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16_384).fill(32));
      },
    });
    const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
      api.fetch(new Request('http://ims.test/v2/images/web/members', { method: 'POST', headers: { 'X-Auth-Token': 'a', ...headers }, body, duplex: 'half' } as RequestInit));
    const endlessAnswer = await post(endless);
    expect(endlessAnswer.status).toBe(413);
    expect(((await endlessAnswer.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    expect(pulled).toBeLessThan(20);
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection lost'));
      },
    });
    expect((await post(failing)).status).toBe(400);
    expect((await post(JSON.stringify({ member: 'bob:cn-north-4' }), { 'content-length': String(MAX_REQUEST_BODY_BYTES + 1) })).status).toBe(413);
    expect(getMembership(api.current().world, 'web', 'bob:cn-north-4')).toBeUndefined();
    expect((await post(JSON.stringify({ member: 'bob:cn-north-4' }))).status).toBe(200);
  });

  it('H5 a response that cannot be written as one string answers 500 response_too_large instead of throwing out of the adapters', () => {
    // A list of 1.3 million images (449 characters each) passes V8's 512 MB string limit; the
    // adapters meet it as JSON.stringify throwing, which a body that refers to itself also does.
    const looped: Record<string, unknown> = { images: [] };
    looped.self = looped;
    const wire = toWire({ status: 200, headers: {}, body: looped });
    expect(wire.status).toBe(500);
    expect(JSON.parse(wire.text as string)).toMatchObject({ error: { code: 'response_too_large' } });
    expect(toWire({ status: 204, headers: {}, body: null }).text).toBeUndefined();
    expect(toWire({ status: 200, headers: {}, body: { ok: 1 } })).toEqual({ status: 200, headers: {}, text: '{"ok":1}' });
  });

  it('H1 times: version v is v seconds after 2026-01-01, as Date writes it, and every version a state can reach has one', () => {
    const MAX_DATE_VERSION = (8.64e15 - Date.UTC(2026, 0, 1)) / 1000;
    const iso = (v: number) => new Date(Date.UTC(2026, 0, 1) + v * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    fc.assert(fc.property(fc.oneof(fc.nat({ max: 100_000_000 }), fc.integer({ min: 0, max: MAX_DATE_VERSION })), (v) => {
      expect(timeAt(v)).toBe(iso(v));
    }), { numRuns: 2_000 });
    expect([timeAt(0), timeAt(251_635_075_199), timeAt(251_635_075_200)]).toEqual(['2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+010000-01-01T00:00:00Z']);
    // Past Date's range, the calendar goes on: 400 Gregorian years later is the same day and second.
    const CYCLE = 146_097 * 86_400;
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1 - CYCLE }), (v) => {
      const [, year, rest] = /^\+?(\d+)(-.*)$/.exec(timeAt(v)) as RegExpExecArray;
      const [, later, laterRest] = /^\+?(\d+)(-.*)$/.exec(timeAt(v + CYCLE)) as RegExpExecArray;
      expect([Number(later) - Number(year), laterRest]).toEqual([400, rest]);
    }), { numRuns: 2_000 });
    // A world at the last versions still answers with times (before: 400, the request could not be read).
    const loaded = fromSnapshot({ ...toSnapshot(world()), version: Number.MAX_SAFE_INTEGER - 3 });
    if (!loaded.ok) throw new Error('setup');
    let server = createApiServer(loaded.state, TOKENS);
    server = handle(server, { method: 'POST', path: '/v1/cloudimages/web/copy', headers: { 'X-Auth-Token': 'a' }, body: '{"name":"late"}' }).server;
    const job = handle(server, { method: 'GET', path: '/v1/alice:cn-north-4/jobs/job-1', headers: { 'X-Auth-Token': 'a' } }).response;
    expect(job).toMatchObject({ status: 200, body: { status: 'SUCCESS', begin_time: timeAt(Number.MAX_SAFE_INTEGER - 2) } });
    expect(handle(server, { method: 'GET', path: '/v2/images', headers: { 'X-Auth-Token': 'a' } }).response.status).toBe(200);
  });

  it('H1 the fetch adapter answers Requests and keeps the server value; createApiServer checks its tokens', async () => {
    const api = fetchHandler(createApiServer(world(), TOKENS));
    const versions = await api.fetch(new Request('http://ims.test/versions'));
    expect(((await versions.json()) as { versions: { links: { href: string }[] }[] }).versions[0]?.links[0]?.href).toBe('http://ims.test/v2/');
    const added = await api.fetch(new Request('http://ims.test/v2/images/web/members', {
      method: 'POST', headers: { 'X-Auth-Token': 'a', 'content-type': 'application/json' }, body: JSON.stringify({ member: 'bob:cn-north-4' }),
    }));
    expect(added.status).toBe(200);
    expect(added.headers.get('content-type')).toContain('application/json');
    expect(getMembership(api.current().world, 'web', 'bob:cn-north-4')?.status).toBe('pending');
    const removed = await api.fetch(new Request('http://ims.test/v2/images/web/members/bob:cn-north-4', { method: 'DELETE', headers: { 'X-Auth-Token': 'a' } }));
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    expect(() => createApiServer(world(), { x: { principal: 'bob', project: 'alice:cn-north-4' } })).toThrow(TypeError);
    expect(() => createApiServer(toSnapshot(world()) as never, {})).toThrow(TypeError);
  });

  it('H3 query values may come as a map (a list takes its first value), headers as lists, and a JSON body as a value', () => {
    const c = client();
    c.call('a', 'POST', '/v2/images/web/members', { member: 'bob:cn-north-4' });
    const out = handle(c.server, {
      method: 'get', path: '/v2/images', query: { visibility: ['shared', 'private'], member_status: 'pending', limit: undefined },
      headers: { 'X-AUTH-TOKEN': ['b'] },
    });
    expect((out.response.body as { images: { id: string }[] }).images.map((i) => i.id)).toEqual(['web']);
    const withValue = handle(c.server, { method: 'PUT', path: '/v2/images/web/members/bob:cn-north-4', headers: { 'x-auth-token': 'b' }, body: { status: 'accepted' } });
    expect(withValue.response.status).toBe(200);
    expect(handle(withValue.server, { method: 'GET', path: '//v2//images/web/', headers: { 'x-auth-token': 'b' } }).response.status).toBe(200);
  });
});
