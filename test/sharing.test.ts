import { describe, expect, it } from 'vitest';
import {
  accept, addProject, checkInvariants, deleteImage, getMembership, imagesSharedWith, registerImage, reject, replicate,
  share, stopSharing,
} from '../src/index.js';
import { P, ok, refused, withTenants, world } from './helpers.js';

describe('§2 sharing', () => {
  it('S1 the owner account or any of its IAM users shares, stops sharing and deletes', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice-ops', imageId: 'sys', targets: [{ account: 'bob' }] }));
    expect(getMembership(s, 'sys', P('bob'))?.status).toBe('pending');
    s = ok(stopSharing(s, { actor: 'alice-ops', imageId: 'sys' }));
    ok(deleteImage(s, { actor: 'alice-ops', imageId: 'sys' }));
  });

  it('S1 a member that cannot own the image gets not_image_owner; a stranger gets not_found (entity image)', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    expect(refused(stopSharing(s, { actor: 'bob', imageId: 'sys' }), 'not_image_owner', 'S1')).toMatchObject({ imageId: 'sys' });
    refused(deleteImage(s, { actor: 'bob', imageId: 'sys' }), 'not_image_owner', 'S1');
    refused(share(s, { actor: 'bob', imageId: 'sys', targets: [{ account: 'dave' }] }), 'not_image_owner', 'S1');
    // dave sees nothing: the same answer as for an image that does not exist.
    const hidden = refused(share(s, { actor: 'dave', imageId: 'sys', targets: [{ account: 'bob' }] }), 'not_found', 'S1');
    const missing = refused(share(s, { actor: 'dave', imageId: 'nope', targets: [{ account: 'bob' }] }), 'not_found', 'S1');
    expect(hidden).toMatchObject({ entity: 'image' });
    expect(missing).toMatchObject({ entity: 'image' });
    refused(deleteImage(s, { actor: 'dave', imageId: 'sys' }), 'not_found', 'S1');
    refused(stopSharing(s, { actor: 'dave', imageId: 'sys' }), 'not_found', 'S1');
  });

  it('S2 an accepted member that shares gets reshare_not_allowed; its private copy can be shared', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    refused(share(s, { actor: 'bob', imageId: 'sys', targets: [{ account: 'dave' }] }), 'reshare_not_allowed', 'S2');
    s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'bob-copy' }));
    s = ok(share(s, { actor: 'bob', imageId: 'bob-copy', targets: [{ account: 'dave' }] }));
    expect(getMembership(s, 'bob-copy', P('dave'))?.status).toBe('pending');
  });

  it('S3 a target names an account by id or by name and lands on its default project in the image region', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Bob' }, { account: 'dave' }] }));
    expect(getMembership(s, 'sys', P('bob'))?.status).toBe('pending');
    expect(getMembership(s, 'sys', P('dave'))?.status).toBe('pending');
    s = ok(addProject(s, { actor: 'bob', id: 'bob-dev', regionId: 'cn-north-4', name: 'dev' }));
    s = ok(share(s, { actor: 'alice', imageId: 'data', targets: [{ account: 'bob', project: 'bob-dev' }] }));
    expect(getMembership(s, 'data', 'bob-dev')?.status).toBe('pending');
    refused(share(s, { actor: 'alice', imageId: 'data', targets: [{ account: 'nobody' }] }), 'not_found', 'S3');
    refused(share(s, { actor: 'alice', imageId: 'data', targets: [{ account: 'bob', project: P('dave') }] }), 'not_found', 'S3');
  });

  it('S3 a target project in another region gives cross_region_target (IMG.0177)', () => {
    const s = world();
    const e = refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob', project: P('bob', 'cn-south-1') }] }), 'cross_region_target', 'S3');
    expect(e).toMatchObject({ imsCode: 'IMG.0177', imageRegionId: 'cn-north-4', targetRegionId: 'cn-south-1', index: 0 });
  });

  it('S3 an account whose site lacks the image region gives region_not_available_at_site; a region of both sites works', () => {
    let s = world();
    const e = refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Carol' }] }), 'region_not_available_at_site', 'S3');
    expect(e).toMatchObject({ regionId: 'cn-north-4', site: 'international', accountId: 'carol' });
    s = ok(share(s, { actor: 'alice', imageId: 'hk', targets: [{ account: 'Carol' }] }));
    expect(getMembership(s, 'hk', P('carol', 'ap-southeast-1'))?.status).toBe('pending');
  });

  it('S3 sharing with the image own project gives share_with_self (IMG.0076); another project of the owner is valid', () => {
    let s = world();
    const e = refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'alice' }] }), 'share_with_self', 'S3');
    expect(e).toMatchObject({ imsCode: 'IMG.0076', projectId: P('alice') });
    s = ok(addProject(s, { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Alice', project: 'alice-dev' }] }));
    s = ok(accept(s, { actor: 'alice', imageId: 'sys', projectId: 'alice-dev' }));
    expect(imagesSharedWith(s, 'alice', 'cn-north-4').map((i) => i.id)).toEqual(['sys']);
  });

  it('S4 only accepted memberships consume the limit; share at the limit gives share_limit_reached (IMG.0088)', () => {
    let s = withTenants(world({ shareLimits: { system: 2 } }), 4);
    // Pending shares beyond the limit are allowed: pending does not consume the quota (FAQ).
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [0, 1, 2].map((i) => ({ account: `t${i}` })) }));
    s = ok(accept(s, { actor: 't0', imageId: 'sys' }));
    s = ok(accept(s, { actor: 't1', imageId: 'sys' }));
    const e = refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 't3' }] }), 'share_limit_reached', 'S4');
    expect(e).toMatchObject({ imsCode: 'IMG.0088', limit: 2, accepted: 2, kind: 'system' });
    const a = refused(accept(s, { actor: 't2', imageId: 'sys' }), 'share_limit_reached', 'S4');
    expect(a).toMatchObject({ limit: 2, accepted: 2 });
    // Freeing a slot lets the pending member accept.
    s = ok(reject(s, { actor: 't0', imageId: 'sys' }));
    s = ok(accept(s, { actor: 't2', imageId: 'sys' }));
    expect(checkInvariants(s)).toEqual([]);
  });

  it('S4 default limits: 128 tenants for system and data images, 10 for full-ECS images', () => {
    let s = withTenants(world(), 11);
    const ids = Array.from({ length: 11 }, (_, i) => `t${i}`);
    s = ok(share(s, { actor: 'alice', imageId: 'full', targets: ids.map((account) => ({ account })) }));
    for (const id of ids.slice(0, 10)) s = ok(accept(s, { actor: id, imageId: 'full' }));
    refused(accept(s, { actor: 't10', imageId: 'full' }), 'share_limit_reached', 'S4');
    expect(s.config.shareLimits).toEqual({ system: 128, data: 128, 'full-ecs': 10 });
  });

  it('S5 an encrypted image gives image_not_shareable with reason encrypted (IMG.0098)', () => {
    const e = refused(share(world(), { actor: 'alice', imageId: 'enc', targets: [{ account: 'bob' }] }), 'image_not_shareable', 'S5');
    expect(e).toMatchObject({ reason: 'encrypted', imsCode: 'IMG.0098' });
  });

  it('S6 a pending or accepted target gives already_shared; a rejected one returns to pending', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
    expect(refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }), 'already_shared', 'S6')).toMatchObject({ status: 'pending' });
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    expect(refused(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }), 'already_shared', 'S6')).toMatchObject({ status: 'accepted' });
    s = ok(reject(s, { actor: 'dave', imageId: 'sys' }));
    const r = share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'dave' }] });
    s = ok(r);
    expect(getMembership(s, 'sys', P('dave'))).toMatchObject({ status: 'pending', since: s.version });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'image_shared', previousStatus: 'rejected' });
    // The same target twice in one batch is already shared by the first.
    refused(share(s, { actor: 'alice', imageId: 'data', targets: [{ account: 'bob' }, { account: 'Bob' }] }), 'already_shared', 'S6');
  });

  it('S7 share and stopSharing are atomic and name the offending index', () => {
    let s = world();
    const r = share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }, { account: 'carol' }] });
    expect(refused(r, 'region_not_available_at_site').index).toBe(2);
    expect(getMembership(s, 'sys', P('bob'))).toBeUndefined();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    const stop = stopSharing(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] });
    expect(refused(stop, 'not_found', 'S9')).toMatchObject({ entity: 'membership', index: 1 });
    expect(getMembership(s, 'sys', P('bob'))?.status).toBe('pending');
    refused(share(s, { actor: 'alice', imageId: 'sys', targets: [] }), 'invalid_input', 'S7');
    refused(stopSharing(s, { actor: 'alice', imageId: 'sys', targets: [] }), 'invalid_input', 'S7');
  });

  it('S8 a project may receive any number of shared images', () => {
    let s = world({ privateImageQuota: 400 });
    for (let i = 0; i < 300; i++) {
      s = ok(registerImage(s, { actor: 'alice', id: `m${i}`, projectId: P('alice'), name: 'n', kind: 'data' }));
      s = ok(share(s, { actor: 'alice', imageId: `m${i}`, targets: [{ account: 'bob' }] }));
      s = ok(accept(s, { actor: 'bob', imageId: `m${i}` }));
    }
    expect(imagesSharedWith(s, 'bob', 'cn-north-4')).toHaveLength(300);
  });

  it('S9 stopSharing removes the named memberships, or all when none is named; a non-member gives not_found', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    const one = ok(stopSharing(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Bob' }] }));
    expect(getMembership(one, 'sys', P('bob'))).toBeUndefined();
    expect(getMembership(one, 'sys', P('dave'))?.status).toBe('pending');
    const all = ok(stopSharing(s, { actor: 'alice', imageId: 'sys' }));
    expect(getMembership(all, 'sys', P('bob'))).toBeUndefined();
    expect(getMembership(all, 'sys', P('dave'))).toBeUndefined();
    expect(refused(stopSharing(all, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }), 'not_found', 'S9')).toMatchObject({ entity: 'membership', index: 0 });
    refused(stopSharing(all, { actor: 'alice', imageId: 'sys', targets: [{ account: 'carol' }] }), 'not_found', 'S9');
    refused(stopSharing(all, { actor: 'alice', imageId: 'sys', targets: [{ account: 'ghost' }] }), 'not_found', 'S3');
    expect(checkInvariants(all)).toEqual([]);
  });
});
