import { describe, expect, it } from 'vitest';
import { type State, accept, addProject, checkInvariants, createDataDisk, createServer, share } from '../src/index.js';
import { type PMap, get, remove, set } from '../src/internal/pmap.js';
import type { AccountRecord, ImageRecord, ProjectRecord, Tables } from '../src/state/store.js';
import { P, ok, world } from './helpers.js';

type T = { -readonly [K in keyof Tables]: Tables[K] };

function base(): State {
  let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
  s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
  s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
  return ok(createDataDisk(s, { actor: 'alice', id: 'disk', projectId: P('alice'), az: 'cn-north-4a', imageId: 'data' }));
}

/** A copy of `s` with some tables replaced: a corrupted state, as a buggy writer or a forged value would make. */
function corrupt(s: State, change: (t: T) => void, config?: Partial<State['config']>): State {
  const t: T = { ...s.tables };
  change(t);
  return { ...s, config: { ...s.config, ...config }, tables: t };
}
const rules = (s: State) => [...new Set(checkInvariants(s).map((v) => v.rule))].sort();
const img = (s: State, id: string) => get(s.tables.images, id) as ImageRecord;
const proj = (s: State, id: string) => get(s.tables.projects, id) as ProjectRecord;
const acc = (s: State, id: string) => get(s.tables.accounts, id) as AccountRecord;
const put = <V>(m: PMap<V>, k: string, v: V) => set(m, k, v);

