import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Command, type Snapshot, type State, accept, addAccount, addProject, apply, createDataDisk, createImageFromServer, createServer,
  deleteImage, exposure, fromSnapshot, getImage, listImages, registerImage, replay, replayBatch, replicate, replicateAcrossRegion, share, toSnapshot,
} from '../src/index.js';
import { buildWorld, checkInvariants, planArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { P, SMALL, ok, refused, reload, runPlans, world } from './helpers.js';
import { observe } from './observe.js';

const worlds = fc.oneof(worldSetupArbitrary(), worldSetupArbitrary({ config: SMALL })).map(buildWorld);
const runs = fc.array(planArbitrary(), { minLength: 20, maxLength: 60 });

/** A world with every kind of lineage: copies, a cross-region copy, a server-made image, a deleted link. */
function lineageWorld(): State {
  let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
  s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
  s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
  s = ok(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'snap', name: 'snap', kind: 'system' }));
  s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'mid' }));
  s = ok(replicateAcrossRegion(s, { actor: 'alice', imageId: 'mid', targetRegionId: 'cn-south-1', newImageId: 'far' }));
  s = ok(deleteImage(s, { actor: 'alice', imageId: 'mid' }));
  s = ok(createDataDisk(s, { actor: 'alice', id: 'disk', projectId: P('alice'), az: 'cn-north-4a', imageId: 'data' }));
  return s;
}

describe('F1 a saved state is the same state', () => {
  it('F1 the lineage of deleted images survives a round trip (the issue scenario)', () => {
    let s = ok(replicate(world(), { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'mid' }));
    s = ok(replicateAcrossRegion(s, { actor: 'alice', imageId: 'mid', targetRegionId: 'cn-south-1', newImageId: 'far' }));
    s = ok(deleteImage(s, { actor: 'alice', imageId: 'mid' }));
    s = ok(share(s, { actor: 'alice', imageId: 'far', targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'far' }));
    const before = exposure(s, 'sys');
    expect(before.find((e) => e.accountId === 'bob')).toMatchObject({ via: 'member', path: ['sys', 'mid', 'far'] });
    const back = reload(s);
    expect(exposure(back, 'sys')).toStrictEqual(before);
    expect(observe(back)).toStrictEqual(observe(s));
  });

  it('F1 lists keep their order across a round trip (ambiguous_membership.projectIds, visibleImages)', () => {
    let s = world();
    s = ok(addProject(s, { actor: 'bob', id: 'zz-bob', regionId: 'cn-north-4', name: 'zz' }));
    s = ok(addProject(s, { actor: 'bob', id: 'aa-bob', regionId: 'cn-north-4', name: 'aa' }));
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob', project: 'zz-bob' }, { account: 'bob', project: 'aa-bob' }, { account: 'bob' }] }));
    const a = refused(accept(s, { actor: 'bob', imageId: 'sys' }), 'ambiguous_membership', 'M3');
    const b = refused(accept(reload(s), { actor: 'bob', imageId: 'sys' }), 'ambiguous_membership', 'M3');
    // M3 names the projects in their creation order, not in the order of the share's targets or of any index.
    expect(a.code === 'ambiguous_membership' && a.projectIds).toEqual([P('bob'), 'zz-bob', 'aa-bob']);
    expect(b).toStrictEqual(a);
    expect(observe(reload(s))).toStrictEqual(observe(s));
  });

  it('F1 a state reloaded at random points answers every later command and every query exactly as the original', () => {
    let reloaded = 0;
    // One to four reload points, each inside the run (points past its end used to be drawn too,
    // so how many reloads a run of 120 made was left to chance).
    const runsWithPoints = runs.chain((plans) => fc.tuple(fc.constant(plans), fc.uniqueArray(fc.nat({ max: plans.length - 1 }), { minLength: 1, maxLength: 4 })));
    fc.assert(fc.property(worlds, runsWithPoints, (start, [plans, points]) => {
      let a = start;
      let b = reload(start);
      expect(observe(b)).toStrictEqual(observe(a));
      plans.forEach((plan, i) => {
        if (points.includes(i)) {
          b = reload(b);
          reloaded++;
          expect(observe(b)).toStrictEqual(observe(a));
        }
        const command = resolvePlan(a, plan);
        const ra = apply(a, command);
        const rb = apply(b, command);
        if (ra.ok && rb.ok) {
          expect(rb.events).toStrictEqual(ra.events);
          expect(toSnapshot(rb.state)).toStrictEqual(toSnapshot(ra.state));
          a = ra.state;
          b = rb.state;
        } else {
          expect(rb).toStrictEqual(ra);
        }
      });
      expect(observe(b)).toStrictEqual(observe(a));
    }), { numRuns: 120 });
    expect(reloaded).toBeGreaterThan(100);
  });

  it('W4 F1 commands run up to the last version a snapshot can hold, and a state at it loads but takes no command', () => {
    const near = fromSnapshot({ ...toSnapshot(world()), version: Number.MAX_SAFE_INTEGER - 3 });
    if (!near.ok) throw new Error(near.error.message);
    const register = (i: number): Command => ({ type: 'registerImage', actor: 'alice', id: `late${i}`, projectId: P('alice'), name: `late${i}`, kind: 'system' });
    const { state: last, results } = replay(near.state, [register(0), register(1), register(2), register(3)]);
    expect(results.map((r) => (r.ok ? r.state.version : r.error.rule))).toEqual([Number.MAX_SAFE_INTEGER - 2, Number.MAX_SAFE_INTEGER - 1, 'W4', 'W4']);
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'invalid_input', rule: 'W4' } });
    // The last state a command made still loads, and answers as the original.
    const reloaded = fromSnapshot(toSnapshot(last));
    expect(reloaded.ok && observe(reloaded.state)).toStrictEqual(observe(last));
    expect(replayBatch(last, [register(4)]).results[0]).toMatchObject({ ok: false, error: { rule: 'W4' } });
  });

  it('F1 the lineage world (server-made image, cross-region copy, deleted link) reloads to the same observations', () => {
    const s = lineageWorld();
    expect(observe(reload(s))).toStrictEqual(observe(s));
    expect(toSnapshot(reload(s))).toStrictEqual(toSnapshot(s));
    expect(toSnapshot(s).deletedImages.map((i) => [i.id, i.derivedFrom])).toEqual([['mid', 'sys']]);
  });
});

