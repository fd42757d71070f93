import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type State, accept, addAccount, addIamUser, apply, canUseImage, createServer, createWorld, exposure, fromSnapshot,
  getImage, getMembership, imagesSharedWith, inputSchemas, membersOf, registerImage, replicate, share, toSnapshot, visibleImages,
} from '../src/index.js';
import { HOSTILE_IDS, buildWorld, commandArbitrary, planArbitrary, principalArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { SMALL, ok, refused } from './helpers.js';

const worlds = fc.oneof(worldSetupArbitrary(), worldSetupArbitrary({ config: SMALL })).map(buildWorld);
const runs = fc.array(planArbitrary(), { minLength: 20, maxLength: 60 });

function evolve(world: State, plans: readonly Parameters<typeof resolvePlan>[1][]): State {
  let state = world;
  for (const plan of plans) {
    const r = apply(state, resolvePlan(state, plan));
    if (r.ok) state = r.state;
  }
  return state;
}

describe('security properties', () => {
  it('M5 S1 tenant isolation: an image is usable exactly when owned or accepted in its region, and queries show nothing else', () => {
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      const state = evolve(world, plans);
      const snap = toSnapshot(state);
      const accountOf = new Map<string, string>([...snap.accounts.map((a) => [a.id, a.id] as const), ...snap.iamUsers.map((u) => [u.id, u.accountId] as const)]);
      const projectAccount = new Map(snap.projects.map((p) => [p.id, p.accountId]));
      const projectRegion = new Map(snap.projects.map((p) => [p.id, p.regionId]));
      const principals = [...accountOf.keys(), 'nobody', ...HOSTILE_IDS.slice(0, 3)];
      for (const image of snap.images) {
        const owner = projectAccount.get(image.ownerProjectId);
        const region = projectRegion.get(image.ownerProjectId) as string;
        const members = snap.memberships.filter((m) => m.imageId === image.id);
        for (const p of principals) {
          const account = accountOf.get(p);
          const mine = members.filter((m) => projectAccount.get(m.projectId) === account);
          const expected = account !== undefined && (owner === account || mine.some((m) => m.status === 'accepted'));
          expect(canUseImage(state, p, image.id)).toBe(expected);
          const listed = visibleImages(state, p, region).some((i) => i.id === image.id);
          expect(listed).toBe(expected);
          for (const status of ['pending', 'accepted', 'rejected'] as const) {
            const shown = imagesSharedWith(state, p, region, { status }).some((i) => i.id === image.id);
            expect(shown).toBe(mine.some((m) => m.status === status));
          }
          const seen = membersOf(state, p, image.id);
          if (account === undefined || (owner !== account && mine.length === 0)) {
            expect(seen.ok).toBe(false);
            if (!seen.ok) expect(seen.error.code).toBe('not_found');
          } else if (owner !== account) {
            expect(seen.ok && seen.value.map((m) => m.projectId).sort()).toEqual(mine.map((m) => m.projectId).sort());
          } else {
            expect(seen.ok && seen.value.length).toBe(members.length);
          }
        }
      }
    }), { numRuns: 80 });
  });

  it('S1 a principal that cannot see an image gets the same answer as for an image that does not exist', () => {
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      const state = evolve(world, plans);
      const snap = toSnapshot(state);
      for (const image of snap.images.slice(0, 5)) {
        const stranger = snap.accounts.find((a) => !canUseImage(state, a.id, image.id) && !membersOf(state, a.id, image.id).ok);
        if (stranger === undefined) continue;
        for (const type of ['share', 'delete', 'stopSharing'] as const) {
          const command = type === 'share' ? { type, actor: stranger.id, imageId: image.id, targets: [{ account: stranger.id }] } : { type, actor: stranger.id, imageId: image.id };
          const hidden = apply(state, command);
          const missing = apply(state, { ...command, imageId: 'no-such-image' });
          expect(!hidden.ok && hidden.error.code).toBe('not_found');
          expect(!missing.ok && missing.error.code).toBe('not_found');
          if (!hidden.ok && !missing.ok) expect(Object.keys(hidden.error).sort()).toEqual(Object.keys(missing.error).sort());
        }
      }
    }), { numRuns: 40 });
  });

  it('W2 hostile ids (__proto__, constructor, 10,000 characters, unicode) behave as ordinary ids', () => {
    const proto = Object.getOwnPropertyNames(Object.prototype).sort();
    const [a, b, c, img1, img2, vm] = ['__proto__', 'constructor', 'x'.repeat(10_000), 'toString', 'hasOwnProperty', 'ünï©ødé-名前-🙂'];
    let s = createWorld();
    s = ok(addAccount(s, { id: a as string, name: 'prototype', site: 'china' }));
    // F4: no account's name may be another account's id, so '__proto__' can only ever name account a.
    expect(refused(addAccount(s, { id: b as string, name: '__proto__', site: 'china' }), 'duplicate_name').rule).toBe('F4');
    s = ok(addAccount(s, { id: b as string, name: 'proto-name', site: 'china' }));
    s = ok(addAccount(s, { id: c as string, name: 'valueOf', site: 'china' }));
    s = ok(addIamUser(s, { id: 'prototype', accountId: b as string }));
    s = ok(registerImage(s, { actor: a as string, id: img1 as string, projectId: `${a}:cn-north-4`, name: 'n', kind: 'system' }));
    // S3: '__proto__' names account a (the owner).
    expect(refused(share(s, { actor: a as string, imageId: img1 as string, targets: [{ account: '__proto__' }] }), 'share_with_self').index).toBe(0);
    s = ok(share(s, { actor: a as string, imageId: img1 as string, targets: [{ account: 'constructor' }, { account: 'valueOf' }] }));
    expect(getMembership(s, img1 as string, `${b}:cn-north-4`)?.status).toBe('pending');
    s = ok(accept(s, { actor: 'prototype', imageId: img1 as string }));
    s = ok(replicate(s, { actor: b as string, imageId: img1 as string, projectId: `${b}:cn-north-4`, newImageId: img2 as string }));
    s = ok(createServer(s, { actor: b as string, id: vm as string, projectId: `${b}:cn-north-4`, az: 'cn-north-4a', imageId: img2 as string }));
    expect(canUseImage(s, 'prototype', img1 as string)).toBe(true);
    expect(canUseImage(s, c as string, img1 as string)).toBe(false);
    expect(canUseImage(s, 'valueOf', img1 as string)).toBe(false);
    expect(getImage(s, 'constructor')).toBeUndefined();
    expect(exposure(s, img1 as string).map((e) => e.accountId).sort()).toEqual([a, b, c].sort());
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
    expect(back.ok).toBe(true);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(proto);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('W2 random runs with hostile ids never touch Object.prototype', () => {
    const proto = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      evolve(world, plans);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(proto);
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    }), { numRuns: 40 });
  });

  it('W4 frozen states cannot be mutated', () => {
    let s = ok(addAccount(createWorld(), { id: 'alice', name: 'Alice', site: 'china' }));
    s = ok(addAccount(s, { id: 'bob', name: 'Bob', site: 'china' }));
    s = ok(registerImage(s, { actor: 'alice', id: 'img', projectId: 'alice:cn-north-4', name: 'n', kind: 'system' }));
    s = ok(share(s, { actor: 'alice', imageId: 'img', targets: [{ account: 'bob' }] }));
    const image = getImage(s, 'img') as object;
    const membership = getMembership(s, 'img', 'bob:cn-north-4') as object;
    const attempts: (() => void)[] = [
      () => { (s as { version: number }).version = 1; },
      () => { (s.tables as { images: unknown }).images = null; },
      () => { (s.tables.images as { size: number }).size = 0; },
      () => { (s.catalogue.regions as unknown[]).push({}); },
      () => { (s.config.shareLimits as Record<string, number>).system = 1; },
      () => { (s.catalogue.regions[0]?.azs as string[]).pop(); },
      () => { (image as { name: string }).name = 'evil'; },
      () => { (membership as { status: string }).status = 'accepted'; },
      () => { Object.defineProperty(s, 'extra', { value: 1 }); },
    ];
    for (const attempt of attempts) expect(attempt).toThrow(TypeError);
    expect(getMembership(s, 'img', 'bob:cn-north-4')?.status).toBe('pending');
  });
});

