/**
 * The mix of a command stream (`simulate`, `commandStream`): the kinds of command it makes,
 * their default weights, and the check of the options that set them.
 *
 * @module
 */
import { checkOptions, checkWeights } from '../internal/setup.js';

/**
 * What a `CommandStream` generates: a command type, or `invalid` for a command that
 * breaks a rule on purpose (a stranger acts, a member reshares, an id is unknown).
 *
 * @example
 * ```ts
 * const kind: StreamKind = 'invalid';
 * ```
 */
export type StreamKind =
  | 'share' | 'accept' | 'reject' | 'stopSharing' | 'replicate' | 'replicateAcrossRegion' | 'createServer' | 'reinstallOs'
  | 'changeOs' | 'createImageFromServer' | 'registerImage' | 'deleteImage' | 'createDataDisk' | 'invalid';

/**
 * The default mix of a `CommandStream`, by relative weight: the sharing commands most.
 *
 * @example
 * ```ts
 * DEFAULT_STREAM_WEIGHTS.share; // 25
 * ```
 */
export const DEFAULT_STREAM_WEIGHTS: Readonly<Record<StreamKind, number>> = Object.freeze({
  share: 25, accept: 18, reject: 5, stopSharing: 8, replicate: 8, replicateAcrossRegion: 4, createServer: 10, reinstallOs: 3,
  changeOs: 0, createImageFromServer: 2, registerImage: 5, deleteImage: 4, createDataDisk: 0, invalid: 8,
});
const STREAM_KINDS: readonly string[] = Object.keys(DEFAULT_STREAM_WEIGHTS);

/**
 * Checks the options of `simulate` and `commandStream` (a `TypeError` naming the option):
 * `integers` must be whole numbers, `optional` ones too when given, and `weights` must map
 * kinds of {@link DEFAULT_STREAM_WEIGHTS} to finite numbers of at least 0.
 */
export function checkStreamOptions(fn: string, options: unknown, integers: readonly string[], optional: readonly string[] = []): void {
  checkOptions(fn, options, integers, optional);
  checkWeights(fn, (options as { weights?: unknown }).weights, STREAM_KINDS);
}
