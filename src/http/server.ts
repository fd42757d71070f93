/**
 * The facade's server value (H1): a world `State` with what the API adds, the tokens that name
 * a principal and the project it acts for (H3), and the job records of the IMS v1 extensions.
 * A plain, deeply frozen value: `handle` returns a new one, as commands return a new state.
 *
 * @module
 */
import type { RuleViolation } from '../errors.js';
import { getIamUser, getProject } from '../queries/getters.js';
import { type State, isState } from '../state/store.js';
import { type Jobs, NO_JOBS } from './jobs.js';

/**
 * What a token stands for: a principal (account or IAM user id) acting for one of its
 * account's projects (H3).
 *
 * @example
 * ```ts
 * const grant: TokenGrant = { principal: 'bob', project: 'bob:cn-north-4' };
 * ```
 */
export interface TokenGrant {
  readonly principal: string;
  readonly project: string;
}

/**
 * An IMS job (H4): what `GET /v1/{project_id}/jobs/{job_id}` reports for an asynchronous
 * request. The model runs the request at once, so a job is `SUCCESS` or `FAIL` when made.
 *
 * @example
 * ```ts
 * const job: Job = { id: 'job-1', type: 'copyImage', project: 'bob:cn-north-4', status: 'SUCCESS', version: 7, entities: { image_id: 'img-7' } };
 * ```
 */
export interface Job {
  readonly id: string;
  /** The IMS job type, such as `batchAddMembers` or `copyImage`. */
  readonly type: string;
  /** The project of the token that made it: only that project reads it. */
  readonly project: string;
  readonly status: 'SUCCESS' | 'FAIL';
  /** The world's version when the job ran (its times derive from it). */
  readonly version: number;
  /** What the job made, such as `{ image_id }`. */
  readonly entities: Readonly<Record<string, string>>;
  /** Why it failed, for a `FAIL` job. */
  readonly error?: RuleViolation;
}

/**
 * The facade's state: the world, the tokens, the jobs.
 *
 * @example
 * ```ts
 * const server: ApiServer = createApiServer(state, { 'bob-token': { principal: 'bob', project: 'bob:cn-north-4' } });
 * ```
 */
export interface ApiServer {
  readonly world: State;
  readonly tokens: Readonly<Record<string, TokenGrant>>;
  /** The jobs the IMS v1 requests made, by id (`job-1`, ...), in the order they were made. */
  readonly jobs: Jobs;
  /** How many jobs were made (job ids are `job-1`, `job-2`, ...). */
  readonly jobCount: number;
}

/**
 * Why a token map does not fit a world: a token whose principal does not exist, or whose
 * project is not one of its account's.
 */
export function tokenProblems(world: State, tokens: Readonly<Record<string, TokenGrant>>): string[] {
  const problems: string[] = [];
  for (const [token, grant] of Object.entries(tokens)) {
    const accountId = getIamUser(world, grant.principal)?.accountId ?? grant.principal;
    const project = getProject(world, grant.project);
    if (project === undefined || project.accountId !== accountId) {
      problems.push(`token '${token}': project '${grant.project}' is not a project of principal '${grant.principal}'`);
    }
  }
  return problems;
}

/**
 * A server over a world and a token map (`{ token: { principal, project } }`). Throws a
 * `TypeError` for something that is not a state or for a token whose project is not its
 * principal's: that is set-up, as for `createWorld`.
 *
 * @example
 * ```ts
 * let server = createApiServer(world, { 'alice-token': { principal: 'alice', project: 'alice:cn-north-4' } });
 * ```
 */
export function createApiServer(world: State, tokens: Readonly<Record<string, TokenGrant>>): ApiServer {
  if (!isState(world)) throw new TypeError('createApiServer: the world must be a State (createWorld, a command or fromSnapshot)');
  const copy: Record<string, TokenGrant> = Object.create(null) as Record<string, TokenGrant>;
  for (const [token, grant] of Object.entries(tokens)) copy[token] = Object.freeze({ principal: String(grant.principal), project: String(grant.project) });
  const problems = tokenProblems(world, copy);
  if (problems.length > 0) throw new TypeError(`createApiServer: ${problems.join('; ')}`);
  return Object.freeze({ world, tokens: Object.freeze(copy), jobs: NO_JOBS, jobCount: 0 });
}
