/**
 * The jobs a facade made (H4), kept in a persistent map: a new job copies a few small nodes,
 * never every job before it, so the thousandth copy request costs what the first did.
 *
 * @module
 */
import { type PMap, emptyMap, get, set } from '../internal/pmap.js';
import type { Job } from './server.js';

/**
 * The jobs of a server value, by id (`job-1`, `job-2`, ...): read-only, immutable, and listed
 * in the order they were made.
 *
 * @example
 * ```ts
 * const job = server.jobs.get('job-1');
 * if (job?.status === 'FAIL') console.log(job.error?.code);
 * server.jobs.values().map((j) => j.type); // ['batchAddMembers', 'copyImage', ...]
 * ```
 */
export interface Jobs {
  /** How many jobs were made. */
  readonly size: number;
  /** The job of that id, or `undefined`. */
  get(id: string): Job | undefined;
  /** Whether a job of that id exists. */
  has(id: string): boolean;
  /** Every job, in the order they were made (a new array). */
  values(): Job[];
}

/** {@link Jobs} over a persistent map; `with` is the facade's own way to add one. */
class JobTable implements Jobs {
  constructor(private readonly map: PMap<Job>) {
    Object.freeze(this);
  }

  get size(): number {
    return this.map.size;
  }

  get(id: string): Job | undefined {
    return typeof id === 'string' ? get(this.map, id) : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  values(): Job[] {
    // Ids are minted in sequence (`job-<n>`) and jobs are never removed.
    return Array.from({ length: this.map.size }, (_, i) => get(this.map, `job-${i + 1}`) as Job);
  }

  with(job: Job): JobTable {
    return new JobTable(set(this.map, job.id, job));
  }
}

/** No jobs: a new server's. */
export const NO_JOBS: Jobs = new JobTable(emptyMap<Job>());

/** `jobs` with `job` added (its id the next in sequence). */
export function withJob(jobs: Jobs, job: Job): Jobs {
  return (jobs as JobTable).with(job);
}
