import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE, addAccount, addIamUser, addProject, apply, checkInvariants, createWorld, defaultProject, deleteImage, getAccount,
  getIamUser, getProject, listRegions, registerImage, share,
} from '../src/index.js';
import { P, ok, refused, reload, world } from './helpers.js';

describe('§1 the world', () => {
  it('W1 addAccount makes a default project in every region its site offers, and only there', () => {
    const s = world();
    const china = listRegions(s).filter((r) => r.sites.includes('china'));
    for (const r of listRegions(s)) {
      const p = defaultProject(s, 'alice', r.id);
      expect(p !== undefined).toBe(china.includes(r));
      if (p !== undefined) expect(p).toMatchObject({ accountId: 'alice', regionId: r.id, isDefault: true });
    }
    expect(defaultProject(s, 'carol', 'cn-north-4')).toBeUndefined();
    expect(defaultProject(s, 'carol', 'ap-southeast-1')?.id).toBe(P('carol', 'ap-southeast-1'));
  });

  it('W1 addProject refuses a region its site does not offer with region_not_available_at_site', () => {
    const s = world();
    refused(addProject(s, { actor: 'carol', id: 'c2', regionId: 'cn-north-4', name: 'x' }), 'region_not_available_at_site', 'W1');
    refused(addProject(s, { actor: 'carol', id: 'c2', regionId: 'nowhere-1', name: 'x' }), 'not_found', 'W1');
    const next = ok(addProject(s, { actor: 'alice-ops', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
    expect(getProject(next, 'alice-dev')).toMatchObject({ accountId: 'alice', regionId: 'cn-north-4', isDefault: false });
    refused(addProject(next, { actor: 'alice', id: 'alice-dev2', regionId: 'cn-north-4', name: 'dev' }), 'duplicate_name', 'W2');
    // The default project's name is taken too (W2), in its region only; names are per account.
    const defaultName = defaultProject(next, 'alice', 'cn-north-4')?.name as string;
    refused(addProject(next, { actor: 'alice', id: 'alice-x', regionId: 'cn-north-4', name: defaultName }), 'duplicate_name', 'W2');
    ok(addProject(next, { actor: 'alice', id: 'alice-x', regionId: 'cn-south-1', name: defaultName }));
    ok(addProject(next, { actor: 'bob', id: 'bob-dev', regionId: 'cn-north-4', name: 'dev' }));
    ok(addProject(next, { actor: 'alice', id: 'alice-dev2', regionId: 'cn-south-1', name: 'dev' }));
  });

  it('W1 addAccount refuses an unknown site', () => {
    refused(addAccount(createWorld(), { id: 'x', name: 'X', site: 'mars' }), 'not_found', 'W1');
  });

  it('W2 ids are unique per entity and account names are unique; accounts and IAM users share one namespace', () => {
    const s = world();
    expect(refused(addAccount(s, { id: 'alice', name: 'Other', site: 'china' }), 'duplicate_id', 'W2')).toMatchObject({ entity: 'account' });
    expect(refused(addAccount(s, { id: 'zed', name: 'Alice', site: 'china' }), 'duplicate_name', 'W2')).toMatchObject({ name: 'Alice' });
    refused(addAccount(s, { id: 'alice-ops', name: 'Ops', site: 'china' }), 'duplicate_id', 'W2');
    refused(addIamUser(s, { id: 'bob', accountId: 'alice' }), 'duplicate_id', 'W2');
    refused(addIamUser(s, { id: 'u', accountId: 'nobody' }), 'not_found', 'W2');
    refused(registerImage(s, { actor: 'alice', id: 'sys', projectId: P('alice'), name: 'again', kind: 'system' }), 'duplicate_id', 'W2');
    refused(addProject(s, { actor: 'alice', id: P('bob'), regionId: 'cn-north-4', name: 'y' }), 'duplicate_id', 'W2');
    refused(registerImage(s, { actor: 'ghost', id: 'g', projectId: P('alice'), name: 'g', kind: 'system' }), 'not_found', 'W2');
    expect(getIamUser(s, 'alice-ops')).toEqual({ id: 'alice-ops', accountId: 'alice' });
    expect(getIamUser(s, 'alice')).toBeUndefined();
  });

  it('F4 W2 default project ids are reserved: addProject cannot take one, so it cannot block a later addAccount', () => {
    let s = world();
    expect(refused(addProject(s, { actor: 'alice', id: 'zed:cn-north-4', regionId: 'cn-north-4', name: 'trap' }), 'duplicate_id', 'F4')).toMatchObject({ entity: 'project' });
    s = ok(addAccount(s, { id: 'zed', name: 'Zed', site: 'china' }));
    expect(getProject(s, 'zed:cn-north-4')).toMatchObject({ accountId: 'zed', isDefault: true });
  });

  it('W3 an account owns at most privateImageQuota images per region; shared images never count', () => {
    let s = world({ privateImageQuota: 6 });
    s = ok(registerImage(s, { actor: 'alice', id: 'i5', projectId: P('alice'), name: 'n', kind: 'system' }));
    s = ok(registerImage(s, { actor: 'alice', id: 'i6', projectId: P('alice'), name: 'n', kind: 'system' }));
    const e = refused(registerImage(s, { actor: 'alice', id: 'i7', projectId: P('alice'), name: 'n', kind: 'system' }), 'private_image_quota_exceeded', 'W3');
    expect(e).toMatchObject({ accountId: 'alice', regionId: 'cn-north-4', quota: 6, imsCode: 'IMG.0015' });
    // Another region has its own quota.
    ok(registerImage(s, { actor: 'alice', id: 'i7', projectId: P('alice', 'cn-south-1'), name: 'n', kind: 'system' }));
    // Bob at quota still receives shared images (FAQ: "Do shared images affect my private image quota? No.").
    let b = createWorld(undefined, { privateImageQuota: 1 });
    b = ok(addAccount(b, { id: 'alice', name: 'Alice', site: 'china' }));
    b = ok(addAccount(b, { id: 'bob', name: 'Bob', site: 'china' }));
    b = ok(registerImage(b, { actor: 'alice', id: 'a1', projectId: P('alice'), name: 'n', kind: 'system' }));
    b = ok(registerImage(b, { actor: 'bob', id: 'b1', projectId: P('bob'), name: 'n', kind: 'system' }));
    b = ok(share(b, { actor: 'alice', imageId: 'a1', targets: [{ account: 'bob' }] }));
    b = ok(apply(b, { type: 'accept', actor: 'bob', imageId: 'a1' }));
    expect(checkInvariants(b)).toEqual([]);
  });

  it('W3 the quota counts the images of all the account\'s projects in the region, default or not, as they are made and deleted', () => {
    let s = world({ privateImageQuota: 6 }); // alice owns 4 images in cn-north-4
    s = ok(addProject(s, { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
    s = ok(addProject(s, { actor: 'alice', id: 'alice-ops', regionId: 'cn-north-4', name: 'ops' }));
    s = ok(registerImage(s, { actor: 'alice', id: 'd1', projectId: 'alice-dev', name: 'n', kind: 'system' }));
    s = ok(registerImage(s, { actor: 'alice', id: 'o1', projectId: 'alice-ops', name: 'n', kind: 'data' }));
    const full = s;
    for (const projectId of [P('alice'), 'alice-dev', 'alice-ops']) {
      refused(registerImage(full, { actor: 'alice', id: 'x', projectId, name: 'n', kind: 'system' }), 'private_image_quota_exceeded', 'W3');
      refused(registerImage(reload(full), { actor: 'alice', id: 'x', projectId, name: 'n', kind: 'system' }), 'private_image_quota_exceeded', 'W3');
    }
    // A deletion in another project frees a place in any of them, and so does one in the default project.
    s = ok(deleteImage(full, { actor: 'alice', imageId: 'd1' }));
    s = ok(registerImage(s, { actor: 'alice', id: 'x1', projectId: P('alice'), name: 'n', kind: 'system' }));
    refused(registerImage(s, { actor: 'alice', id: 'x2', projectId: 'alice-ops', name: 'n', kind: 'system' }), 'private_image_quota_exceeded', 'W3');
    s = ok(deleteImage(s, { actor: 'alice', imageId: 'x1' }));
    s = ok(registerImage(reload(s), { actor: 'alice', id: 'x2', projectId: 'alice-ops', name: 'n', kind: 'system' }));
    expect(checkInvariants(s)).toEqual([]);
  });

  it('W4 version is a logical clock: +1 per successful command, unchanged by refusals, stamped on events', () => {
    const s = world();
    const r = share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] });
    const next = ok(r);
    expect(next.version).toBe(s.version + 1);
    if (r.ok) for (const e of r.events) expect(e.version).toBe(next.version);
    const refusedResult = share(next, { actor: 'bob', imageId: 'sys', targets: [{ account: 'dave' }] });
    expect(refusedResult.ok).toBe(false);
    expect(createWorld().version).toBe(0);
  });

  it('W5 the default catalogue holds the FAQ regions and regions at one or both sites', () => {
    const s = createWorld();
    const byId = new Map(listRegions(s).map((r) => [r.id, r]));
    expect(byId.get('cn-north-4')).toMatchObject({ name: 'CN North-Beijing4', sites: ['china'] });
    expect(byId.get('cn-south-1')).toMatchObject({ name: 'CN South-Guangzhou', sites: ['china'] });
    expect(listRegions(s).some((r) => r.sites.includes('china') && r.sites.includes('international'))).toBe(true);
    expect(listRegions(s).some((r) => r.sites.length === 1 && r.sites[0] === 'international')).toBe(true);
    expect(s.catalogue).toEqual(DEFAULT_CATALOGUE);
    for (const r of listRegions(s)) expect(r.azs.length).toBeGreaterThan(0);
  });

  it('W5 a user catalogue and config replace the defaults; a malformed one is programmer misuse', () => {
    const s = createWorld({ sites: [{ id: 'x' }], regions: [{ id: 'r1', name: 'R1', sites: ['x'], azs: ['r1a'] }] }, { shareLimits: { system: 256 } });
    expect(listRegions(s).map((r) => r.id)).toEqual(['r1']);
    expect(s.config.shareLimits).toEqual({ system: 256, data: 128, 'full-ecs': 10 });
    expect(s.config.privateImageQuota).toBe(50);
    expect(getAccount(s, 'nobody')).toBeUndefined();
    expect(() => createWorld({ sites: [{ id: 'x' }], regions: [{ id: 'r1', name: 'R1', sites: ['y'], azs: ['a'] }] })).toThrow(TypeError);
    expect(() => createWorld(undefined, { privateImageQuota: -1 })).toThrow(TypeError);
    expect(() => createWorld({ sites: [{ id: 'x' }], regions: [{ id: 'r1', name: 'R1', sites: ['x'], azs: ['a', 'a'] }] })).toThrow(TypeError);
    expect(() => createWorld({ sites: [{ id: 'x' }, { id: 'x' }], regions: [] })).toThrow(TypeError);
    expect(() => createWorld({ sites: [{ id: 'x' }], regions: [{ id: 'r', name: 'R', sites: ['x'], azs: ['a'] }, { id: 'r', name: 'R', sites: ['x'], azs: ['a'] }] })).toThrow(TypeError);
    expect(defaultProject(s, 'nobody', 'r1')).toBeUndefined();
  });
});