describe('checkInvariants finds every kind of corruption', () => {
  const s = base();

  it('W2 W1 a sound state has none', () => {
    expect(checkInvariants(s)).toEqual([]);
  });

  it('W2 accounts, names and principals must agree', () => {
    expect(rules(corrupt(s, (t) => { t.accounts = put(t.accounts, 'zed', acc(s, 'alice')); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.accountNames = remove(t.accountNames, 'Alice'); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.principals = remove(t.principals, 'alice'); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.principals = put(t.principals, 'ghost', { id: 'ghost', kind: 'iamUser', accountId: 'nobody' }); }))).toEqual(['W2']);
  });

  it('W1 projects live in regions of their site, with a default project in each', () => {
    expect(rules(corrupt(s, (t) => { t.projects = remove(t.projects, P('carol', 'ap-southeast-1')); }))).toContain('W1');
    const foreign = { ...proj(s, P('carol', 'ap-southeast-1')), project: { ...proj(s, P('carol', 'ap-southeast-1')).project, id: 'c-cn', regionId: 'cn-north-4' } };
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, 'c-cn', foreign); }))).toContain('W1');
    const orphan = { ...foreign, project: { ...foreign.project, accountId: 'nobody' } };
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, 'c-cn', orphan); }))).toEqual(['W2']);
  });

  it('W1 W2 an account indexes its projects in each region: its default one, the others by id and by name', () => {
    const t0 = ok(addProject(s, { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
    expect(checkInvariants(t0)).toEqual([]);
    const a = acc(t0, 'alice');
    const north = get(a.regions, 'cn-north-4');
    if (north === undefined || north.defaultProject === undefined) throw new Error('setup');
    const withRegion = (r: typeof north) => (t: T) => { t.accounts = put(t.accounts, 'alice', { ...a, regions: put(a.regions, 'cn-north-4', r) }); };
    // A name that the account no longer indexes: addProject could take it twice.
    expect(rules(corrupt(t0, withRegion({ ...north, otherNames: remove(north.otherNames, 'dev') })))).toEqual(['W2']);
    // A name that points at another project.
    expect(rules(corrupt(t0, withRegion({ ...north, otherNames: put(north.otherNames, 'dev', 'elsewhere') })))).toEqual(['W2']);
    // The default project's name taken again by the index of the others.
    expect(rules(corrupt(t0, withRegion({ ...north, otherNames: put(north.otherNames, north.defaultProject.name, 'alice-dev') })))).toEqual(['W2']);
    // No default project indexed: shares and cross-region copies would have nowhere to land (and its images go uncounted).
    expect(rules(corrupt(t0, withRegion({ ...north, defaultProject: undefined })))).toEqual(['W1', 'W2', 'W3']);
    // A non-default project indexed as the default one.
    const dev = get(north.others, 'alice-dev');
    if (dev === undefined) throw new Error('setup');
    expect(rules(corrupt(t0, withRegion({ ...north, defaultProject: dev })))).toContain('W1');
    // A project the table does not hold, indexed under the account.
    const ghost = { ...dev, id: 'ghost', name: 'ghost' };
    expect(rules(corrupt(t0, withRegion({ ...north, others: put(north.others, 'ghost', ghost), otherNames: put(north.otherNames, 'ghost', 'ghost') })))).toEqual(['W2']);
  });

  it('W2 M1 the per-project indexes match the tables', () => {
    const p = proj(s, P('bob'));
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, P('bob'), { ...p, owned: put(p.owned, 'sys', true as const) }); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, P('bob'), { ...p, received: { ...p.received, accepted: remove(p.received.accepted, 'sys') } }); }))).toContain('M1');
    const stale = { ...p, received: { ...p.received, pending: put(p.received.pending, 'data', { imageId: 'data', projectId: P('bob'), status: 'pending' as const, since: 1 }) } };
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, P('bob'), stale); }))).toContain('M1');
  });

  it('W2 W4 images have an owner project, a lineage record, an index entry and a past version', () => {
    const r = img(s, 'data');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'data', { ...r, image: { ...r.image, ownerProjectId: 'ghost' } }); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.retired = put(t.retired, 'data', { image: r.image, lineage: r.lineage }); }))).toContain('W2');
    const a = proj(s, P('alice'));
    expect(rules(corrupt(s, (t) => { t.projects = put(t.projects, P('alice'), { ...a, owned: remove(a.owned, 'data') }); }))).toContain('W2');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'data', { ...r, image: { ...r.image, createdAt: s.version + 1 } }); }))).toEqual(['W4']);
  });

  it('S3 S4 S5 W4 M1 memberships stay in the region, off the owner project, counted, and never on encrypted images', () => {
    const r = img(s, 'sys');
    const m = get(r.members, P('bob'));
    if (m === undefined) throw new Error('setup');
    const withMember = (projectId: string, extra: object = {}) => ({ ...r, members: put(r.members, projectId, { ...m, projectId, ...extra }) });
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', withMember('ghost')); }))).toContain('M1');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', withMember(P('dave', 'cn-south-1'))); }))).toContain('S3');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', withMember(P('alice'))); }))).toContain('S3');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', { ...r, members: put(r.members, P('bob'), { ...m, since: s.version + 5 }) }); }))).toContain('W4');
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', { ...r, accepted: 0 }); }))).toEqual(['S4']);
    expect(rules(corrupt(s, () => undefined, { shareLimits: { ...s.config.shareLimits, system: 0 } }))).toEqual(['S4']);
    expect(rules(corrupt(s, (t) => { t.images = put(t.images, 'sys', { ...r, image: { ...r.image, encrypted: true } }); }))).toEqual(['S5']);
  });

  it('W3 image counts match the images owned, within the quota', () => {
    const a = acc(s, 'alice');
    // Alice's cn-north-4 projects no longer listed by her account: her count there reads 0.
    expect(rules(corrupt(s, (t) => { t.accounts = put(t.accounts, 'alice', { ...a, regions: remove(a.regions, 'cn-north-4') }); }))).toContain('W3');
    // The count of images in her other projects there kept off by one (W3 reads it with her default project's owned set).
    const north = get(a.regions, 'cn-north-4');
    if (north === undefined) throw new Error('setup');
    expect(rules(corrupt(s, (t) => { t.accounts = put(t.accounts, 'alice', { ...a, regions: put(a.regions, 'cn-north-4', { ...north, otherImages: north.otherImages + 1 }) }); }))).toEqual(['W3']);
    expect(rules(corrupt(s, () => undefined, { privateImageQuota: 1 }))).toEqual(['W3']);
  });

  it('E0 E1 E5 servers and disks sit in their project region and name images that existed', () => {
    const vm = get(s.tables.servers, 'vm');
    const disk = get(s.tables.disks, 'disk');
    if (vm === undefined || disk === undefined) throw new Error('setup');
    expect(rules(corrupt(s, (t) => { t.servers = put(t.servers, 'vm', { ...vm, server: { ...vm.server, projectId: 'ghost' } }); }))).toEqual(['E0']);
    expect(rules(corrupt(s, (t) => { t.servers = put(t.servers, 'vm', { ...vm, server: { ...vm.server, az: 'cn-south-1a' } }); }))).toEqual(['E1']);
    expect(rules(corrupt(s, (t) => { t.servers = put(t.servers, 'vm', { ...vm, server: { ...vm.server, imageId: 'never' } }); }))).toEqual(['E1']);
    expect(rules(corrupt(s, (t) => { t.disks = put(t.disks, 'disk', { ...disk, disk: { ...disk.disk, az: 'mars-1a' } }); }))).toEqual(['E5']);
  });
});
