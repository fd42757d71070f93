import { describe, expect, it } from 'vitest';
import {
  accept, apply, createServer, exposure, fromSnapshot, imagesSharedWith, membersOf, share, toSnapshot, visibleImages,
} from '../src/index.js';
import { expectDeepFrozen } from './frozen.js';
import { P, ok, world } from './helpers.js';

describe('immutability', () => {
  it('W4 commands never mutate their input state or input objects', () => {
    const s = world();
    const before = JSON.stringify(toSnapshot(s));
    const input = { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] };
    const inputCopy = structuredClone(input);
    const next = ok(share(s, input));
    expect(JSON.stringify(toSnapshot(s))).toBe(before);
    expect(input).toEqual(inputCopy);
    expect(next).not.toBe(s);
    ok(apply(next, { type: 'accept', actor: 'bob', imageId: 'sys' }));
    expect(JSON.stringify(toSnapshot(s))).toBe(before);
  });

  it('W4 returned states, events, errors and query answers are deeply frozen', () => {
    let s = ok(share(world(), { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }));
    const r = accept(s, { actor: 'bob', imageId: 'sys' });
    expectDeepFrozen(r);
    s = ok(r);
    s = ok(createServer(s, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'sys' }));
    expectDeepFrozen(s);
    expectDeepFrozen(share(s, { actor: 'bob', imageId: 'sys', targets: [{ account: 'dave' }] }));
    expectDeepFrozen(apply(s, { type: 'nope' }));
    expectDeepFrozen(visibleImages(s, 'bob', 'cn-north-4'));
    expectDeepFrozen(imagesSharedWith(s, 'bob', 'cn-north-4', { status: 'all' }));
    expectDeepFrozen(membersOf(s, 'alice', 'sys'));
    expectDeepFrozen(exposure(s, 'sys'));
    const back = fromSnapshot(toSnapshot(s));
    expectDeepFrozen(back);
    expect(() => {
      (s as { version: number }).version = 99;
    }).toThrow(TypeError);
  });
});
