import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closeTransient, emptyMap, fromArrays, fromEntries, fromHashedArrays, get, hashString, hashesOf, isOwned, keys, makeTrie, openTransient, remove, set, size, values,
} from '../src/internal/pmap.js';
import { IdFilter } from '../src/internal/id-filter.js';
import { IdIndex } from '../src/internal/id-index.js';
import { HOSTILE_IDS } from '../src/testing/index.js';

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...HOSTILE_IDS), fc.nat({ max: 300 }).map(String));
const op = fc.record({ del: fc.boolean(), key, value: fc.integer() });

describe('the persistent hash trie behind every table', () => {
  it('W2 behaves as a Map under any sequence of sets and deletes, and never changes an older version', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      let m = emptyMap<number>();
      const ref = new Map<string, number>();
      const history: [typeof m, Map<string, number>][] = [];
      for (const o of ops) {
        m = o.del ? remove(m, o.key) : set(m, o.key, o.value);
        if (o.del) ref.delete(o.key);
        else ref.set(o.key, o.value);
        history.push([m, new Map(ref)]);
      }
      for (const [version, expected] of history) {
        expect(size(version)).toBe(expected.size);
        for (const [k, v] of expected) expect(get(version, k)).toBe(v);
        expect(keys(version).sort()).toEqual([...expected.keys()].sort());
      }
      expect(fromEntries([...ref]).size).toBe(ref.size);
      for (const [k, v] of ref) expect(get(fromEntries([...ref]), k)).toBe(v);
    }), { numRuns: 200 });
  });

  it('W2 full hash collisions are kept apart', () => {
    // Find two keys with the same 32-bit hash by brute force over a small space.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined && i < 3_000_000; i++) {
      const k = `k${i}`;
      const h = hashString(k);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, k];
      else seen.set(h, k);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair as [string, string];
    let m = set(set(emptyMap<number>(), a, 1), b, 2);
    expect([get(m, a), get(m, b)]).toEqual([1, 2]);
    m = set(m, b, 3);
    expect(get(m, b)).toBe(3);
    expect(set(m, b, 3)).toBe(m);
    const c = set(m, 'other', 4);
    expect(values(c).sort()).toEqual([1, 3, 4]);
    m = remove(m, a);
    expect([get(m, a), get(m, b), size(m)]).toEqual([undefined, 3, 1]);
    expect(remove(m, a)).toBe(m);
    expect(size(remove(m, b))).toBe(0);
    const built = fromEntries([[a, 1], [b, 2]]);
    expect([get(built, a), get(built, b)]).toEqual([1, 2]);
    expect(get(remove(c, 'other'), b)).toBe(3);
  });

  it('W2 hostile keys never touch Object.prototype', () => {
    let m = emptyMap<string>();
    for (const k of HOSTILE_IDS) m = set(m, k, `v:${k.slice(0, 5)}`);
    for (const k of HOSTILE_IDS) expect(get(m, k)).toBe(`v:${k.slice(0, 5)}`);
    expect(get(emptyMap<string>(), '__proto__')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('W2 an IdFilter never answers "certainly not" for an id it holds (fromSnapshot skips the images it rules out)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_IDS)), { maxLength: 300 }), fc.array(fc.string(), { maxLength: 100 }), (held, others) => {
      const filter = new IdFilter(held.length);
      for (const id of held) filter.add(id);
      for (const id of held) expect(filter.mayHold(hashString(id))).toBe(true);
      // Sized at 16 bits an id, it rules out most others (a loose bound, so the test cannot flake).
      const maybe = others.filter((id) => !held.includes(id) && filter.mayHold(hashString(id))).length;
      expect(maybe).toBeLessThanOrEqual(Math.max(10, others.length / 2));
    }), { numRuns: 200 });
    // A filter sized past its smallest: 5,000 ids held, 5,000 others mostly ruled out.
    const many = new IdFilter(5_000);
    for (let i = 0; i < 5_000; i++) many.add(`img-${i}`);
    for (let i = 0; i < 5_000; i++) expect(many.mayHold(hashString(`img-${i}`))).toBe(true);
    let maybe = 0;
    for (let i = 5_000; i < 10_000; i++) if (many.mayHold(hashString(`img-${i}`))) maybe++;
    expect(maybe).toBeLessThan(1_000);
  });

  it('W2 an IdIndex answers as a Map of each id\'s last place, from its table or near a given place, and names the places that repeat an id (fromSnapshot\'s accounts and projects)', () => {
    const ids = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c', ...HOSTILE_IDS.slice(0, 6)), fc.string()), { maxLength: 120 });
    fc.assert(fc.property(ids, fc.array(fc.string(), { maxLength: 20 }), (list, asked) => {
      const index = new IdIndex(list, hashesOf(list));
      const last = new Map<string, number>();
      const repeats: number[] = [];
      list.forEach((id, i) => {
        if (last.has(id)) repeats.push(i);
        last.set(id, i);
      });
      expect(index.repeats).toEqual(repeats);
      for (const id of [...list, ...asked]) {
        expect(index.get(id)).toBe(last.get(id));
        // getNear answers the same from any place it is told to look near, in the list or past it.
        for (const near of [0, list.length >> 1, list.length - 1, list.length + 20]) expect(index.getNear(id, near)).toBe(last.get(id));
      }
    }), { numRuns: 300 });
  });

  it('W2 a bulk load from the keys\' hashes (hashesOf, as fromSnapshot makes them) builds what repeated sets build', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_IDS)), fc.integer()), { maxLength: 80 }), (entries) => {
      let incremental = emptyMap<number>();
      for (const [k, v] of entries) incremental = set(incremental, k, v);
      const ks = entries.map(([k]) => k);
      expect(fromHashedArrays(ks, hashesOf(ks), entries.map(([, v]) => v))).toEqual(incremental);
      expect(fromArrays(ks, entries.map(([, v]) => v))).toEqual(incremental);
    }), { numRuns: 300 });
  });
});

