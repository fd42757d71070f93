import { describe, expect, it } from 'vitest';
import {
  accept, canUseImage, checkInvariants, createServer, deleteImage, getImage, getMembership, getServer, imagesSharedWith,
  registerImage, reinstallOs, replicate, share, stopSharing,
} from '../src/index.js';
import { P, ok, refused, world } from './helpers.js';

function running() {
  let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
  s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
  s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'bob-copy' }));
  return ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
}

describe('§5 deletion', () => {
  it('D1 deleteImage removes the image and all its memberships; servers keep running', () => {
    const before = running();
    const r = deleteImage(before, { actor: 'alice', imageId: 'sys' });
    const s = ok(r);
    expect(getImage(s, 'sys')).toBeUndefined();
    expect(getMembership(s, 'sys', P('bob'))).toBeUndefined();
    expect(getMembership(s, 'sys', P('dave'))).toBeUndefined();
    expect(getServer(s, 'vm')?.imageId).toBe('sys');
    expect(r.ok && r.events[0]).toMatchObject({ type: 'image_deleted', removedMemberships: expect.arrayContaining([expect.objectContaining({ projectId: P('bob') })]) });
    expect(imagesSharedWith(s, 'dave', 'cn-north-4', { status: 'all' })).toEqual([]);
    expect(checkInvariants(s)).toEqual([]);
  });

  it('D1 a deleted image id stays taken, and the image counts no more toward the quota', () => {
    let s = world({ privateImageQuota: 4 }); // alice owns 4 images in cn-north-4
    refused(registerImage(s, { actor: 'alice', id: 'x', projectId: P('alice'), name: 'n', kind: 'system' }), 'private_image_quota_exceeded');
    s = ok(deleteImage(s, { actor: 'alice', imageId: 'sys' }));
    refused(registerImage(s, { actor: 'alice', id: 'sys', projectId: P('alice'), name: 'n', kind: 'system' }), 'duplicate_id', 'W2');
    ok(registerImage(s, { actor: 'alice', id: 'x', projectId: P('alice'), name: 'n', kind: 'system' }));
    refused(deleteImage(s, { actor: 'alice', imageId: 'sys' }), 'not_found', 'S1');
  });

  it('D2 after deletion the member can no longer create servers, reinstall or replicate; its copies and servers remain', () => {
    const s = ok(deleteImage(running(), { actor: 'alice', imageId: 'sys' }));
    refused(createServer(s, { actor: 'bob', id: 'vm2', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }), 'not_found');
    refused(reinstallOs(s, { actor: 'bob', serverId: 'vm' }), 'image_not_usable', 'E2');
    refused(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'again' }), 'not_found');
    expect(canUseImage(s, 'bob', 'bob-copy')).toBe(true);
    ok(createServer(s, { actor: 'bob', id: 'vm3', projectId: P('bob'), az: 'cn-north-4a', imageId: 'bob-copy' }));
  });

  it('D2 after stopSharing the former member loses the image the same way', () => {
    const s = ok(stopSharing(running(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    refused(createServer(s, { actor: 'bob', id: 'vm2', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }), 'not_found');
    refused(reinstallOs(s, { actor: 'bob', serverId: 'vm' }), 'image_not_usable', 'E2');
    expect(getServer(s, 'vm')).toBeDefined();
    // The owner keeps using it.
    ok(createServer(s, { actor: 'alice', id: 'avm', projectId: P('alice'), az: 'cn-north-4c', imageId: 'sys' }));
  });
});
