import { describe, expect, it } from 'vitest';
import {
  accept, addIamUser, addProject, canUseImage, createServer, getMembership, imagesSharedWith, membersOf, reject,
  replicate, share, visibleImages,
} from '../src/index.js';
import { P, ok, refused, world } from './helpers.js';

const shared = () => ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));

describe('§3 memberships', () => {
  it('M1 a membership starts pending; the member account or its IAM users accept or reject it', () => {
    let s = ok(addIamUser(shared(), { id: 'bob-ops', accountId: 'bob' }));
    expect(getMembership(s, 'sys', P('bob'))).toMatchObject({ status: 'pending', since: s.version - 1 });
    s = ok(accept(s, { actor: 'bob-ops', imageId: 'sys' }));
    expect(getMembership(s, 'sys', P('bob'))).toMatchObject({ status: 'accepted', since: s.version });
  });

  it('M1 anyone else, the owner included, gets not_found (entity membership)', () => {
    const s = shared();
    expect(refused(accept(s, { actor: 'alice', imageId: 'sys' }), 'not_found', 'M1')).toMatchObject({ entity: 'membership' });
    refused(accept(s, { actor: 'alice', imageId: 'sys', projectId: P('bob') }), 'not_found', 'M1');
    refused(reject(s, { actor: 'dave', imageId: 'sys' }), 'not_found', 'M1');
    refused(accept(s, { actor: 'bob', imageId: 'nope' }), 'not_found', 'M1');
    refused(accept(s, { actor: 'bob', imageId: 'sys', projectId: P('bob', 'cn-south-1') }), 'not_found', 'M1');
    refused(accept(s, { actor: 'ghost', imageId: 'sys' }), 'not_found', 'W2');
  });

  it('M2 pending -> accepted -> rejected -> accepted, pending -> rejected; the same status gives status_unchanged', () => {
    let s = shared();
    s = ok(reject(s, { actor: 'bob', imageId: 'sys' }));
    expect(getMembership(s, 'sys', P('bob'))?.status).toBe('rejected');
    expect(refused(reject(s, { actor: 'bob', imageId: 'sys' }), 'status_unchanged', 'M2')).toMatchObject({ status: 'rejected' });
    const r = accept(s, { actor: 'bob', imageId: 'sys' });
    s = ok(r);
    expect(r.ok && r.events[0]).toMatchObject({ type: 'membership_accepted', previousStatus: 'rejected' });
    refused(accept(s, { actor: 'bob', imageId: 'sys' }), 'status_unchanged', 'M2');
    s = ok(reject(s, { actor: 'bob', imageId: 'sys' }));
    expect(getMembership(s, 'sys', P('bob'))).toMatchObject({ status: 'rejected', since: s.version });
  });

  it('M3 an account holding several memberships must name the project, else ambiguous_membership', () => {
    let s = world();
    s = ok(addProject(s, { actor: 'bob', id: 'bob-dev', regionId: 'cn-north-4', name: 'dev' }));
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'bob', project: 'bob-dev' }] }));
    const e = refused(accept(s, { actor: 'bob', imageId: 'sys' }), 'ambiguous_membership', 'M3');
    expect(e.code === 'ambiguous_membership' && [...e.projectIds].sort()).toEqual([P('bob'), 'bob-dev'].sort());
    s = ok(accept(s, { actor: 'bob', imageId: 'sys', projectId: 'bob-dev' }));
    expect(getMembership(s, 'sys', 'bob-dev')?.status).toBe('accepted');
    expect(getMembership(s, 'sys', P('bob'))?.status).toBe('pending');
  });

  it('M4 Images Shared with Me lists accepted images; pending ones are the red dot; rejected ones only on request', () => {
    let s = world();
    s = ok(share(s, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    s = ok(share(s, { actor: 'alice', imageId: 'data', targets: [{ account: 'bob' }] }));
    s = ok(share(s, { actor: 'alice', imageId: 'full', targets: [{ account: 'bob' }] }));
    const ids = (status?: 'pending' | 'accepted' | 'rejected' | 'all') =>
      imagesSharedWith(s, 'bob', 'cn-north-4', status === undefined ? {} : { status }).map((i) => i.id).sort();
    expect(ids()).toEqual([]);
    expect(ids('pending')).toEqual(['data', 'full', 'sys']);
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    s = ok(reject(s, { actor: 'bob', imageId: 'data' }));
    expect(ids()).toEqual(['sys']);
    expect(ids('accepted')).toEqual(['sys']);
    expect(ids('pending')).toEqual(['full']);
    expect(ids('rejected')).toEqual(['data']);
    expect(ids('all')).toEqual(['data', 'full', 'sys']);
    // Switch to the region where the image is: other regions show nothing.
    expect(imagesSharedWith(s, 'bob', 'cn-south-1', { status: 'all' })).toEqual([]);
    expect(imagesSharedWith(s, 'dave', 'cn-north-4', { status: 'all' })).toEqual([]);
    expect(imagesSharedWith(s, 'ghost', 'cn-north-4')).toEqual([]);
    // A status from untyped code that is none of the four lists nothing rather than throwing.
    expect(imagesSharedWith(s, 'bob', 'cn-north-4', { status: 'bogus' as never })).toEqual([]);
  });

  it('M5 an image is usable in a project that owns it or accepted it; pending and rejected ones are not', () => {
    let s = shared();
    expect(canUseImage(s, 'alice', 'sys')).toBe(true);
    expect(canUseImage(s, 'alice-ops', 'sys')).toBe(true);
    expect(canUseImage(s, 'bob', 'sys')).toBe(false);
    refused(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }), 'image_not_usable', 'E1');
    s = ok(accept(s, { actor: 'bob', imageId: 'sys' }));
    expect(canUseImage(s, 'bob', 'sys')).toBe(true);
    expect(visibleImages(s, 'bob', 'cn-north-4').map((i) => i.id)).toEqual(['sys']);
    s = ok(reject(s, { actor: 'bob', imageId: 'sys' }));
    expect(canUseImage(s, 'bob', 'sys')).toBe(false);
    refused(replicate(s, { actor: 'bob', imageId: 'sys', projectId: P('bob'), newImageId: 'c' }), 'membership_not_accepted', 'R1');
    expect(canUseImage(s, 'dave', 'sys')).toBe(false);
    expect(canUseImage(s, 'ghost', 'sys')).toBe(false);
    expect(canUseImage(s, 'alice', 'nope')).toBe(false);
  });

  it('M6 a member sees its own membership only; the owner sees all; a stranger gets not_found', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }, { account: 'dave' }] }));
    const sharedAt = s.version;
    s = ok(accept(s, { actor: 'dave', imageId: 'sys' }));
    const owner = membersOf(s, 'alice-ops', 'sys');
    expect(owner.ok && owner.value.map((m) => m.projectId).sort()).toEqual([P('bob'), P('dave')]);
    const member = membersOf(s, 'bob', 'sys');
    expect(member.ok && member.value).toEqual([{ imageId: 'sys', projectId: P('bob'), status: 'pending', since: sharedAt }]);
    const stranger = membersOf(s, 'carol', 'sys');
    expect(!stranger.ok && stranger.error).toMatchObject({ code: 'not_found', entity: 'image', rule: 'M6' });
    const missing = membersOf(s, 'carol', 'nope');
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });
});