/** A snapshot of the lineage world with a change: a state no command sequence can produce. */
function forged(change: (s: Snapshot & Record<string, unknown>) => void): unknown {
  const snap = JSON.parse(JSON.stringify(toSnapshot(lineageWorld()))) as Snapshot & Record<string, unknown>;
  change(snap);
  return snap;
}

type Img = Snapshot['images'][number];
const img = (s: Snapshot, id: string): Img => s.images.find((i) => i.id === id) as Img;

describe('F2 one set of invariants', () => {
  const impossible: [string, string, (s: Snapshot) => void][] = [
    ['a lineage cycle', 'R3', (s) => {
      (img(s, 'sys') as { derivedFrom?: string }).derivedFrom = 'far';
    }],
    ['a parent created after its child', 'R3', (s) => {
      (img(s, 'snap') as { createdAt: number }).createdAt = 1;
    }],
    ['a server on a data image', 'E1', (s) => {
      (s.servers[0] as { imageId: string }).imageId = 'data';
    }],
    ['a server on an image of another region', 'E1', (s) => {
      (s.servers[0] as { imageId: string }).imageId = 'hk';
    }],
    ['a disk from a system image', 'E5', (s) => {
      (s.disks[0] as { imageId?: string }).imageId = 'sys';
    }],
    ["an image made from another account's server", 'E3', (s) => {
      (img(s, 'snap') as { ownerProjectId: string }).ownerProjectId = P('dave');
    }],
    ["an encrypted copy of another account's image", 'R1', (s) => {
      s.images.push({ ...img(s, 'sys'), id: 'enc-copy', ownerProjectId: P('bob'), encrypted: true, derivedFrom: 'sys', createdAt: s.version });
      (s as { version: number }).version += 1;
    }],
    ['an account at a site the catalogue lacks', 'W1', (s) => {
      (s.accounts[3] as { site: string }).site = 'mars';
    }],
    ['two projects of one name in one account and region', 'W2', (s) => {
      s.projects.push({ id: 'alice-dev', accountId: 'alice', regionId: 'cn-north-4', name: 'cn-north-4', isDefault: false });
    }],
    ['two default projects for one account and region', 'W1', (s) => {
      s.projects.push({ id: 'alice-second', accountId: 'alice', regionId: 'cn-north-4', name: 'second', isDefault: true });
    }],
    ['a membership that changed before its image existed', 'W4', (s) => {
      (s.memberships[0] as { since: number }).since = img(s, 'sys').createdAt - 1;
    }],
    ['a version from which the clock cannot advance', 'W4', (s) => {
      (s as { version: number }).version = Number.MAX_SAFE_INTEGER;
    }],
    ['two images made at one version', 'W4', (s) => {
      (img(s, 'data') as { createdAt: number }).createdAt = img(s, 'sys').createdAt;
    }],
    ['a non-default project with a reserved id', 'W2', (s) => {
      s.projects.push({ id: 'zed:cn-north-4', accountId: 'alice', regionId: 'cn-north-4', name: 'trap', isDefault: false });
    }],
    ["an account id that is another account's name", 'W2', (s) => {
      (s.accounts[1] as { name: string }).name = 'alice';
    }],
    // F4: a default project's id is exactly `<accountId>:<regionId>`; each part, and the colon, checked.
    ...([
      ['a longer id', (a: string, r: string) => `${a}:${r}x`],
      ['another separator', (a: string, r: string) => `${a};${r}`],
      ['another account part', (a: string, r: string) => `${a.slice(0, -1)}Z:${r}`],
      ['another region part', (a: string, r: string) => `${a}:${r.slice(0, -1)}Z`],
    ] as const).map(([how, rename]): [string, string, (s: Snapshot) => void] => [`a default project id with ${how} (F4)`, 'W1', (s) => {
      const named = (id: string): boolean => [...s.images, ...s.deletedImages].some((i) => i.ownerProjectId === id)
        || s.memberships.some((m) => m.projectId === id) || [...s.servers, ...s.disks].some((x) => x.projectId === id);
      const idle = s.projects.find((p) => p.isDefault && !named(p.id)) as { id: string; accountId: string; regionId: string };
      idle.id = rename(idle.accountId, idle.regionId);
    }]),
  ];

  for (const [what, rule, change] of impossible) {
    it(`F2 ${rule} fromSnapshot refuses ${what}`, () => {
      const r = fromSnapshot(forged(change));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('invalid_input');
      const messages = r.error.code === 'invalid_input' ? r.error.issues.map((i) => i.message) : [];
      expect(messages.some((m) => m.startsWith(`${rule}:`)), messages.join('\n')).toBe(true);
    });
  }

  it('F2 W3 a snapshot loads with its projects and images in any order, and is refused over the quota in any order', () => {
    // The load reads each account's projects near the last one it read, and each image's
    // owner near the last image's (both are listed together when saved), and falls back to a
    // lookup: shuffled lists take the fallback.
    const shuffledWorlds = worldSetupArbitrary({ maxAccounts: 30 }).map((setup) => toSnapshot(buildWorld(setup)))
      .chain((snap) => fc.tuple(
        fc.shuffledSubarray([...snap.projects], { minLength: snap.projects.length }),
        fc.shuffledSubarray([...snap.images], { minLength: snap.images.length }),
      ).map(([projects, images]) => ({ ...snap, projects, images })));
    fc.assert(fc.property(shuffledWorlds, (snap) => {
      const back = fromSnapshot(snap);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(checkInvariants(back.state)).toEqual([]);
      // Saved again, images come in creation order, each with its owner and its owner's listing.
      const byTime = [...snap.images].sort((a, b) => a.createdAt - b.createdAt);
      expect(toSnapshot(back.state).images).toEqual(byTime);
      for (const p of snap.projects) {
        expect(listImages(back.state, { projectId: p.id })).toEqual(byTime.filter((i) => i.ownerProjectId === p.id));
      }
      const region = new Map(snap.projects.map((p) => [p.id, `${p.accountId} ${p.regionId}`]));
      const counts = new Map<string, number>();
      for (const i of snap.images) counts.set(region.get(i.ownerProjectId) as string, (counts.get(region.get(i.ownerProjectId) as string) ?? 0) + 1);
      const most = Math.max(0, ...counts.values());
      if (most < 2) return;
      const over = fromSnapshot({ ...snap, config: { ...snap.config, privateImageQuota: most - 1 } });
      expect(over.ok).toBe(false);
      const messages = !over.ok && over.error.code === 'invalid_input' ? over.error.issues.map((i) => i.message) : [];
      expect(messages.some((m) => m.startsWith('W3:')), messages.join('\n')).toBe(true);
    }), { numRuns: 40 });
  });

  it('F2 the unchanged snapshot loads, and checkInvariants agrees with fromSnapshot on it', () => {
    const r = fromSnapshot(forged(() => undefined));
    expect(r.ok).toBe(true);
    if (r.ok) expect(checkInvariants(r.state)).toEqual([]);
  });

  it('F2 no reachable state is refused: every state of random runs reloads', () => {
    fc.assert(fc.property(worlds, runs, (start, plans) => {
      runPlans(start, plans, (_, s) => {
        expect(checkInvariants(s)).toEqual([]);
        const back = fromSnapshot(toSnapshot(s));
        expect(back.ok ? [] : back.error).toEqual([]);
      });
    }), { numRuns: 80 });
  });

  it('F2 no reachable state is refused on an exotic catalogue either (an AZ id in two regions, a region at both sites, a ":" in a region id)', () => {
    const exotic = {
      sites: [{ id: 's' }, { id: 't' }],
      regions: [
        { id: 'r1', name: 'R1', sites: ['s'], azs: ['z', 'r1-b'] },
        { id: 'r2', name: 'R2', sites: ['s', 't'], azs: ['z'] },
        { id: 'x:y', name: 'odd', sites: ['s', 't'], azs: ['q'] },
        { id: 'r3', name: 'R3', sites: ['t'], azs: ['z', 'q'] },
      ],
    };
    const exoticWorlds = fc.oneof(worldSetupArbitrary({ catalogue: exotic }), worldSetupArbitrary({ catalogue: exotic, config: SMALL })).map(buildWorld);
    const made = new Map<string, number>();
    fc.assert(fc.property(exoticWorlds, runs, (start, plans) => {
      const s = runPlans(start, plans, (_before, _after, events) => {
        for (const e of events) made.set(e.type, (made.get(e.type) ?? 0) + 1);
      });
      expect(checkInvariants(s)).toEqual([]);
      const back = fromSnapshot(toSnapshot(s));
      expect(back.ok ? [] : back.error).toEqual([]);
      expect(back.ok && observe(back.state)).toStrictEqual(observe(s));
    }), { numRuns: 60 });
    // The runs reached the parts the catalogue bears on: servers and disks in AZs, copies across regions.
    for (const type of ['server_created', 'image_replicated', 'image_shared', 'membership_accepted']) expect(made.get(type) ?? 0, type).toBeGreaterThan(0);
  });
});

