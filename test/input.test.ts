import { describe, expect, it } from 'vitest';
import {
  SNAPSHOT_FORMAT, apply, commands, createWorld, deleteImage, fromSnapshot, getImage, getMembership, inputSchemas,
  replay, share, toSnapshot,
} from '../src/index.js';
import { P, ok, refused, world } from './helpers.js';

describe('untrusted input: apply and replay', () => {
  it('apply runs every command of the commands map by its key', () => {
    expect(Object.keys(commands).sort()).toEqual(Object.keys(inputSchemas).sort());
    let s = world();
    s = ok(apply(s, { type: 'share', actor: 'alice', imageId: 'sys', targets: [{ account: 'Bob' }] }));
    s = ok(apply(s, { type: 'accept', actor: 'bob', imageId: 'sys' }));
    s = ok(apply(s, { type: 'createServer', actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys', eip: '1.1.1.1' }));
    s = ok(apply(s, { type: 'delete', actor: 'alice', imageId: 'data' }));
    expect(getImage(s, 'data')).toBeUndefined();
    expect(commands.delete).toBe(deleteImage);
  });

  it('apply answers malformed input with invalid_input and the zod issues, and never throws', () => {
    const s = world();
    const bad: unknown[] = [
      undefined, null, 42, 'share', [], {}, { type: 'nope' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' },
      { type: 'share' }, { type: 'share', actor: 'alice', imageId: 'sys', targets: 'bob' },
      { type: 'share', actor: 'alice', imageId: 'sys', targets: [{ account: 'bob', region: 'cn-north-4' }] },
      { type: 'accept', actor: '', imageId: 'sys' }, { type: 'registerImage', actor: 'alice', id: 'x', projectId: P('alice'), name: 'n', kind: 'vm' },
      Object.create(null), new Proxy({}, { get() { throw new Error('hostile'); }, ownKeys() { throw new Error('hostile'); } }),
      { get type() { throw new Error('hostile getter'); } },
    ];
    for (const command of bad) {
      const r = apply(s, command);
      const e = refused(r, 'invalid_input');
      expect(e.code === 'invalid_input' && Array.isArray(e.issues)).toBe(true);
    }
    const withIssues = apply(s, { type: 'share', actor: 'alice', imageId: 'sys', targets: [] });
    const e = refused(withIssues, 'invalid_input', 'S7');
    expect(e.code === 'invalid_input' && e.issues[0]?.path).toEqual(['targets']);
    refused(apply({} as never, { type: 'share' }), 'invalid_input');
    refused(apply(null as never, { type: 'share' }), 'invalid_input');
    // Shapes that are not a State, however close, are refused rather than crashing a rule.
    const real = world();
    const forged: unknown[] = [
      { version: 0, tables: { images: {} }, config: {} },
      { ...real, tables: { ...real.tables, images: {} } },
      { ...real, config: { shareLimits: {} } },
      { ...real, catalogue: {} },
      { ...real, tables: null },
    ];
    for (const f of forged) refused(apply(f as never, { type: 'accept', actor: 'bob', imageId: 'sys' }), 'invalid_input');
  });

  it('replay folds commands, keeps going after a refusal, and returns one result per command', () => {
    const { state, results } = replay(createWorld(), [
      { type: 'addAccount', id: 'alice', name: 'Alice', site: 'china' },
      { type: 'addAccount', id: 'alice', name: 'Again', site: 'china' },
      { type: 'addAccount', id: 'bob', name: 'Bob', site: 'china' },
      { type: 'registerImage', actor: 'alice', id: 'img', projectId: P('alice'), name: 'n', kind: 'system' },
      { type: 'share', actor: 'alice', imageId: 'img', targets: [{ account: 'bob' }] },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, true]);
    expect(state.version).toBe(4);
    expect(getMembership(state, 'img', P('bob'))?.status).toBe('pending');
  });
});

describe('persistence: toSnapshot and fromSnapshot', () => {
  it('a snapshot is plain JSON and round-trips to an equal state', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(deleteImage(s, { actor: 'alice', imageId: 'data' }));
    const snap = toSnapshot(s);
    expect(snap.format).toBe(SNAPSHOT_FORMAT);
    const text = JSON.stringify(snap);
    const back = fromSnapshot(JSON.parse(text));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(JSON.stringify(toSnapshot(back.state))).toBe(text);
    expect(back.state.version).toBe(s.version);
    // The deleted id stays taken after a round trip.
    refused(apply(back.state, { type: 'registerImage', actor: 'alice', id: 'data', projectId: P('alice'), name: 'n', kind: 'data' }), 'duplicate_id');
  });

  it('a world whose site offers no region round-trips: its accounts have no projects', () => {
    let s = createWorld({ sites: [{ id: 'lonely' }, { id: 'busy' }], regions: [{ id: 'r', name: 'R', sites: ['busy'], azs: ['ra'] }] });
    s = ok(apply(s, { type: 'addAccount', id: 'solo', name: 'Solo', site: 'lonely' }));
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
    expect(back.ok && JSON.stringify(toSnapshot(back.state))).toBe(JSON.stringify(toSnapshot(s)));
  });

  it('fromSnapshot refuses bad shapes, dangling references and broken invariants without throwing', () => {
    const good = toSnapshot(ok(share(world({ shareLimits: { system: 1 } }), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] })));
    const cases: unknown[] = [
      undefined, null, 'x', {}, { ...good, format: 'other' }, { ...good, version: -1 },
      { ...good, images: [...good.images, { ...good.images[0], ownerProjectId: 'ghost' }] },
      { ...good, images: [...good.images, good.images[0]] },
      { ...good, memberships: [{ imageId: 'sys', projectId: P('alice'), status: 'accepted', since: 1 }] },
      { ...good, memberships: [{ imageId: 'sys', projectId: P('bob', 'cn-south-1'), status: 'pending', since: 1 }] },
      { ...good, memberships: [{ imageId: 'sys', projectId: P('bob'), status: 'accepted', since: 1 }, { imageId: 'sys', projectId: P('dave'), status: 'accepted', since: 1 }] },
      { ...good, memberships: [{ imageId: 'enc', projectId: P('bob'), status: 'pending', since: 1 }] },
      { ...good, memberships: [{ imageId: 'sys', projectId: P('bob'), status: 'pending', since: 10_000 }] },
      { ...good, config: { privateImageQuota: 1 } },
      { ...good, iamUsers: [{ id: 'alice', accountId: 'alice' }] },
      { ...good, projects: good.projects.filter((p) => p.id !== P('dave', 'cn-south-1')) },
      { ...good, servers: [{ id: 's', projectId: P('bob'), az: 'cn-south-1a', flavor: 'ecs', imageId: 'sys' }] },
      { ...good, servers: [{ id: 's', projectId: P('bob'), az: 'cn-north-4a', flavor: 'ecs', imageId: 'never' }] },
      { ...good, deletedImageIds: ['sys'] },
      { ...good, catalogue: { sites: [], regions: [] } },
    ];
    for (const [i, c] of cases.entries()) {
      const r = fromSnapshot(c);
      expect(r.ok, `case ${i}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    expect(fromSnapshot(good).ok).toBe(true);
  });
});
