import { describe, expect, it } from 'vitest';
import {
  accept, addProject, canUseImage, checkInvariants, deleteImage, getImage, registerImage, replicate,
  replicateAcrossRegion, share, stopSharing,
} from '../src/index.js';
import { P, ok, refused, world } from './helpers.js';

const accepted = () => ok(accept(ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] })), { actor: 'bob', imageId: 'sys' }));

describe('§4 replication', () => {
  it('R1 an owned image is copied inside its project, named copy_<name>, and may change encrypted', () => {
    let s = world();
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'c1' }));
    expect(getImage(s, 'c1')).toMatchObject({ name: 'copy_web', kind: 'system', ownerProjectId: P('alice'), encrypted: false, derivedFrom: 'sys' });
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'c2', name: 'locked', encrypted: true }));
    expect(getImage(s, 'c2')).toMatchObject({ name: 'locked', encrypted: true });
    s = ok(replicate(s, { actor: 'alice', imageId: 'enc', projectId: P('alice'), newImageId: 'c3', encrypted: false }));
    expect(getImage(s, 'c3')?.encrypted).toBe(false);
  });

  it('R1 moving an image to another project of the same account needs a share first (image_not_usable)', () => {
    let s = ok(addProject(world(), { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
    refused(replicate(s, { actor: 'alice', imageId: 'sys', projectId: 'alice-dev', newImageId: 'moved' }), 'image_not_usable', 'R1');
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'Alice', project: 'alice-dev' }] }));
    s = ok(accept(s, { actor: 'alice', imageId: 'sys', projectId: 'alice-dev' }));
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: 'alice-dev', newImageId: 'moved' }));
    expect(getImage(s, 'moved')?.ownerProjectId).toBe('alice-dev');
    refused(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice', 'cn-south-1'), newImageId: 'x' }), 'image_not_usable', 'R1');
  });

  it('R1 an accepted shared image is copied into the member project and the copy cannot be encrypted (IMG.0197)', () => {
    let s = accepted();
    const e = refused(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'b1', encrypted: true }), 'encrypted_not_allowed', 'R1');
    expect(e.imsCode).toBe('IMG.0197');
    s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'b1' }));
    expect(getImage(s, 'b1')).toMatchObject({ ownerProjectId: P('bob'), name: 'copy_web', encrypted: false, derivedFrom: 'sys' });
    refused(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('alice'), newImageId: 'b2' }), 'not_found', 'R1');
  });

  it('R1 a pending or rejected shared image gives membership_not_accepted (IMG.0196)', () => {
    const s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    const e = refused(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'b1' }), 'membership_not_accepted', 'R1');
    expect(e).toMatchObject({ imsCode: 'IMG.0196', status: 'pending' });
    refused(replicate(s, { actor: 'dave', imageId: 'sys', projectId: P('dave'), newImageId: 'b1' }), 'not_found', 'R1');
  });

  it('R1 full-ECS images cannot be replicated in a region: kind_not_replicable (IMG.0130)', () => {
    const e = refused(replicate(world(), { actor: 'alice', imageId: 'full', projectId: P('alice'), newImageId: 'f1' }), 'kind_not_replicable', 'R1');
    expect(e).toMatchObject({ imsCode: 'IMG.0130', kind: 'full-ecs' });
  });

  it('R2 an owned image is copied to another region of the same site, into the default or a named project', () => {
    let s = world();
    s = ok(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'cn-south-1', newImageId: 'gz' }));
    expect(getImage(s, 'gz')).toMatchObject({ ownerProjectId: P('alice', 'cn-south-1'), name: 'copy_web', derivedFrom: 'sys' });
    s = ok(addProject(s, { actor: 'alice', id: 'alice-gz', regionId: 'cn-south-1', name: 'gz' }));
    s = ok(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'cn-south-1', targetProjectId: 'alice-gz', newImageId: 'gz2', name: 'n' }));
    expect(getImage(s, 'gz2')?.ownerProjectId).toBe('alice-gz');
    refused(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'cn-south-1', targetProjectId: P('alice', 'cn-east-3'), newImageId: 'x' }), 'not_found', 'R2');
    refused(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'atlantis', newImageId: 'x' }), 'not_found', 'R2');
  });

  it('R2 a shared image gives private_image_required; its private copy can then cross regions (FAQ method 2)', () => {
    let s = accepted();
    refused(replicateAcrossRegion(s, { actor: 'bob', imageId: 'sys', targetRegionId: 'cn-south-1', newImageId: 'x' }), 'private_image_required', 'R2');
    s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'copy_image' }));
    s = ok(replicateAcrossRegion(s, { actor: 'bob', imageId: 'copy_image', targetRegionId: 'cn-south-1', newImageId: 'gz' }));
    expect(canUseImage(s, 'bob', 'gz')).toBe(true);
  });

  it('R2 the same region gives same_region (IMG.0142); a region of another site gives region_not_available_at_site', () => {
    const s = world();
    expect(refused(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'cn-north-4', newImageId: 'x' }), 'same_region', 'R2').imsCode).toBe('IMG.0142');
    refused(replicateAcrossRegion(s, { actor: 'alice', imageId: 'sys', targetRegionId: 'af-south-1', newImageId: 'x' }), 'region_not_available_at_site', 'R2');
  });

  it('R2 encrypted images cannot cross regions: encrypted_not_allowed (IMG.0143)', () => {
    expect(refused(replicateAcrossRegion(world(), { actor: 'alice', imageId: 'enc', targetRegionId: 'cn-south-1', newImageId: 'x' }), 'encrypted_not_allowed', 'R2').imsCode).toBe('IMG.0143');
  });

  it('R3 copies record derivedFrom, count toward the quota and survive the source and the end of sharing', () => {
    let s = accepted();
    s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'b1' }));
    s = ok(stopSharing(s, { actor: 'alice', imageId: 'sys' }));
    s = ok(deleteImage(s, { actor: 'alice', imageId: 'sys' }));
    expect(getImage(s, 'b1')?.derivedFrom).toBe('sys');
    expect(canUseImage(s, 'bob', 'b1')).toBe(true);
    expect(checkInvariants(s)).toEqual([]);
    let q = ok(accept(ok(share(world({ privateImageQuota: 4 }), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] })), { actor: 'bob', imageId: 'sys' }));
    for (const id of ['own', 'own2', 'own3', 'own4']) q = ok(registerImage(q, { actor: 'bob', id, projectId: P('bob'), name: 'n', kind: 'system' }));
    expect(refused(replicate(q, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'b1' }), 'private_image_quota_exceeded', 'R3').imsCode).toBe('IMG.0015');
    refused(replicateAcrossRegion(q, { actor: 'bob', imageId: 'own', targetRegionId: 'cn-south-1', newImageId: 'own' }), 'duplicate_id', 'W2');
  });

  it('R3 a copy has no members', () => {
    let s = accepted();
    s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'a1' }));
    expect(canUseImage(s, 'bob', 'a1')).toBe(false);
  });
});