describe('F4 names and ids', () => {
  it("F4 an account id may not be another account's name, nor its name another account's id", () => {
    const s = world();
    refused(addAccount(s, { id: 'Bob', name: 'Robert', site: 'china' }), 'duplicate_id', 'F4');
    refused(addAccount(s, { id: 'robert', name: 'bob', site: 'china' }), 'duplicate_name', 'F4');
    // Its own id as its name is fine.
    expect(ok(addAccount(s, { id: 'erin', name: 'erin', site: 'china' })).version).toBe(s.version + 1);
  });

  it('F4 S3 a share by name can never be redirected by an account added later', () => {
    let s = world();
    s = ok(addAccount(s, { id: 'mallory', name: 'Mallory', site: 'china' }));
    refused(addAccount(s, { id: 'Bob', name: 'Fake Bob', site: 'china' }), 'duplicate_id', 'F4');
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Bob' }] }));
    expect(toSnapshot(s).memberships.map((m) => m.projectId)).toEqual([P('bob')]);
  });
});

describe('F5 minted ids', () => {
  it('F5 commands that make an image, a server or a disk mint a deterministic id when none is given', () => {
    const s0 = world();
    const r1 = registerImage(s0, { actor: 'alice', projectId: P('alice'), name: 'up', kind: 'system' });
    const r2 = registerImage(s0, { actor: 'alice', projectId: P('alice'), name: 'up', kind: 'system' });
    expect(r1).toStrictEqual(r2);
    const s1 = ok(r1);
    const minted = r1.ok ? (r1.events[0] as { image: { id: string } }).image.id : '';
    expect(minted).toBe(`img-${s1.version}`);
    expect(getImage(s1, minted)?.name).toBe('up');
    const s2 = ok(createServer(s1, { actor: 'alice', projectId: P('alice'), az: 'cn-north-4a', imageId: minted }));
    expect(toSnapshot(s2).servers.map((x) => x.id)).toEqual([`server-${s2.version}`]);
    const s3 = ok(createDataDisk(s2, { actor: 'alice', projectId: P('alice'), az: 'cn-north-4a' }));
    expect(toSnapshot(s3).disks.map((x) => x.id)).toEqual([`disk-${s3.version}`]);
    const s4 = ok(replicate(s3, { actor: 'alice', imageId: minted, projectId: P('alice') }));
    expect(getImage(s4, `img-${s4.version}`)).toMatchObject({ derivedFrom: minted, name: 'copy_up' });
  });

  it('F5 a minted id steps around an id a caller already took', () => {
    let s = world();
    s = ok(registerImage(s, { actor: 'alice', id: `img-${s.version + 2}`, projectId: P('alice'), name: 'taken', kind: 'data' }));
    s = ok(registerImage(s, { actor: 'alice', projectId: P('alice'), name: 'next', kind: 'data' }));
    expect(getImage(s, `img-${s.version}`)?.name).toBe('taken');
    expect(getImage(s, `img-${s.version}-2`)?.name).toBe('next');
  });
});

