import { describe, expect, it } from 'vitest';
import {
  type Command, type State, addAccount, addProject, apply, commandStream, createDataDisk, createServer, createWorld, diff,
  fromSnapshot, listDisks, listImages, listMemberships, listProjects, listServers, registerImage, replayBatch, share, toSnapshot,
} from '../src/index.js';
import { createApiServer, handle } from '../src/http/index.js';
import { sortBy } from '../src/state/order.js';
import { P, ok, world } from './helpers.js';

describe('rarely taken paths, taken on purpose', () => {
  it('W5 createWorld refuses a configuration out of bounds and a region that names an unknown site', () => {
    expect(() => createWorld(undefined, { privateImageQuota: -1 })).toThrow(TypeError);
    expect(() => createWorld({ sites: [{ id: 's' }], regions: [{ id: 'r', name: 'R', sites: ['t'], azs: ['r-a'] }] })).toThrow(/unknown site/);
  });

  it('W2 addProject refuses a name already used by the account in that region', () => {
    const s = ok(addProject(world(), { actor: 'bob', id: 'bob-dev', regionId: 'cn-north-4', name: 'dev' }));
    expect(addProject(s, { actor: 'bob', id: 'bob-dev-2', regionId: 'cn-north-4', name: 'dev' })).toMatchObject({ ok: false, error: { code: 'duplicate_name' } });
  });

  it('F1 creation-order sorts: dense keys by slot, sparse or repeated keys by comparison, the same order either way', () => {
    const dense = Array.from({ length: 100 }, (_, i) => ({ k: (i * 37) % 100 }));
    expect(sortBy([...dense], (x) => x.k).map((x) => x.k)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const sparse = Array.from({ length: 40 }, (_, i) => ({ k: (i * 7919) % 40 * 1_000_003 }));
    expect(sortBy([...sparse], (x) => x.k).map((x) => x.k)).toEqual([...sparse].map((x) => x.k).sort((a, b) => a - b));
    const repeated = Array.from({ length: 40 }, (_, i) => ({ k: i % 4, i }));
    expect(sortBy([...repeated], (x) => x.k).map((x) => x.k)).toEqual([...repeated].map((x) => x.k).sort((a, b) => a - b));
  });

  it('F3 listings with filters that match nothing, or everything of one kind', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(createServer(s, { actor: 'alice', id: 'vm', projectId: P('alice'), az: 'cn-north-4a', imageId: 'sys' }));
    s = ok(createDataDisk(s, { actor: 'alice', id: 'd', projectId: P('alice'), az: 'cn-north-4a' }));
    expect(listMemberships(s, { projectId: P('bob'), status: 'accepted' })).toEqual([]);
    expect(listMemberships(s, { imageId: 'sys', status: 'pending' }).map((m) => m.projectId)).toEqual([P('bob')]);
    expect(listMemberships(s, { projectId: P('bob'), status: 'pending' }).map((m) => m.imageId)).toEqual(['sys']);
    expect(listServers(s, { accountId: 'nobody' })).toEqual([]);
    expect(listServers(s, { projectId: P('alice') }).map((x) => x.id)).toEqual(['vm']);
    expect(listDisks(s).map((x) => x.id)).toEqual(['d']);
    expect(listImages(s, { projectId: P('alice'), regionId: 'cn-south-1' })).toEqual([]);
    expect(listProjects(s, { accountId: 'alice', regionId: 'cn-south-1' }).map((p) => p.id)).toEqual([P('alice', 'cn-south-1')]);
  });

  it('X1 diff between unrelated states compares entities by value, and orders ids within a kind', () => {
    const a = world();
    const b = ok(registerImage(a, { actor: 'alice', id: 'aaa', projectId: P('alice'), name: 'n', kind: 'data' }));
    const c = ok(registerImage(b, { actor: 'alice', id: 'zzz', projectId: P('alice'), name: 'n', kind: 'data' }));
    expect(diff(a, c).map((x) => x.id)).toEqual(['aaa', 'zzz']);
    const reloaded = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(c))));
    if (!reloaded.ok) throw new Error('reload');
    expect(diff(c, reloaded.state)).toEqual([]);
    expect(diff(reloaded.state, a).map((x) => `${x.entity}:${x.id}`)).toEqual(['image:aaa', 'image:zzz']);
  });

  it('W4 a batch longer than one transient spans several, with the results of one by one', () => {
    let s = createWorld();
    s = ok(addAccount(s, { id: 'a', name: 'A', site: 'china' }));
    const commands: Command[] = Array.from({ length: 20_050 }, (_, i) => (i % 1000 === 0
      ? { type: 'registerImage', actor: 'a', id: `i${i}`, projectId: 'a:cn-north-4', name: 'n', kind: 'system' }
      : { type: 'accept', actor: 'a', imageId: 'nothing' }));
    const batch = replayBatch(s, commands);
    expect(batch.results.filter((r) => r.ok)).toHaveLength(21);
    expect(listImages(batch.state).map((i) => i.id)).toEqual(Array.from({ length: 21 }, (_, k) => `i${k * 1000}`));
  });

  it('W4 a command stream over a world with servers and members reaches every kind it is weighted for', () => {
    let s: State = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(createServer(s, { actor: 'alice', id: 'vm', projectId: P('alice'), az: 'cn-north-4a', imageId: 'sys' }));
    const stream = commandStream(s, { seed: 3, weights: { changeOs: 10, createDataDisk: 10, invalid: 10, reinstallOs: 5, createImageFromServer: 5 } });
    const types = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const c = stream.next(s);
      types.add(c.type);
      const r = apply(s, c);
      stream.observe(r);
      if (r.ok) s = r.state;
    }
    for (const t of ['changeOs', 'createDataDisk', 'reinstallOs', 'createImageFromServer']) expect(types).toContain(t);
  });

  it('H4 the v1 batch refuses an unknown project in a share, and a copy of an image the project cannot use', () => {
    const s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    let server = createApiServer(s, { a: { principal: 'alice', project: P('alice') }, b: { principal: 'bob', project: P('bob') } });
    const call = (token: string, method: string, path: string, body?: unknown) => {
      const out = handle(server, { method, path, headers: { 'x-auth-token': token }, ...(body === undefined ? {} : { body }) });
      server = out.server;
      return out.response;
    };
    call('a', 'POST', '/v1/cloudimages/members', { images: ['sys'], projects: ['nowhere'] });
    expect((call('a', 'GET', `/v1/${P('alice')}/jobs/job-1`).body as { status: string }).status).toBe('FAIL');
    call('b', 'POST', '/v1/cloudimages/sys/copy', { name: 'pending-copy' });
    expect(call('b', 'GET', `/v1/${P('bob')}/jobs/job-2`).body).toMatchObject({ status: 'FAIL', error: { code: 'membership_not_accepted' } });
    expect(call('a', 'GET', '/v2/images/data').body).toMatchObject({ visibility: 'private', __imagetype: 'private' });
  });
});