describe('the trie with forced hashes (collision and collapse paths)', () => {
  const H = 0b10101; // one bucket at the root
  const forced = new Map<string, number>([
    ['a', H], ['b', H], ['c', H], ['zz', H], ['d', H | (1 << 5)], ['e', H | (2 << 5)],
    ['x', 0b00001], ['y', 0b00001 | (1 << 5)], ['z', 0b00001 | (1 << 5) | (1 << 10)],
  ]);
  const forcedHash = (k: string): number => forced.get(k) ?? hashString(k);
  const t = makeTrie(forcedHash);

  it('W2 three keys with one hash live in one collision node; keys of other hashes split around it', () => {
    let m = emptyMap<number>();
    m = t.set(m, 'a', 1);
    m = t.set(m, 'b', 2);
    m = t.set(m, 'c', 3); // a third key joins the collision node
    expect([t.get(m, 'a'), t.get(m, 'b'), t.get(m, 'c'), size(m)]).toEqual([1, 2, 3, 3]);
    expect(t.get(m, 'zz')).toBeUndefined(); // same hash, absent key
    expect(t.get(m, 'e')).toBeUndefined(); // same root bucket, other hash
    expect(t.set(m, 'b', 2)).toBe(m); // same value: unchanged
    const b3 = t.set(m, 'b', 3);
    expect([t.get(b3, 'b'), t.get(m, 'b')]).toEqual([3, 2]);
    const n = t.set(m, 'd', 4); // same bucket, other hash
    expect([t.get(n, 'd'), t.get(n, 'c'), size(n)]).toEqual([4, 3, 4]);
    expect(t.remove(n, 'e')).toBe(n); // other hash in the bucket: nothing to remove
    expect(t.remove(m, 'zz')).toBe(m); // same hash, absent key
    const two = t.remove(m, 'b'); // a collision of three keeps two
    expect([t.get(two, 'a'), t.get(two, 'b'), t.get(two, 'c'), size(two)]).toEqual([1, undefined, 3, 2]);
    const one = t.remove(t.remove(n, 'a'), 'c'); // a collision of one moves up into its parent
    expect([t.get(one, 'b'), t.get(one, 'd'), size(one)]).toEqual([2, 4, 2]);
    expect(keys(one).sort()).toEqual(['b', 'd']);
    const built = t.fromEntries([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['x', 5]]);
    expect(['a', 'b', 'c', 'd', 'x'].map((k) => t.get(built, k))).toEqual([1, 2, 3, 4, 5]);
    expect(values(t.remove(t.remove(t.remove(built, 'a'), 'b'), 'x')).sort()).toEqual([3, 4]);
    expect(get(fromEntries([['only', 1]]), 'only')).toBe(1);
  });

  it('W2 the bulk load builds the very trie repeated sets build, collisions and repeated keys included (the last one wins), from keys or from their hashes', () => {
    const weak = makeTrie((k) => (forced.get(k) ?? hashString(k)) & 0b1100000000000000000000000111111);
    const pool = [...forced.keys(), ...HOSTILE_IDS.slice(0, 6), 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...pool), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }), (entries) => {
      for (const trie of [t, weak]) {
        let incremental = emptyMap<number>();
        for (const [k, v] of entries) incremental = trie.set(incremental, k, v);
        const bulk = trie.fromArrays(entries.map(([k]) => k), entries.map(([, v]) => v));
        expect(bulk).toEqual(incremental);
        expect(trie.fromEntries(entries)).toEqual(incremental);
        const ks = entries.map(([k]) => k);
        if (trie === t) expect(t.fromHashedArrays(ks, Int32Array.from(ks, forcedHash), entries.map(([, v]) => v))).toEqual(incremental);
      }
    }), { numRuns: 300 });
  });

  it('W2 removing a key moves a lone sibling up into its parent, and unchanged sets share the map', () => {
    let m = emptyMap<number>();
    m = t.set(m, 'x', 1);
    m = t.set(m, 'y', 2); // same root bucket: a node below the root
    m = t.set(m, 'z', 3); // deeper still
    const less = t.remove(m, 'z');
    expect([t.get(less, 'x'), t.get(less, 'y'), size(less)]).toEqual([1, 2, 2]);
    expect(t.set(m, 'z', 3)).toBe(m);
    expect(t.remove(t.remove(t.remove(m, 'x'), 'y'), 'z')).toBe(emptyMap());
    let big = emptyMap<number>();
    for (let i = 0; i < 5000; i++) big = set(big, `k${i}`, i);
    expect(set(big, 'k42', 42)).toBe(big);
    for (let i = 0; i < 5000; i += 2) big = remove(big, `k${i}`);
    expect([size(big), get(big, 'k41'), get(big, 'k42')]).toEqual([2500, 41, undefined]);
    for (let i = 1; i < 5000; i += 2) big = remove(big, `k${i}`);
    expect(size(big)).toBe(0);
  });
});

