/**
 * Model-based testing in fast-check's shape: a model (the {@link ReferenceModel}), a real
 * system (the library's state), one command class per command, and a commands arbitrary for
 * `fc.modelRun`. Every command resolves its plan against the real state, runs on both, and
 * fails unless they agree on the outcome (ok, or the violation code) and on `canUseImage`,
 * `imagesSharedWith` and `visibleImages` for every principal.
 *
 * @module
 */
import fc from 'fast-check';
import { apply } from '../input/apply.js';
import type { CommandType } from '../input/schemas.js';
import { exposure } from '../queries/exposure.js';
import { canUseImage, imagesSharedWith, visibleImages } from '../queries/shared-with.js';
import type { State } from '../state/store.js';
import { type CommandPlan, type PlanOptions, plans, resolvePlan } from './plans.js';
import { checkOptions, checkState } from '../internal/setup.js';
import { applyReference } from './reference/commands.js';
import { ReferenceModel } from './reference/model.js';
import { toSnapshot } from '../snapshot/write.js';

/**
 * The real system of a model run: the library's current state.
 *
 * @example
 * ```ts
 * const real: RealSystem = { state };
 * ```
 */
export interface RealSystem {
  state: State;
  /** Called with every command's outcome (`'ok'` or the violation code), for counters. */
  readonly onOutcome?: (outcome: string, command: unknown) => void;
}

const STATUSES = ['accepted', 'pending', 'rejected'] as const;

/**
 * Throws unless the library state and the model agree on every principal's view: `canUseImage`
 * for every image, `visibleImages` and `imagesSharedWith` (each status) in every region that
 * holds an image, and `exposure` of every image.
 *
 * @example
 * ```ts
 * compareViews(ReferenceModel.fromSnapshot(toSnapshot(state)), state); // never throws for one state
 * ```
 */
