import { describe, expect, it } from 'vitest';
import {
  type Snapshot, type State, checkInvariants, createDataDisk, createServer, deleteImage, diff, fromSnapshot, replicate, share, toSnapshot,
} from '../src/index.js';
import { get, set } from '../src/internal/pmap.js';
import { changeLog, newState } from '../src/state/explain.js';
import type { ImageRecord } from '../src/state/store.js';
import { P, ok, withTenants, world } from './helpers.js';

/** A world with a server, a disk, a copy and a membership: every list of a snapshot holds something. */
function full(): State {
  let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
  s = ok(createServer(s, { actor: 'alice', id: 'vm', projectId: P('alice'), az: 'cn-north-4a', imageId: 'sys' }));
  s = ok(createDataDisk(s, { actor: 'alice', id: 'disk', projectId: P('alice'), az: 'cn-north-4a', imageId: 'data' }));
  s = ok(replicate(s, { actor: 'alice', imageId: 'sys', projectId: P('alice'), newImageId: 'copy' }));
  return ok(deleteImage(s, { actor: 'alice', imageId: 'copy' }));
}

/** The issues fromSnapshot gives for a snapshot changed by `change`. */
function issues(change: (s: Snapshot) => void): string[] {
  const snap = JSON.parse(JSON.stringify(toSnapshot(full()))) as Snapshot;
  change(snap);
  const r = fromSnapshot(snap);
  if (r.ok) return [];
  return r.error.code === 'invalid_input' ? r.error.issues.map((i) => `${i.code}: ${i.message}`) : [r.error.code];
}

describe('F1 F2 the snapshot loader: every reference and every id checked on the way in', () => {
  it('W2 repeated ids in any list are refused, each named with its place', () => {
    expect(issues((s) => s.servers.push({ ...s.servers[0] as Snapshot['servers'][number] }))).toContain("duplicate_id: duplicate servers id 'vm' (W2)");
    expect(issues((s) => s.disks.push({ ...s.disks[0] as Snapshot['disks'][number] }))).toContain("duplicate_id: duplicate disks id 'disk' (W2)");
    expect(issues((s) => s.memberships.push({ ...s.memberships[0] as Snapshot['memberships'][number] }))).toContain(`duplicate_id: duplicate memberships id 'sys/${P('bob')}' (W2)`);
    expect(issues((s) => s.deletedImages.push({ ...s.deletedImages[0] as Snapshot['deletedImages'][number] }))).toContain("duplicate_id: duplicate deletedImages id 'copy' (W2)");
    expect(issues((s) => s.accounts.push({ ...s.accounts[0] as Snapshot['accounts'][number] }))).toContain("duplicate_id: duplicate accounts id 'alice' (W2)");
    expect(issues((s) => s.iamUsers.push({ ...s.iamUsers[0] as Snapshot['iamUsers'][number] }))).toContain("duplicate_id: duplicate iamUsers id 'alice-ops' (W2)");
  });

  it('W2 X1 references to images that never existed, to unknown servers and projects, and live images also deleted', () => {
    expect(issues((s) => { (s.servers[0] as { imageId: string }).imageId = 'never'; })).toContain("unknown_reference: 'vm' names image 'never' that never existed");
    expect(issues((s) => { (s.disks[0] as { imageId?: string }).imageId = 'never'; })).toContain("unknown_reference: 'disk' names image 'never' that never existed");
    expect(issues((s) => { (s.disks[0] as { projectId: string }).projectId = 'ghost'; })).toContain("unknown_reference: 'disk' names unknown project 'ghost'");
    expect(issues((s) => { (s.images[0] as { sourceServerId?: string }).sourceServerId = 'no-vm'; })).toContain(
      "unknown_reference: image 'sys' names unknown server 'no-vm', or no image it derives from");
    expect(issues((s) => { (s.memberships[0] as { imageId: string }).imageId = 'copy'; })).toContain(
      `unknown_reference: membership copy/${P('bob')} names an unknown image or project`);
    expect(issues((s) => { (s.memberships[0] as { projectId: string }).projectId = 'ghost'; })).toContain(
      'unknown_reference: membership sys/ghost names an unknown image or project');
    expect(issues((s) => s.images.push({ ...s.deletedImages[0] as Snapshot['images'][number] }))).toContain("unknown_reference: image 'copy' is both live and deleted");
    expect(issues((s) => { (s.deletedImages[0] as { ownerProjectId: string }).ownerProjectId = 'ghost'; })).toContain("unknown_reference: image 'copy' names unknown project 'ghost'");
  });

  it('W4 repeated creation times are found, whatever the clock reads: one byte per version, or a set for a clock far ahead', () => {
    const twins = (s: Snapshot) => { (s.images[1] as { createdAt: number }).createdAt = (s.images[0] as { createdAt: number }).createdAt; };
    expect(issues(twins).some((m) => m.includes('W4: images sys and data were both made at version'))).toBe(true);
    const farAhead = (s: Snapshot) => {
      twins(s);
      (s as { version: number }).version = 2 ** 40;
    };
    expect(issues(farAhead).some((m) => m.includes('were both made at version'))).toBe(true);
    expect(issues((s) => { (s as { version: number }).version = 2 ** 40; })).toEqual([]);
  });

  it('W4 checkInvariants names the images of a repeated version on any state too', () => {
    const s = full();
    const rec = get(s.tables.images, 'data') as ImageRecord;
    const at = (get(s.tables.images, 'sys') as ImageRecord).image.createdAt;
    const forged = { ...s, tables: { ...s.tables, images: set(s.tables.images, 'data', { ...rec, image: { ...rec.image, createdAt: at } }) } } as State;
    expect(checkInvariants(forged).map((v) => v.message)).toContain(`images sys and data were both made at version ${at}`);
  });

  it('F1 a long change log (an image of many members deleted) gives what the walk of the tables gives', () => {
    let s = withTenants(world(), 30);
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: Array.from({ length: 30 }, (_, i) => ({ account: `t${i}` })) }));
    const next = ok(deleteImage(s, { actor: 'alice', imageId: 'sys' }));
    expect((changeLog(s, next) ?? []).length).toBeGreaterThan(64);
    const twin = newState(next.version, next.config, next.catalogue, next.tables);
    const changes = diff(s, next);
    expect(changes).toEqual(diff(s, twin));
    expect(changes.filter((c) => c.entity === 'membership')).toHaveLength(30);
  });
});
