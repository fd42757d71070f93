import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import {
  type Result, type State, VIOLATION_CODES, apply, commands, fromSnapshot, inputSchemas, toSnapshot,
} from '../src/index.js';
import { admit } from '../src/input/door.js';
import { COMMAND_FIELDS, type CommandType, type FieldKind, doorSchemas } from '../src/input/schemas.js';
import { SERVER_FLAVORS } from '../src/vocabulary.js';
import { buildWorld, planArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { world } from './helpers.js';

const TYPES = Object.keys(COMMAND_FIELDS) as CommandType[];
const base = world();

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Things handed as a state that this library did not make (F3). */
const NOT_STATES: unknown[] = [
  undefined, null, 0, 'state', [], {}, { ...base }, JSON.parse(JSON.stringify(toSnapshot(base))), Object.create(base),
  new Proxy(base, {}), new Proxy(base, { get() { throw new Error('hostile'); } }), revoked(),
];

/** A valid command's input with one field replaced by any value, or a key added: the fuzz corpus of the typed doors. */
const mutatedInputs = fc.tuple(planArbitrary(), fc.anything({ withObjectString: true, withNullPrototype: true }), fc.nat(), fc.boolean())
  .map(([plan, value, pick, addKey]) => {
    const command = resolvePlan(base, plan);
    if (typeof command !== 'object' || command === null || Array.isArray(command)) return { type: plan.type as CommandType, input: command };
    const { type, ...input } = command as Record<string, unknown>;
    const keys = Object.keys(input);
    const key = addKey || keys.length === 0 ? `extra${pick % 3}` : (keys[pick % keys.length] as string);
    return { type: (typeof type === 'string' && Object.hasOwn(COMMAND_FIELDS, type) ? type : plan.type) as CommandType, input: { ...input, [key]: value } };
  });

const anyInputs = fc.tuple(fc.constantFrom(...TYPES), fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withSet: true }))
  .map(([type, input]) => ({ type, input }));

function checkResult(r: Result): void {
  expect(Object.isFrozen(r)).toBe(true);
  if (r.ok) {
    // F3: nothing outside its declared type is stored: the new state's own snapshot loads again.
    expect(fromSnapshot(toSnapshot(r.state)).ok).toBe(true);
    return;
  }
  expect(VIOLATION_CODES).toContain(r.error.code);
  if (r.error.code === 'invalid_input') expect(Array.isArray(r.error.issues)).toBe(true);
}