describe('the transient (the batch path)', () => {
  const weak = makeTrie((k) => hashString(k) & 0x3); // four hashes: collision nodes and deep paths everywhere

  it('W2 a transient behaves as a Map, changes nothing made before it, and freezes what it made when it closes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), fc.array(op, { maxLength: 200 }), fc.boolean(), (before, during, useWeak) => {
      const t = useWeak ? weak : { set, remove, get };
      let m = emptyMap<number>();
      const ref = new Map<string, number>();
      for (const o of before) {
        m = o.del ? t.remove(m, o.key) : t.set(m, o.key, o.value);
        if (o.del) ref.delete(o.key);
        else ref.set(o.key, o.value);
      }
      const old = m;
      const oldRef = new Map(ref);
      expect(openTransient()).toBe(true);
      expect(openTransient()).toBe(false); // nested: the outer one closes
      for (const o of during) {
        m = o.del ? t.remove(m, o.key) : t.set(m, o.key, o.value);
        if (o.del) ref.delete(o.key);
        else ref.set(o.key, o.value);
        expect(size(m)).toBe(ref.size);
      }
      closeTransient();
      expect(Object.isFrozen(m) && Object.isFrozen(m.root)).toBe(true);
      for (const [k, v] of ref) expect(t.get(m, k)).toBe(v);
      expect(keys(m).sort()).toEqual([...ref.keys()].sort());
      expect(size(old)).toBe(oldRef.size);
      for (const [k, v] of oldRef) expect(t.get(old, k)).toBe(v);
      expect(isOwned(m)).toBe(false);
    }), { numRuns: 300 });
  });
});
