import { describe, expect, it } from 'vitest';
import {
  accept, createDataDisk, createImageFromServer, createServer, deleteImage, exposure, replicate, share, stopSharing,
} from '../src/index.js';
import { P, ok, world } from './helpers.js';

describe('§7 exposure', () => {
  it('X1 an unshared image exposes its owner only; an unknown image exposes nobody', () => {
    expect(exposure(world(), 'sys')).toEqual([{ accountId: 'alice', access: 'current', via: 'owner', imageId: 'sys', path: ['sys'] }]);
    expect(exposure(world(), 'nope')).toEqual([]);
  });

  it('X1 accepted members are current, pending ones potential', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    const byAccount = new Map(exposure(s, 'sys').map((e) => [e.accountId, e]));
    expect(byAccount.get('bob')).toMatchObject({ access: 'current', via: 'member' });
    expect(byAccount.get('dave')).toMatchObject({ access: 'potential', via: 'member' });
    expect(exposure(s, 'sys')[0]?.accountId).toBe('alice');
  });

  it('X1 the FAQ disclosure chain: recipient server -> private image -> shared onward, with the path', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    s = ok(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'bob-img', name: 'b', kind: 'system' }));
    s = ok(share(s, { actor: 'bob', imageId: 'bob-img', targets: [{ account: 'dave' }] }));
    s = ok(accept(s, { actor: 'dave', imageId: 'bob-img' }));
    s = ok(replicate(s, { actor: 'dave', imageId: 'bob-img', projectId: P('dave'), newImageId: 'dave-img' }));
    s = ok(createDataDisk(s, { actor: 'alice', id: 'd', projectId: P('alice'), az: 'cn-north-4a', imageId: 'data' }));
    const dave = exposure(s, 'sys').find((e) => e.accountId === 'dave');
    expect(dave).toEqual({ accountId: 'dave', access: 'current', via: 'member', imageId: 'bob-img', path: ['sys', 'vm', 'bob-img'] });
    expect(exposure(s, 'data').map((e) => e.via)).toEqual(['owner']);
    // The chain survives the deletion of a link, server included (F1, F6): dave's copy still holds the data.
    s = ok(deleteImage(s, { actor: 'bob', imageId: 'bob-img' }));
    expect(exposure(s, 'sys').find((e) => e.accountId === 'dave')).toMatchObject({ via: 'owner', imageId: 'dave-img', path: ['sys', 'vm', 'bob-img', 'dave-img'] });
  });

  it('X1 servers keep their account exposed after stopSharing; exposure never grows on stopSharing or deleteImage', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    const before = exposure(s, 'sys').map((e) => e.accountId).sort();
    s = ok(stopSharing(s, { actor: 'alice', imageId: 'sys' }));
    const after = exposure(s, 'sys');
    expect(after.map((e) => e.accountId).sort()).toEqual(['alice', 'bob']);
    expect(after.find((e) => e.accountId === 'bob')).toMatchObject({ via: 'server', path: ['sys', 'vm'] });
    expect(before).toEqual(['alice', 'bob', 'dave']);
  });
});