describe('F3 every door takes any value', () => {
  it('F3 every typed command, called directly with 20,000 arbitrary or mutated inputs, answers without throwing and stores nothing invalid', () => {
    let refusedInput = 0;
    let succeeded = 0;
    fc.assert(fc.property(fc.oneof(mutatedInputs, anyInputs), ({ type, input }) => {
      const run = commands[type] as (s: State, i: unknown) => Result;
      const r = run(base, input);
      checkResult(r);
      if (!r.ok && r.error.code === 'invalid_input') refusedInput++;
      if (r.ok) succeeded++;
    }), { numRuns: 20_000 });
    expect(refusedInput).toBeGreaterThan(5_000);
    expect(succeeded).toBeGreaterThan(100);
  });

  it('F3 the guard, the zod schema the doors describe refusals with, and the exported frozen schema agree on the fuzz corpus', () => {
    fc.assert(fc.property(fc.oneof(mutatedInputs, anyInputs), ({ type, input }) => {
      const guard = admit(type, input) !== undefined;
      expect(doorSchemas[type].safeParse(input).success).toBe(guard);
      expect(inputSchemas[type].safeParse(input).success).toBe(guard);
    }), { numRuns: 10_000 });
  });

  it('F3 the exported schemas answer a value whose length zod cannot compare, and still refuse an empty id with too_small', () => {
    // zod 4 runs a length check on any value with a `length`, and throws when it cannot compare it.
    const hostile = { length: Object.create(null) as object };
    const wellFormed: Record<FieldKind, unknown> = { id: 'x', name: 'x', kind: 'system', flavor: SERVER_FLAVORS[0], bool: true, targets: [{ account: 'x' }] };
    for (const type of TYPES) {
      const fields = Object.entries(COMMAND_FIELDS[type]);
      const valid = Object.fromEntries(fields.map(([key, [kind]]) => [key, wellFormed[kind]]));
      expect(inputSchemas[type].safeParse(valid).success).toBe(true);
      for (const [key] of fields) {
        for (const schema of [inputSchemas[type], doorSchemas[type]]) expect(schema.safeParse({ ...valid, [key]: hostile }).success).toBe(false);
      }
      if ('targets' in valid) expect(inputSchemas[type].safeParse({ ...valid, targets: [{ account: hostile }] }).success).toBe(false);
    }
    const snap = JSON.parse(JSON.stringify(toSnapshot(base))) as Record<string, unknown>;
    for (const key of Object.keys(snap)) expect(lib.snapshotSchema.safeParse({ ...snap, [key]: hostile }).success).toBe(false);
    const catalogue = snap.catalogue as Record<string, unknown>;
    for (const key of ['sites', 'regions']) expect(lib.snapshotSchema.safeParse({ ...snap, catalogue: { ...catalogue, [key]: hostile } }).success).toBe(false);
    const accounts = snap.accounts as Record<string, unknown>[];
    expect(lib.snapshotSchema.safeParse({ ...snap, accounts: [{ ...accounts[0], id: hostile }] }).success).toBe(false);
    expect(fromSnapshot({ ...snap, accounts: [{ ...accounts[0], id: hostile }] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const empty = inputSchemas.accept.safeParse({ actor: '', imageId: 'sys' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues.map((i) => i.code)).toEqual(['too_small']);
  });

  it('F3 apply answers a whole command { type, ...input } exactly as the typed command answers its input, on the fuzz corpus', () => {
    let compared = 0;
    fc.assert(fc.property(fc.oneof(mutatedInputs, anyInputs), ({ type, input }) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.hasOwn(input, 'type')) return;
      const typed = (commands[type] as (s: State, i: unknown) => Result)(base, input);
      const whole = apply(base, { ...input, type });
      compared++;
      expect(whole.ok).toBe(typed.ok);
      if (!whole.ok && !typed.ok) expect(whole.error).toEqual(typed.error);
      if (whole.ok && typed.ok) {
        expect(toSnapshot(whole.state)).toEqual(toSnapshot(typed.state));
        expect(whole.events).toEqual(typed.events);
      }
    }), { numRuns: 5_000 });
    expect(compared).toBeGreaterThan(2_000);
  });

  it('F3 apply reads a command\'s own enumerable fields only, as { type, ...input } would copy them', () => {
    const decide = { type: 'accept', actor: 'bob', imageId: 'sys' };
    // An inherited field is not the command's: here the actor is missing.
    const inherited = Object.assign(Object.create({ actor: 'bob' }) as object, { type: 'accept', imageId: 'sys' });
    expect(apply(base, inherited)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // An inherited or non-enumerable extra key is not read, nor refused as unknown.
    const extraInherited = Object.assign(Object.create({ extra: 1 }) as object, decide);
    const extraHidden = Object.defineProperty({ ...decide }, 'extra', { value: 1, enumerable: false });
    const expected = apply(base, decide);
    for (const c of [extraInherited, extraHidden]) {
      const r = apply(base, c);
      expect(r.ok).toBe(expected.ok);
      if (!r.ok && !expected.ok) expect(r.error).toEqual(expected.error);
    }
    // A hidden field is as absent as an inherited one.
    expect(apply(base, Object.defineProperty({ type: 'accept', imageId: 'sys' }, 'actor', { value: 'bob', enumerable: false })))
      .toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('F3 a typed command refuses a malformed input with invalid_input and the zod issues', () => {
    const r = lib.share(base, { actor: 'alice', imageId: 'sys', targets: null } as never);
    expect(r.ok).toBe(false);
    if (!r.ok && r.error.code === 'invalid_input') expect(r.error.issues[0]?.path).toEqual(['targets']);
    for (const bad of [
      { actor: 'alice', id: 'x', projectId: 'alice:cn-north-4', name: 'n', kind: 'bogus' },
      { actor: 'alice', id: 'x', projectId: 'alice:cn-north-4', name: 'n', kind: 'system', encrypted: 'yes' },
      { actor: 'alice', id: 'x', projectId: 'alice:cn-north-4', name: 7, kind: 'system' },
    ]) expect(lib.registerImage(base, bad as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(lib.createServer(base, { actor: 'alice', projectId: 'alice:cn-north-4', az: 'cn-north-4a', imageId: 'sys', flavor: 'bogus' } as never))
      .toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(lib.accept(base, { actor: 'bob' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('F3 a getter that answers differently on each read cannot slip a bad value past the door', () => {
    let reads = 0;
    const input = { actor: 'alice', projectId: 'alice:cn-north-4', name: 'n', get kind() { return reads++ === 0 ? 'system' : 'bogus'; } };
    const r = lib.registerImage(base, input as never);
    checkResult(r);
    if (r.ok) expect(toSnapshot(r.state).images.at(-1)?.kind).toBe('system');
  });

  it('F3 commands, queries and apply handed something that is not a state answer invalid_input or as for an unknown id', () => {
    for (const s of NOT_STATES) {
      for (const type of TYPES) {
        const r = (commands[type] as (s: unknown, i: unknown) => Result)(s, { actor: 'alice', imageId: 'sys' });
        expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      }
      expect(apply(s as State, { type: 'accept', actor: 'bob', imageId: 'sys' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expectUnknownAnswers(s, ['alice', 'sys', 'cn-north-4', 'alice:cn-north-4']);
    }
  });

  it('F3 every query, given any values for any argument, never throws and answers as for an unknown id', () => {
    const candidates: unknown[] = [base, ...NOT_STATES];
    const states = fc.nat({ max: candidates.length - 1 }); // an index: fast-check cannot hold a revoked proxy itself
    const value = fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true });
    fc.assert(fc.property(states, fc.array(value, { minLength: 4, maxLength: 4 }), (i, args) => {
      const s = candidates[i];
      const answers = queries(s, args);
      if (!lib.isState(s) || args.every((a) => typeof a !== 'string')) expectUnknown(answers);
    }), { numRuns: 5_000 });
  });

  it('F3 queries on a real state with unknown ids, and on random worlds with hostile ids, never throw', () => {
    const worlds = worldSetupArbitrary().map(buildWorld);
    fc.assert(fc.property(worlds, fc.array(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), { minLength: 4, maxLength: 4 }), (s, ids) => {
      queries(s, ids);
    }), { numRuns: 300 });
  });

  it('F3 exported constants and schemas are deeply frozen, and changing them is refused', () => {
    for (const [name, value] of Object.entries(lib)) {
      if (typeof value === 'function' && name !== 'commands') continue;
      expect(deepFrozen(value), name).toBe(true);
    }
    expect(() => { (lib.IMAGE_KINDS as unknown as string[]).push('vm'); }).toThrow(TypeError);
    expect(() => { (lib.DEFAULT_SHARE_LIMITS as Record<string, number>).system = 1; }).toThrow(TypeError);
    expect(() => { (lib.inputSchemas as Record<string, unknown>).share = null; }).toThrow(TypeError);
    expect(() => { (lib.commands as Record<string, unknown>).share = null; }).toThrow(TypeError);
    expect(lib.share(base, { actor: 'alice', imageId: 'sys', targets: [{ account: 'bob' }] }).ok).toBe(true);
  });
});

function deepFrozen(value: unknown, seen = new Set<unknown>()): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof value === 'function' && key === 'prototype') continue;
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d !== undefined && 'value' in d && !deepFrozen(d.value, seen)) return false;
  }
  return true;
}

function queries(s: unknown, a: readonly unknown[]): unknown[] {
  const q = lib as unknown as Record<string, (...args: unknown[]) => unknown>;
  const [x, y, z, w] = a;
  return [
    q.getImage?.(s, x), q.getAccount?.(s, x), q.getIamUser?.(s, x), q.getProject?.(s, x), q.getServer?.(s, x), q.getDisk?.(s, x),
    q.getMembership?.(s, x, y), q.defaultProject?.(s, x, y), q.canUseImage?.(s, x, y), q.visibleImages?.(s, x, y),
    q.imagesSharedWith?.(s, x, y, z), q.imagesSharedWith?.(s, x, y, { status: w }), q.membersOf?.(s, x, y), q.exposure?.(s, x),
  ];
}

function expectUnknown(answers: unknown[]): void {
  for (const answer of answers) {
    if (answer === undefined || answer === false) continue;
    if (Array.isArray(answer)) expect(answer).toEqual([]);
    else expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }
}

function expectUnknownAnswers(s: unknown, ids: readonly string[]): void {
  expectUnknown(queries(s, ids));
  expect(lib.listRegions(s as State)).toEqual([]);
  expect(lib.toSnapshot(s)).toBeUndefined();
}