describe('the testing kit arbitraries', () => {
  it('M6 S1 a principal from principalArbitrary sees only what canUseImage allows, and commandArbitrary never makes apply throw', () => {
    const state = evolve(buildWorld(fc.sample(worldSetupArbitrary(), { numRuns: 1, seed: 11 })[0] as never), fc.sample(planArbitrary(), { numRuns: 40, seed: 12 }));
    fc.assert(fc.property(principalArbitrary(state), fc.constantFrom(...state.catalogue.regions.map((r) => r.id)), (p, region) => {
      for (const image of visibleImages(state, p, region)) expect(canUseImage(state, p, image.id)).toBe(true);
    }), { numRuns: 200 });
    fc.assert(fc.property(commandArbitrary(state), (command) => {
      const r = apply(state, command);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 500 });
  });
});

describe('F3 refusals in bounded time', () => {
  const HOLES = 2 ** 32 - 1; // the longest array: it costs its maker nothing
  const s = ok(addAccount(createWorld(), { id: 'a', name: 'A', site: 'china' }));
  const snap = toSnapshot(s);
  const paths = (r: { ok: boolean; error?: { issues?: readonly { path: readonly unknown[] }[] } }) => r.error?.issues?.map((i) => i.path.join('.'));

  it('F3 a list of four billion holes is refused with its first 20 malformed entries, by commands and by fromSnapshot', () => {
    for (const type of ['share', 'stopSharing'] as const) {
      const r = apply(s, { type, actor: 'a', imageId: 'x', targets: new Array(HOLES) });
      expect(paths(r as never)).toEqual(Array.from({ length: 20 }, (_, i) => `targets.${i}`));
    }
    for (const key of ['accounts', 'images', 'memberships', 'disks'] as const) {
      expect(paths(fromSnapshot({ ...snap, [key]: new Array(HOLES) }) as never)).toEqual(Array.from({ length: 20 }, (_, i) => `${key}.${i}`));
    }
  });

  it('F3 a malformed entry deep in a long list is named at its place, and the issues equal zod\'s when there are at most 20', () => {
    const targets: unknown[] = Array.from({ length: 100_000 }, (_, i) => ({ account: `t${i}` }));
    targets[99_990] = { account: '' };
    targets[5] = null;
    const r = apply(s, { type: 'share', actor: 'a', imageId: 'x', targets });
    expect(paths(r as never)).toEqual(['targets.5', 'targets.99990.account']);
    const zod = inputSchemas.share.safeParse({ actor: 'a', imageId: 'x', targets });
    expect(zod.error?.issues.map((i) => i.path.join('.'))).toEqual(paths(r as never));
    const memberships = Array.from({ length: 50_000 }, (_, i) => ({ imageId: `i${i}`, projectId: 'a:cn-north-4', status: 'pending', since: 1 }));
    memberships[49_999] = { ...memberships[0], status: 'maybe' } as never;
    expect(paths(fromSnapshot({ ...snap, memberships }) as never)).toEqual(['memberships.49999.status']);
  });

  it('F3 a list whose length grows at every read still gets an answer of at most 20 entries', () => {
    let reads = 0;
    const growing = new Proxy([], { get: (t, k) => (k === 'length' ? 2 ** reads++ : Reflect.get(t, k)) });
    const r = apply(s, { type: 'share', actor: 'a', imageId: 'x', targets: growing });
    expect(paths(r as never)?.length).toBeLessThanOrEqual(20);
    expect(paths(r as never)?.[0]).toBe('targets.0');
  });

  it('F3 a catalogue list longer than MAX_CATALOGUE_ENTRIES is refused at once, as too big', () => {
    const long = fromSnapshot({ ...snap, catalogue: { ...snap.catalogue, regions: new Array(HOLES) } });
    expect(long.ok ? [] : (long.error as { issues?: unknown }).issues).toMatchObject([{ path: ['catalogue', 'regions'], code: 'too_big' }]);
  });
});