describe('F6 shortest exposure chains', () => {
  it('F6 an account reached by two chains carries the shorter, ties broken id by id, before and after a round trip', () => {
    let s = world();
    // Long chain to bob: sys -> c1 -> c2 (bob is a member of c2). Short chain: sys itself (bob a member of sys).
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'c1' }));
    s = ok(replicate(s, { actor: 'alice', imageId: 'c1', projectId: P('alice'), newImageId: 'c2' }));
    s = ok(share(s, { actor: 'alice', imageId: 'c2', targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'c2' }));
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    expect(exposure(s, 'sys').find((e) => e.accountId === 'bob')).toMatchObject({ path: ['sys'], imageId: 'sys' });
    // Two chains of one length to dave: through 'b-copy' and through 'a-copy'; the smaller ids win.
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'b-copy' }));
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'a-copy' }));
    for (const id of ['b-copy', 'a-copy']) {
      s = ok(share(s, { actor: 'alice', imageId: id, targets: [{ account: 'dave' }] }));
      s = ok(accept(s, { actor: 'dave', imageId: id }));
    }
    expect(exposure(s, 'sys').find((e) => e.accountId === 'dave')).toMatchObject({ path: ['sys', 'a-copy'], imageId: 'a-copy' });
    expect(exposure(reload(s), 'sys')).toStrictEqual(exposure(s, 'sys'));
  });

  it('F6 X1 a tie decided before the last id of the chains, and a lineage 3,000 images deep', () => {
    let s = world({ privateImageQuota: 5_000 });
    // dave is reached by sys -> b1 -> x and by sys -> a1 -> y: the chains first differ at b1 / a1, so the a1 chain wins though 'y' > 'x'.
    for (const [mid, end] of [['b1', 'x'], ['a1', 'y']] as const) {
      s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: mid }));
      s = ok(replicate(s, { actor: 'alice', imageId: mid, projectId: P('alice'), newImageId: end }));
      s = ok(share(s, { actor: 'alice', imageId: end, targets: [{ account: 'dave' }] }));
    }
    expect(exposure(s, 'sys').find((e) => e.accountId === 'dave')).toMatchObject({ path: ['sys', 'a1', 'y'], access: 'potential' });
    // Each copy of the one before: bob, a member of the last, is reached through all of them.
    const depth = 3_000;
    const chain = replayBatch(s, Array.from({ length: depth }, (_, i): Command => (
      { type: 'replicate', actor: 'alice', imageId: i === 0 ? 'sys' : `d${i - 1}`, projectId: P('alice'), newImageId: `d${i}` })));
    expect(chain.results.every((r) => r.ok)).toBe(true);
    const deep = ok(share(chain.state, { actor: 'alice', imageId: `d${depth - 1}`, targets: [{ account: 'bob' }] }));
    const bob = exposure(deep, 'sys').find((e) => e.accountId === 'bob');
    expect(bob?.path).toEqual(['sys', ...Array.from({ length: depth }, (_, i) => `d${i}`)]);
  });

  it('F6 every exposure path is no longer than any chain the lineage offers (random runs)', () => {
    fc.assert(fc.property(worlds, runs, (start, plans) => {
      const s = runPlans(start, plans);
      for (const image of toSnapshot(s).images) {
        const entries = exposure(s, image.id);
        expect(entries[0]).toMatchObject({ via: 'owner', path: [image.id] });
        // A path is a chain of ids from the queried image; each step is a derivation (or a server on the way).
        for (const e of entries) expect(e.path[0]).toBe(image.id);
        expect(exposure(reload(s), image.id)).toStrictEqual(entries);
      }
    }), { numRuns: 40 });
  });
});
