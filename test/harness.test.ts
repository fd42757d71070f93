import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Result, type State, accept, addAccount, addProject, createDataDisk, createServer, deleteImage, diff, edit, fromSnapshot, getImage,
  listAccounts, listDisks, listImages, listMemberships, listProjects, listServers, replay, share, toSnapshot,
} from '../src/index.js';
import { buildWorld, planArbitrary, worldSetupArbitrary } from '../src/testing/index.js';
import { P, ok, runPlans, world } from './helpers.js';
import { observe } from './observe.js';
import { changeLog, newState } from '../src/state/explain.js';

function rich(): State {
  let s = ok(addProject(world(), { actor: 'bob', id: 'bob-dev', regionId: 'cn-north-4', name: 'dev' }));
  s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'dave' }, { account: 'bob', project: 'bob-dev' }, { account: 'bob' }] }));
  s = ok(accept(s, { actor: 'dave', imageId: 'sys' }));
  s = ok(createServer(s, { actor: 'dave', id: 'vm-z', projectId: P('dave'), az: 'cn-north-4a', imageId: 'sys' }));
  s = ok(createServer(s, { actor: 'alice', id: 'vm-a', projectId: P('alice'), az: 'cn-north-4b', imageId: 'sys' }));
  s = ok(createDataDisk(s, { actor: 'alice', id: 'd1', projectId: P('alice'), az: 'cn-north-4a', imageId: 'data' }));
  return s;
}

describe('SPEC §10 listings', () => {
  const s = rich();

  it('W2 listAccounts, listProjects and listImages answer in creation order, with filters', () => {
    expect(listAccounts(s).map((a) => a.id)).toEqual(['alice', 'bob', 'dave', 'carol']);
    expect(listProjects(s, { accountId: 'bob', regionId: 'cn-north-4' }).map((p) => p.id)).toEqual([P('bob'), 'bob-dev']);
    expect(listProjects(s, { regionId: 'af-south-1' }).map((p) => p.id)).toEqual([P('carol', 'af-south-1')]);
    expect(listImages(s).map((i) => i.id)).toEqual(['sys', 'data', 'full', 'enc', 'hk']);
    expect(listImages(s, { accountId: 'alice', regionId: 'ap-southeast-1' }).map((i) => i.id)).toEqual(['hk']);
    expect(listImages(s, { projectId: P('alice') }).map((i) => i.id)).toEqual(['sys', 'data', 'full', 'enc']);
    expect(listImages(s, { projectId: P('alice'), accountId: 'bob' })).toEqual([]);
  });

  it('M4 listMemberships, listServers and listDisks answer in creation order, with filters', () => {
    expect(listMemberships(s, { imageId: 'sys' }).map((m) => [m.projectId, m.status])).toEqual([
      [P('dave'), 'accepted'], ['bob-dev', 'pending'], [P('bob'), 'pending'],
    ]);
    expect(listMemberships(s, { status: 'pending' }).map((m) => m.projectId)).toEqual(['bob-dev', P('bob')]);
    expect(listMemberships(s, { projectId: P('dave') }).map((m) => m.imageId)).toEqual(['sys']);
    expect(listServers(s).map((x) => x.id)).toEqual(['vm-z', 'vm-a']);
    expect(listServers(s, { accountId: 'alice' }).map((x) => x.id)).toEqual(['vm-a']);
    expect(listDisks(s, { projectId: P('alice') }).map((x) => x.id)).toEqual(['d1']);
  });

  it('F3 listings are deep-frozen and answer [] for malformed filters or a non-state', () => {
    for (const list of [listAccounts(s), listImages(s), listMemberships(s), listServers(s)]) {
      expect(Object.isFrozen(list)).toBe(true);
      for (const x of list) expect(Object.isFrozen(x)).toBe(true);
    }
    expect(listImages(s, { accountId: 42 } as never)).toEqual([]);
    expect(listMemberships(s, { status: 'bogus' } as never)).toEqual([]);
    expect(listProjects(null as never)).toEqual([]);
    expect(listServers({} as never, 'x' as never)).toEqual([]);
  });

  it('F1 listings keep their order across a round trip, on random runs', () => {
    fc.assert(fc.property(worldSetupArbitrary().map(buildWorld), fc.array(planArbitrary(), { maxLength: 40 }), (start, plans) => {
      const state = runPlans(start, plans);
      const back = fromSnapshot(toSnapshot(state));
      if (!back.ok) throw new Error('reload refused');
      const lists = (x: State) => [listAccounts(x), listProjects(x), listImages(x), listMemberships(x), listServers(x), listDisks(x)];
      expect(lists(back.state)).toStrictEqual(lists(state));
    }), { numRuns: 60 });
  });
});

