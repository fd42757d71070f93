/**
 * The picker that turns a plan's numbers into choices, and the hostile ids it mixes in.
 *
 * Internal: not part of the public API.
 * @module
 */
import type { Image, Membership, Project } from '../entities.js';
import type { CommandPlan } from './plans.js';
import type { IdPools } from './pools.js';

/**
 * Ids that must behave as ordinary ids (they never touch `Object.prototype`).
 *
 * @example
 * ```ts
 * for (const id of HOSTILE_IDS) {
 *   const r = apply(state, { type: 'addAccount', id, name: id, site: 'china' });
 *   if (r.ok) state = r.state;
 * }
 * ```
 */
export const HOSTILE_IDS: readonly string[] = Object.freeze([
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  'x'.repeat(10_000), 'ünï©ødé-名前-🙂', ' ', 'a:b',
]);

/** Turns a plan's numbers into choices among the ids of a state. */
export class Picker {
  private i = 0;
  constructor(private readonly plan: CommandPlan, private readonly pools: IdPools, _version?: number) {}

  /** The next pick number. */
  n(): number {
    const v = this.plan.picks[this.i % this.plan.picks.length] ?? 0;
    this.i++;
    return v;
  }

  /** Whether bit `k` of the plan is set, with probability about 1/2. */
  bit(k: number): boolean {
    return ((this.plan.bits >>> k) & 1) === 1;
  }

  /** Rarely true (1 in 8): for unknown, hostile or malformed values. */
  rare(k: number): boolean {
    return ((this.plan.bits >>> k) & 7) === 0;
  }

  from<T>(pool: readonly T[]): T | undefined {
    const n = this.n();
    return pool.length === 0 ? undefined : pool[n % pool.length];
  }

  /** An existing id mostly, else an unknown or hostile one. */
  id(pool: readonly string[], k: number): string {
    const picked = this.rare(k) ? undefined : this.from(pool);
    return picked ?? (HOSTILE_IDS[this.n() % HOSTILE_IDS.length] as string);
  }

  /** A fresh id mostly, sometimes an existing one (for duplicate_id) or a hostile one. */
  fresh(prefix: string, pool: readonly string[], k: number): string {
    if (this.rare(k)) return this.id(pool, k + 3);
    return `${prefix}${this.n()}`;
  }

  accountOf(projectId: string): string {
    return this.pools.projects.find((p) => p.id === projectId)?.accountId ?? projectId;
  }

  ownerOf(image: Image | undefined): string {
    return image === undefined ? this.id(this.pools.principals, 20) : this.accountOf(image.ownerProjectId);
  }

  /** A project where the image is usable (its owner's, or an accepted member's), with its account. */
  usable(): { actor: string; projectId: string; image: Image | undefined } {
    const accepted = this.pools.memberships.filter((m) => m.status === 'accepted' || this.rare(18));
    const m: Membership | undefined = this.bit(1) ? this.from(accepted) : undefined;
    if (m !== undefined) return { actor: this.accountOf(m.projectId), projectId: m.projectId, image: this.pools.images.find((i) => i.id === m.imageId) };
    const image = this.from(this.pools.images);
    if (image === undefined || this.rare(2)) {
      const p: Project | undefined = this.from(this.pools.projects);
      return { actor: p?.accountId ?? 'nobody', projectId: p?.id ?? 'nowhere', image };
    }
    return { actor: this.accountOf(image.ownerProjectId), projectId: image.ownerProjectId, image };
  }
}

