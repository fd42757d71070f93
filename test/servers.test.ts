import { describe, expect, it } from 'vitest';
import {
  accept, changeOs, createDataDisk, createImageFromServer, createServer, getDisk, getImage, getServer, registerImage,
  reinstallOs, replicate, restoreDataDisk, share,
} from '../src/index.js';
import { P, ok, refused, world } from './helpers.js';

function bobAccepted(...images: string[]) {
  let s = world();
  for (const imageId of images) {
    s = ok(share(s, { actor: 'alice', imageId, targets: [{ account: 'bob' }] }));
    s = ok(accept(s, { actor: 'bob', imageId }));
  }
  return s;
}

describe('§6 servers and disks', () => {
  it('E0 only the account owning a server or disk acts on it; servers are created only in the actor account projects', () => {
    let s = bobAccepted('sys', 'data');
    refused(createServer(s, { actor: 'bob', id: 'vm', projectId: P('dave'), az: 'cn-north-4a', imageId: 'sys' }), 'not_found', 'E0');
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    s = ok(createDataDisk(s, { actor: 'bob', id: 'disk', projectId: P('bob'), az: 'cn-north-4a', imageId: 'data' }));
    expect(refused(reinstallOs(s, { actor: 'dave', serverId: 'vm' }), 'not_found', 'E0')).toMatchObject({ entity: 'server' });
    refused(changeOs(s, { actor: 'alice', serverId: 'vm', imageId: 'sys' }), 'not_found', 'E0');
    refused(createImageFromServer(s, { actor: 'dave', serverId: 'vm', newImageId: 'x', name: 'x', kind: 'system' }), 'not_found', 'E0');
    expect(refused(restoreDataDisk(s, { actor: 'dave', diskId: 'disk', imageId: 'data' }), 'not_found', 'E0')).toMatchObject({ entity: 'disk' });
    refused(createDataDisk(s, { actor: 'dave', id: 'd2', projectId: P('bob'), az: 'cn-north-4a' }), 'not_found', 'E0');
  });

  it('E1 a recipient with no server creates one from an accepted system or full-ECS image in any AZ of its region', () => {
    let s = bobAccepted('sys', 'full');
    for (const az of ['cn-north-4a', 'cn-north-4b', 'cn-north-4c']) {
      s = ok(createServer(s, { actor: 'bob', id: `vm-${az}`, projectId: P('bob'), az, imageId: 'sys' }));
    }
    s = ok(createServer(s, { actor: 'bob', id: 'h', projectId: P('bob'), az: 'cn-north-4a', imageId: 'full', flavor: 'hecs', eip: '1.2.3.4' }));
    expect(getServer(s, 'h')).toEqual({ id: 'h', projectId: P('bob'), az: 'cn-north-4a', flavor: 'hecs', imageId: 'full', eip: '1.2.3.4' });
    expect(getServer(s, 'vm-cn-north-4a')?.flavor).toBe('ecs');
    refused(createServer(s, { actor: 'bob', id: 'h', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }), 'duplicate_id', 'W2');
  });

  it('E1 only in the image region (region_mismatch) and an AZ of that region (not_found az); the owner keeps using a shared image', () => {
    let s = bobAccepted('sys');
    const e = refused(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob', 'cn-south-1'), az: 'cn-south-1a', imageId: 'sys' }), 'region_mismatch', 'E1');
    expect(e).toMatchObject({ imageRegionId: 'cn-north-4', regionId: 'cn-south-1' });
    expect(refused(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-south-1a', imageId: 'sys' }), 'not_found', 'E1')).toMatchObject({ entity: 'az' });
    s = ok(createServer(s, { actor: 'alice', id: 'avm', projectId: P('alice'), az: 'cn-north-4b', imageId: 'sys' }));
    s = ok(createImageFromServer(s, { actor: 'alice', serverId: 'avm', newImageId: 'a-snap', name: 'snap', kind: 'system' }));
    expect(getImage(s, 'a-snap')?.derivedFrom).toBe('sys');
    refused(createServer(s, { actor: 'dave', id: 'dvm', projectId: P('dave'), az: 'cn-north-4a', imageId: 'sys' }), 'not_found', 'E1');
  });

  it('E2 reinstallOs works while the image stays usable in the server project', () => {
    let s = bobAccepted('sys');
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    const r = reinstallOs(s, { actor: 'bob', serverId: 'vm' });
    expect(ok(r).version).toBe(s.version + 1);
    expect(r.ok && r.events[0]?.type).toBe('os_reinstalled');
  });

  it('E3 createImageFromServer makes a derived private image of the server project, without the EIP', () => {
    let s = bobAccepted('full');
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'full', eip: '9.9.9.9' }));
    s = ok(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'bob-full', name: 'mine', kind: 'full-ecs' }));
    expect(getImage(s, 'bob-full')).toMatchObject({ ownerProjectId: P('bob'), kind: 'full-ecs', derivedFrom: 'full', sourceServerId: 'vm', encrypted: false });
    s = ok(createServer(s, { actor: 'bob', id: 'vm2', projectId: P('bob'), az: 'cn-north-4b', imageId: 'bob-full' }));
    expect(getServer(s, 'vm2')?.eip).toBeUndefined();
    refused(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'bob-full', name: 'x', kind: 'system' }), 'duplicate_id', 'W2');
  });

  it('E3 createImageFromServer counts toward the quota', () => {
    let s = bobAccepted('sys');
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    for (let i = 0; i < 50; i++) s = ok(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: `i${i}`, name: 'x', kind: 'system' }));
    refused(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'i50', name: 'x', kind: 'system' }), 'private_image_quota_exceeded', 'E3');
  });

  it('E4 changeOs puts a usable system image on a server; a HECS takes only an owned private image (FAQ: replicate first)', () => {
    let s = bobAccepted('sys');
    s = ok(registerImage(s, { actor: 'bob', id: 'bob-own', projectId: P('bob'), name: 'own', kind: 'system' }));
    s = ok(createServer(s, { actor: 'bob', id: 'hecs', projectId: P('bob'), az: 'cn-north-4a', imageId: 'bob-own', flavor: 'hecs' }));
    s = ok(createServer(s, { actor: 'bob', id: 'ecs', projectId: P('bob'), az: 'cn-north-4a', imageId: 'bob-own' }));
    refused(changeOs(s, { actor: 'bob', serverId: 'hecs', imageId: 'sys' }), 'private_image_required', 'E4');
    s = ok(changeOs(s, { actor: 'bob', serverId: 'ecs', imageId: 'sys' }));
    expect(getServer(s, 'ecs')?.imageId).toBe('sys');
    s = ok(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'bob-copy' }));
    s = ok(changeOs(s, { actor: 'bob', serverId: 'hecs', imageId: 'bob-copy' }));
    expect(getServer(s, 'hecs')?.imageId).toBe('bob-copy');
    s = ok(registerImage(s, { actor: 'bob', id: 'bob-gz', projectId: P('bob', 'cn-south-1'), name: 'gz', kind: 'system' }));
    refused(changeOs(s, { actor: 'bob', serverId: 'ecs', imageId: 'bob-gz' }), 'region_mismatch', 'E4');
    refused(changeOs(s, { actor: 'bob', serverId: 'ecs', imageId: 'data' }), 'not_found', 'E4');
  });

  it('E4 changeOs refuses an image that is not usable in the server project', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(registerImage(s, { actor: 'bob', id: 'bob-own', projectId: P('bob'), name: 'own', kind: 'system' }));
    s = ok(createServer(s, { actor: 'bob', id: 'ecs', projectId: P('bob'), az: 'cn-north-4a', imageId: 'bob-own' }));
    refused(changeOs(s, { actor: 'bob', serverId: 'ecs', imageId: 'sys' }), 'image_not_usable', 'E4');
  });

  it('E5 a new data disk is made from a usable data image; an existing disk takes only an owned image', () => {
    let s = bobAccepted('data');
    s = ok(createDataDisk(s, { actor: 'bob', id: 'new', projectId: P('bob'), az: 'cn-north-4b', imageId: 'data' }));
    expect(getDisk(s, 'new')).toEqual({ id: 'new', projectId: P('bob'), az: 'cn-north-4b', imageId: 'data' });
    s = ok(createDataDisk(s, { actor: 'bob', id: 'blank', projectId: P('bob'), az: 'cn-north-4b' }));
    const e = refused(restoreDataDisk(s, { actor: 'bob', diskId: 'blank', imageId: 'data' }), 'existing_disk_restore_not_allowed', 'E5');
    expect(e).toMatchObject({ imageId: 'data', diskId: 'blank' });
    s = ok(registerImage(s, { actor: 'bob', id: 'bob-data', projectId: P('bob'), name: 'd', kind: 'data' }));
    s = ok(restoreDataDisk(s, { actor: 'bob', diskId: 'blank', imageId: 'bob-data' }));
    s = ok(restoreDataDisk(s, { actor: 'bob', diskId: 'new', imageId: 'bob-data' }));
    expect(getDisk(s, 'blank')?.imageId).toBe('bob-data');
    refused(createDataDisk(s, { actor: 'bob', id: 'new', projectId: P('bob'), az: 'cn-north-4b' }), 'duplicate_id', 'W2');
    refused(createDataDisk(s, { actor: 'bob', id: 'z', projectId: P('bob'), az: 'mars-1a' }), 'not_found', 'E5');
    refused(createDataDisk(s, { actor: 'bob', id: 'z', projectId: P('bob', 'cn-south-1'), az: 'cn-south-1a', imageId: 'data' }), 'region_mismatch', 'E5');
    refused(restoreDataDisk(s, { actor: 'bob', diskId: 'blank', imageId: 'sys' }), 'not_found', 'E5');
  });

  it('E5 restoring an owned image still needs it usable in the disk project, and the disk region', () => {
    let s = world();
    s = ok(createDataDisk(s, { actor: 'alice', id: 'gz', projectId: P('alice', 'cn-south-1'), az: 'cn-south-1a' }));
    refused(restoreDataDisk(s, { actor: 'alice', diskId: 'gz', imageId: 'data' }), 'region_mismatch', 'E5');
    s = ok(registerImage(s, { actor: 'alice', id: 'gz-data', projectId: P('alice', 'cn-south-1'), name: 'd', kind: 'data' }));
    s = ok(restoreDataDisk(s, { actor: 'alice', diskId: 'gz', imageId: 'gz-data' }));
    s = ok(createDataDisk(s, { actor: 'alice', id: 'other', projectId: P('alice', 'cn-south-1'), az: 'cn-south-1a', imageId: 'gz-data' }));
    expect(getDisk(s, 'other')?.imageId).toBe('gz-data');
    let t = ok(registerImage(world(), { actor: 'bob', id: 'bd', projectId: P('bob'), name: 'd', kind: 'data' }));
    t = ok(createDataDisk(t, { actor: 'alice', id: 'ad', projectId: P('alice'), az: 'cn-north-4a' }));
    refused(restoreDataDisk(t, { actor: 'alice', diskId: 'ad', imageId: 'bd' }), 'not_found', 'E5');
    t = ok(share(t, { actor: 'bob', imageId: 'bd', targets: [{ account: 'alice' }] }));
    refused(createDataDisk(t, { actor: 'alice', id: 'ad2', projectId: P('alice'), az: 'cn-north-4a', imageId: 'bd' }), 'image_not_usable', 'E5');
  });

  it('E6 an image of the wrong kind gives wrong_image_kind', () => {
    let s = bobAccepted('sys', 'data', 'full');
    expect(refused(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'data' }), 'wrong_image_kind', 'E6'))
      .toMatchObject({ kind: 'data', expected: ['system', 'full-ecs'] });
    refused(createDataDisk(s, { actor: 'bob', id: 'd', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }), 'wrong_image_kind', 'E6');
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    refused(changeOs(s, { actor: 'bob', serverId: 'vm', imageId: 'full' }), 'wrong_image_kind', 'E6');
    refused(createImageFromServer(s, { actor: 'bob', serverId: 'vm', newImageId: 'x', name: 'x', kind: 'data' }), 'wrong_image_kind', 'E6');
    s = ok(createDataDisk(s, { actor: 'alice', id: 'ad', projectId: P('alice'), az: 'cn-north-4a' }));
    refused(restoreDataDisk(s, { actor: 'alice', diskId: 'ad', imageId: 'sys' }), 'wrong_image_kind', 'E6');
  });
});