describe('SPEC §10 diff', () => {
  it('M2 diff names what one command added, removed and changed', () => {
    const s = rich();
    const r = accept(s, { actor: 'bob', imageId: 'sys', projectId: 'bob-dev' });
    if (!r.ok) throw new Error('setup');
    expect(diff(s, r.state)).toEqual([{
      entity: 'membership', id: 'sys/bob-dev',
      before: { imageId: 'sys', projectId: 'bob-dev', status: 'pending', since: expect.any(Number) },
      after: { imageId: 'sys', projectId: 'bob-dev', status: 'accepted', since: r.state.version },
    }]);
    const d = ok(deleteImage(s, { actor: 'alice', imageId: 'sys' }));
    expect(diff(s, d).map((c) => `${c.entity} ${c.id} ${c.before ? 'before' : ''} ${c.after ? 'after' : ''}`)).toEqual([
      'image sys before ', 'membership sys/bob-dev before ', `membership sys/${P('bob')} before `, `membership sys/${P('dave')} before `,
    ]);
    expect(diff(s, s)).toEqual([]);
    // The same state twice (a simulator's step after a refused command): a frozen, empty list.
    expect(Object.isFrozen(diff(s, s))).toBe(true);
    expect(diff(d, d)).toEqual([]);
  });

  it('F1 diff of two states is the difference of their snapshots, on random runs (and [] across a round trip)', () => {
    fc.assert(fc.property(worldSetupArbitrary().map(buildWorld), fc.array(planArbitrary(), { minLength: 1, maxLength: 30 }), (start, plans) => {
      const state = runPlans(start, plans, (previous, next) => {
        const changes = diff(previous, next);
        // Apply the changes to the old snapshot's entity maps: the new snapshot's maps come out.
        const before = entityMaps(previous);
        for (const c of changes) {
          const table = before.get(c.entity) as Map<string, unknown>;
          if (c.after === undefined) table.delete(c.id);
          else table.set(c.id, c.after);
        }
        expect(before).toEqual(entityMaps(next));
      });
      const back = fromSnapshot(toSnapshot(state));
      if (back.ok) expect(diff(state, back.state)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('F1 diff of two states one command apart reads the command\'s change log, and says exactly what the walk of the tables says', () => {
    fc.assert(fc.property(worldSetupArbitrary().map(buildWorld), fc.array(planArbitrary(), { minLength: 1, maxLength: 30 }), (start, plans) => {
      runPlans(start, plans, (before, after) => {
        expect(changeLog(before, after)).toBeDefined();
        // The same tables in a state made from nothing: diff has no log and walks the tables.
        const twin = newState(after.version, after.config, after.catalogue, after.tables);
        expect(changeLog(before, twin)).toBeUndefined();
        expect(diff(before, after)).toEqual(diff(before, twin));
        expect(diff(after, before)).toEqual(diff(twin, before)); // backwards: always the walk
      });
    }), { numRuns: 60 });
  });
});

function entityMaps(s: State): Map<string, Map<string, unknown>> {
  const snap = toSnapshot(s);
  const by = <T>(list: readonly T[], id: (x: T) => string) => new Map(list.map((x) => [id(x), x] as const));
  return new Map<string, Map<string, unknown>>([
    ['account', by(snap.accounts, (x) => x.id)], ['iamUser', by(snap.iamUsers, (x) => x.id)], ['project', by(snap.projects, (x) => x.id)],
    ['image', by(snap.images, (x) => x.id)], ['membership', by(snap.memberships, (x) => `${x.imageId}/${x.projectId}`)],
    ['server', by(snap.servers, (x) => x.id)], ['disk', by(snap.disks, (x) => x.id)],
  ]);
}

describe('SPEC §10 edit', () => {
  it('S4 edit arranges a world with immer over the snapshot, validated by fromSnapshot', () => {
    const s = rich();
    const r = edit(s, (draft) => {
      const m = draft.memberships.find((x) => x.projectId === P('bob'));
      if (m !== undefined) m.status = 'accepted';
      draft.config.privateImageQuota = 6;
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(listMemberships(r.state, { status: 'accepted' }).map((m) => m.projectId)).toEqual([P('dave'), P('bob')]);
    expect(r.state.config.privateImageQuota).toBe(6);
    // The input state is untouched, and the edit went through the invariants.
    expect(listMemberships(s, { status: 'accepted' })).toHaveLength(1);
    const broken = edit(s, (draft) => {
      draft.config.shareLimits = { system: 0 };
    });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(edit(s, () => { throw new Error('oops'); })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(edit({} as never, () => undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('SPEC §10 states explain themselves', () => {
  it('W4 JSON.stringify gives the snapshot; inspect, String and fast-check print one line', () => {
    const s = rich();
    const back = fromSnapshot(JSON.parse(JSON.stringify(s)));
    if (!back.ok) throw new Error('reload');
    expect(observe(back.state)).toStrictEqual(observe(s));
    const line = `State { version: ${s.version}, accounts: 4, iamUsers: 1, projects: 25, images: 5, deletedImages: 0, memberships: 3, servers: 2, disks: 1 }`;
    expect(inspect(s)).toBe(line);
    expect(String(s)).toBe(line);
    expect(fc.stringify(s)).toBe(line);
    expect(Object.keys(s)).toEqual(['version', 'config', 'catalogue', 'tables']);
  });

  it('W4 replay is typed by Command and never throws on a list it cannot read', () => {
    const r = replay(world(), [{ type: 'accept', actor: 'bob', imageId: 'sys' }]);
    expect(r.results[0]?.ok).toBe(false);
    const hostile = { [Symbol.iterator]() { throw new Error('hostile'); } };
    expect(replay(world(), hostile as never).results).toMatchObject([{ ok: false, error: { code: 'invalid_input' } }]);
    expect(getImage(r.state, 'sys')?.kind).toBe('system');
  });

  it('S3 M1 E1 W1 messages carry the hint that fixes the call', () => {
    const s = world();
    const msg = (r: Result): string => (r.ok ? '' : r.error.message);
    expect(msg(createServer(s, { actor: 'alice', projectId: P('alice'), az: 'cn-south-1a', imageId: 'sys' }))).toMatch(/cn-north-4a.*belongs to cn-south-1/);
    expect(msg(accept(s, { actor: 'alice', imageId: 'sys' }))).toContain('only the member');
    expect(msg(addAccount(s, { id: 'zed', name: 'Zed', site: 'mars' }))).toContain('china, international');
    expect(msg(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob', project: 'cn-north-4' }] }))).toContain('<accountId>:<regionId>');
  });
});
