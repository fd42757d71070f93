/**
 * The benchmark's projects row: one account with many projects in one region. W3's count
 * (`registerImage`), W2's name check (`addProject`) and finding the account's membership of an
 * image (`reject` naming its project, M1) must not read every project of the account there:
 * their medians should stay flat from 100 projects to 10,000.
 */
import type * as Library from '../src/index.js';
import type { Command, State } from '../src/index.js';

/** Median microseconds per command of each kind, with `projects` projects of one account in cn-north-4. */
export interface ManyProjectsResult {
  readonly projects: number;
  readonly addProjectUs: number;
  readonly registerImageUs: number;
  readonly rejectUs: number;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
}

/** Applies each command to the state the one before made, timing each; every one must succeed. */
function timeEach(lib: typeof Library, state: State, commands: readonly Command[]): { state: State; us: number } {
  const samples: number[] = [];
  let s = state;
  for (const c of commands) {
    const t = performance.now();
    const r = lib.apply(s, c);
    samples.push((performance.now() - t) * 1000);
    if (!r.ok) throw new Error(`bench: ${c.type} was refused: ${r.error.message}`);
    s = r.state;
  }
  return { state: s, us: median(samples) };
}

/**
 * Builds an account `a` with `projects` projects in cn-north-4 (batch path), an image of
 * another account shared with `samples` of them, then times `samples` commands of each kind.
 */
export function manyProjects(lib: typeof Library, projects: number, wanted: number): ManyProjectsResult {
  const samples = Math.min(wanted, projects);
  const setup: Command[] = [
    { type: 'addAccount', id: 'a', name: 'A', site: 'china' },
    { type: 'addAccount', id: 'o', name: 'O', site: 'china' },
    { type: 'registerImage', actor: 'o', id: 'shared', projectId: 'o:cn-north-4', name: 'shared', kind: 'data' },
  ];
  for (let i = 0; i < projects; i++) setup.push({ type: 'addProject', actor: 'a', id: `p${i}`, regionId: 'cn-north-4', name: `project ${i}` });
  const step = Math.max(1, Math.floor(projects / samples));
  const members = Array.from({ length: samples }, (_, i) => `p${(i * step) % projects}`);
  setup.push({ type: 'share', actor: 'o', imageId: 'shared', targets: members.map((project) => ({ account: 'a', project })) });
  const built = lib.replayBatch(lib.createWorld(undefined, { privateImageQuota: 1_000_000 }), setup);
  const refused = built.results.find((r) => !r.ok);
  if (refused !== undefined && !refused.ok) throw new Error(`bench: set-up refused: ${refused.error.message}`);
  let s = built.state;
  const add = timeEach(lib, s, Array.from({ length: samples }, (_, i): Command => ({ type: 'addProject', actor: 'a', id: `extra${i}`, regionId: 'cn-north-4', name: `extra ${i}` })));
  s = add.state;
  const register = timeEach(lib, s, Array.from({ length: samples }, (_, i): Command => ({ type: 'registerImage', actor: 'a', id: `own${i}`, projectId: `p${(i * step) % projects}`, name: 'own', kind: 'system' })));
  s = register.state;
  const reject = timeEach(lib, s, members.map((projectId): Command => ({ type: 'reject', actor: 'a', imageId: 'shared', projectId })));
  return { projects, addProjectUs: add.us, registerImageUs: register.us, rejectUs: reject.us };
}
