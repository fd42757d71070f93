import { expect } from 'vitest';
import {
  type DomainEvent, type Result, type RuleViolation, type State, type ViolationCode, type WorldConfigInput,
  addAccount, addIamUser, apply, createWorld, fromSnapshot, registerImage, toSnapshot,
} from '../src/index.js';
import { type CommandPlan, resolvePlan } from '../src/testing/index.js';

/**
 * Applies the plans in turn, each resolved against the state it meets; calls `step` with the
 * states before and after every command that succeeds, and its events; returns the last state.
 */
export function runPlans(start: State, plans: readonly CommandPlan[], step?: (before: State, after: State, events: readonly DomainEvent[]) => void): State {
  let state = start;
  for (const plan of plans) {
    const r = apply(state, resolvePlan(state, plan));
    if (!r.ok) continue;
    step?.(state, r.state, r.events);
    state = r.state;
  }
  return state;
}

/** The default project id of an account in a region. */
export const P = (account: string, region = 'cn-north-4'): string => `${account}:${region}`;

/** The state of a successful result; fails the test with the violation otherwise. */
export function ok(r: Result): State {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code} (${r.error.rule}): ${r.error.message}`);
  return r.state;
}

/** The violation of a refused result, checked for its code (and rule). */
export function refused(r: Result, code: ViolationCode, rule?: string): RuleViolation {
  if (r.ok) throw new Error(`expected ${code}, got success`);
  expect(r.error.code).toBe(code);
  if (rule !== undefined) expect(r.error.rule).toBe(rule);
  return r.error;
}

/**
 * A small world on the default catalogue: alice, bob and dave at the China site (alice with an
 * IAM user alice-ops), carol at the international site; alice owns a system, a data, a
 * full-ECS and an encrypted image in cn-north-4 and a system image in ap-southeast-1 (offered
 * at both sites).
 */
export function world(config: WorldConfigInput = {}): State {
  let s = createWorld(undefined, config);
  s = ok(addAccount(s, { id: 'alice', name: 'Alice', site: 'china' }));
  s = ok(addAccount(s, { id: 'bob', name: 'Bob', site: 'china' }));
  s = ok(addAccount(s, { id: 'dave', name: 'Dave', site: 'china' }));
  s = ok(addAccount(s, { id: 'carol', name: 'Carol', site: 'international' }));
  s = ok(addIamUser(s, { id: 'alice-ops', accountId: 'alice' }));
  s = ok(registerImage(s, { actor: 'alice', id: 'sys', projectId: P('alice'), name: 'web', kind: 'system' }));
  s = ok(registerImage(s, { actor: 'alice', id: 'data', projectId: P('alice'), name: 'db', kind: 'data' }));
  s = ok(registerImage(s, { actor: 'alice', id: 'full', projectId: P('alice'), name: 'whole', kind: 'full-ecs' }));
  s = ok(registerImage(s, { actor: 'alice', id: 'enc', projectId: P('alice'), name: 'secret', kind: 'system', encrypted: true }));
  s = ok(registerImage(s, { actor: 'alice', id: 'hk', projectId: P('alice', 'ap-southeast-1'), name: 'hk', kind: 'system' }));
  return s;
}

/** Adds `n` China-site accounts t0..t(n-1). */
export function withTenants(state: State, n: number, prefix = 't'): State {
  let s = state;
  for (let i = 0; i < n; i++) s = ok(addAccount(s, { id: `${prefix}${i}`, name: `${prefix.toUpperCase()}${i}`, site: 'china' }));
  return s;
}

/** Small limits, so that quotas and share limits are reached in short random runs. */
export const SMALL = { privateImageQuota: 4, shareLimits: { system: 2, data: 2, 'full-ecs': 1 } } as const;

/** The state a snapshot of `s` loads into, through JSON text (F1); a refusal fails the test. */
export function reload(s: State): State {
  const r = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
  if (!r.ok) throw new Error(`a reachable state was refused: ${JSON.stringify(r.error)}`);
  return r.state;
}