export function compareViews(model: ReferenceModel, state: State): void {
  const regions = new Set<string>();
  for (const image of model.images.values()) regions.add(model.regionOf(image));
  const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort();
  // X1: the same accounts, with the same access, for every image.
  for (const imageId of model.images.keys()) {
    const lib = exposure(state, imageId).map((e) => `${e.accountId}=${e.access}`).sort();
    const ref = [...model.exposureAccounts(imageId)].map(([a, access]) => `${a}=${access}`).sort();
    if (lib.join() !== ref.join()) throw new Error(`exposure(${imageId}): library [${lib.join()}], reference [${ref.join()}]`);
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  // Every principal, and ids that are none: they must see nothing.
  for (const principal of [...model.principals.keys(), 'nobody', '__proto__', 'constructor']) {
    for (const imageId of model.images.keys()) {
      const lib = canUseImage(state, principal, imageId);
      const ref = model.canUseImage(principal, imageId);
      if (lib !== ref) throw new Error(`canUseImage(${principal}, ${imageId}): library ${String(lib)}, reference ${String(ref)}`);
    }
    for (const region of regions) {
      const lib = ids(visibleImages(state, principal, region));
      const ref = model.visibleImages(principal, region);
      if (!same(lib, ref)) throw new Error(`visibleImages(${principal}, ${region}): library [${lib.join()}], reference [${ref.join()}]`);
      for (const status of STATUSES) {
        const l = ids(imagesSharedWith(state, principal, region, { status }));
        const r = model.imagesSharedWith(principal, region, status);
        if (!same(l, r)) throw new Error(`imagesSharedWith(${principal}, ${region}, ${status}): library [${l.join()}], reference [${r.join()}]`);
      }
    }
  }
}

/**
 * A command of a model run: a plan, resolved against the real state when it runs. Its
 * `toString` is the concrete command, so a failure prints a replayable path. Subclass it for a
 * command of your own.
 *
 * @example
 * ```ts
 * class MyShare extends PlannedCommand { readonly type = 'share'; }
 * ```
 */
export abstract class PlannedCommand implements fc.Command<ReferenceModel, RealSystem> {
  /** The concrete command this instance ran (each run gets its own instances: see `[fc.cloneMethod]`). */
  private resolved: unknown;
  abstract readonly type: CommandType;

  constructor(readonly plan: CommandPlan) {}

  /**
   * A fresh, unrun instance of the same plan. fast-check clones the command list before every
   * run, so the instances it prints are the ones of the run that failed, and `toString` shows
   * the commands that run really applied.
   */
  [fc.cloneMethod](): PlannedCommand {
    return new (this.constructor as new (plan: CommandPlan) => PlannedCommand)(this.plan);
  }

  check(): boolean {
    return true;
  }

  run(model: ReferenceModel, real: RealSystem): void {
    const command = resolvePlan(real.state, { ...this.plan, type: this.type });
    this.resolved = command;
    const expected = applyReference(model, command);
    const actual = apply(real.state, command);
    const actualCode = actual.ok ? 'ok' : actual.error.code;
    const expectedCode = expected.ok ? 'ok' : expected.code;
    if (actualCode !== expectedCode) {
      throw new Error(`library and reference disagree on ${JSON.stringify(command)?.slice(0, 400)}: library ${actualCode}, reference ${expectedCode}`);
    }
    real.onOutcome?.(actualCode, command);
    if (actual.ok) real.state = actual.state;
    compareViews(model, real.state);
  }

  /** The concrete command as JSON (replay it with `replay`), or the plan if it has not run. */
  toString(): string {
    if (this.resolved === undefined) return `${this.type}(${JSON.stringify(this.plan)})`;
    return JSON.stringify(this.resolved) ?? 'null';
  }
}

/**
 * `addAccount` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new AddAccountCommand(plan)]);
 * ```
 */
export class AddAccountCommand extends PlannedCommand {
  readonly type = 'addAccount';
}
/**
 * `addIamUser` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new AddIamUserCommand(plan)]);
 * ```
 */
export class AddIamUserCommand extends PlannedCommand {
  readonly type = 'addIamUser';
}
/**
 * `addProject` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new AddProjectCommand(plan)]);
 * ```
 */
export class AddProjectCommand extends PlannedCommand {
  readonly type = 'addProject';
}
/**
 * `registerImage` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new RegisterImageCommand(plan)]);
 * ```
 */
export class RegisterImageCommand extends PlannedCommand {
  readonly type = 'registerImage';
}
/**
 * `share` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new ShareCommand(plan)]);
 * ```
 */
export class ShareCommand extends PlannedCommand {
  readonly type = 'share';
}
/**
 * `accept` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new AcceptCommand(plan)]);
 * ```
 */
export class AcceptCommand extends PlannedCommand {
  readonly type = 'accept';
}
/**
 * `reject` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new RejectCommand(plan)]);
 * ```
 */
export class RejectCommand extends PlannedCommand {
  readonly type = 'reject';
}
/**
 * `stopSharing` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new StopSharingCommand(plan)]);
 * ```
 */
export class StopSharingCommand extends PlannedCommand {
  readonly type = 'stopSharing';
}
/**
 * `delete` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new DeleteImageCommand(plan)]);
 * ```
 */
export class DeleteImageCommand extends PlannedCommand {
  readonly type = 'delete';
}
/**
 * `replicate` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new ReplicateCommand(plan)]);
 * ```
 */
export class ReplicateCommand extends PlannedCommand {
  readonly type = 'replicate';
}
/**
 * `replicateAcrossRegion` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new ReplicateAcrossRegionCommand(plan)]);
 * ```
 */
export class ReplicateAcrossRegionCommand extends PlannedCommand {
  readonly type = 'replicateAcrossRegion';
}
/**
 * `createServer` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new CreateServerCommand(plan)]);
 * ```
 */
export class CreateServerCommand extends PlannedCommand {
  readonly type = 'createServer';
}
/**
 * `reinstallOs` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new ReinstallOsCommand(plan)]);
 * ```
 */
export class ReinstallOsCommand extends PlannedCommand {
  readonly type = 'reinstallOs';
}
/**
 * `changeOs` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new ChangeOsCommand(plan)]);
 * ```
 */
export class ChangeOsCommand extends PlannedCommand {
  readonly type = 'changeOs';
}
/**
 * `createImageFromServer` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new CreateImageFromServerCommand(plan)]);
 * ```
 */
export class CreateImageFromServerCommand extends PlannedCommand {
  readonly type = 'createImageFromServer';
}
/**
 * `createDataDisk` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new CreateDataDiskCommand(plan)]);
 * ```
 */
export class CreateDataDiskCommand extends PlannedCommand {
  readonly type = 'createDataDisk';
}
/**
 * `restoreDataDisk` in a model run.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), [new RestoreDataDiskCommand(plan)]);
 * ```
 */
export class RestoreDataDiskCommand extends PlannedCommand {
  readonly type = 'restoreDataDisk';
}

type CommandClass = new (plan: CommandPlan) => PlannedCommand;

const CLASSES: readonly CommandClass[] = [
  AddAccountCommand, AddIamUserCommand, AddProjectCommand, RegisterImageCommand, ShareCommand, AcceptCommand, RejectCommand,
  StopSharingCommand, DeleteImageCommand, ReplicateCommand, ReplicateAcrossRegionCommand, CreateServerCommand, ReinstallOsCommand,
  ChangeOsCommand, CreateImageFromServerCommand, CreateDataDiskCommand, RestoreDataDiskCommand,
];

const PLACEHOLDER: CommandPlan = { type: 'share', picks: [], bits: 0, valid: true };

/**
 * Options of {@link modelCommands}: the command count, and the options of `planArbitrary`
 * (weights per command type, the bias toward valid commands).
 *
 * @example
 * ```ts
 * const options: ModelCommandsOptions = { maxCommands: 40, weights: { share: 12 }, validBias: 0.9 };
 * ```
 */
export interface ModelCommandsOptions extends PlanOptions {
  /** At most this many commands (default 100). */
  readonly maxCommands?: number;
}

/**
 * The commands arbitrary for `fc.modelRun` (fast-check's `fc.commands`: failures print a
 * replay path, and shrinking removes commands): up to 100 commands by default, weighted
 * toward the sharing commands, aimed at valid commands with the default bias. A failure
 * prints the concrete commands that ran, as JSON: see docs/testing.md to replay them.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(worldArbitrary(), modelCommands(), (world, cmds) => {
 *   fc.modelRun(() => modelSetup(world), cmds);
 * }));
 * ```
 */
export function modelCommands(options: ModelCommandsOptions = {}): fc.Arbitrary<Iterable<fc.Command<ReferenceModel, RealSystem>>> {
  checkOptions('modelCommands', options, [], ['maxCommands']);
  const maxCommands: number = options.maxCommands ?? 100;
  const byType = new Map(CLASSES.map((Class) => [new Class(PLACEHOLDER).type, Class] as const));
  const commands: fc.Arbitrary<PlannedCommand> = plans('modelCommands', options).map((plan) => new (byType.get(plan.type === 'deleteImage' ? 'delete' : plan.type) as CommandClass)(plan));
  return fc.commands([commands], { size: 'max', maxCommands });
}

/**
 * The set-up of a model run from a library state: the reference model loaded from its
 * snapshot, and the state itself as the real system.
 *
 * @example
 * ```ts
 * fc.modelRun(() => modelSetup(world), cmds);
 * ```
 */
export function modelSetup(state: State, onOutcome?: RealSystem['onOutcome']): { model: ReferenceModel; real: RealSystem } {
  checkState('modelSetup', state);
  if (onOutcome !== undefined && typeof onOutcome !== 'function') throw new TypeError('modelSetup: onOutcome must be a function');
  return { model: ReferenceModel.fromSnapshot(toSnapshot(state)), real: onOutcome === undefined ? { state } : { state, onOutcome } };
}
