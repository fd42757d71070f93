/**
 * Setting up a world: accounts with their default projects (W1), IAM users and principals
 * (W2), extra projects, and uploaded private images within the quota (W3).
 *
 * @module
 */
import type { Image, Project } from '../entities.js';
import { duplicateId, notFound, violation } from '../errors.js';
import { type Result, type ResultOf, fail } from '../result.js';
import { actorAccount, isViolation, ownProject } from '../rules/access.js';
import type { ImageKind } from '../rules/limits.js';
import { accountNameClash, mintId, reservedProjectId } from '../rules/ids.js';
import { checkNewImage } from '../rules/quota.js';
import * as store from '../state/store.js';
import { guarded } from '../input/door.js';
import type { State } from '../state/store.js';
import { Tx } from '../state/tx.js';
import { regionOfferedAt } from '../catalogue.js';

/**
 * Input of {@link addAccount}.
 *
 * @example
 * ```ts
 * const input: AddAccountInput = { id: 'alice', name: 'Alice', site: 'china' };
 * ```
 */
export interface AddAccountInput {
  /** The new account's id; also its principal id (W2). Not another account's name (F4). */
  readonly id: string;
  /** Its unique name, by which shares may address it (S3). Not another account's id (F4). */
  readonly name: string;
  /** The site it belongs to: a site of the catalogue (`'china'` or `'international'` in the default one). */
  readonly site: string;
}

/**
 * The id `addAccount` gives an account's default project in a region: `<accountId>:<regionId>`.
 *
 * @example
 * ```ts
 * defaultProjectId('alice', 'cn-north-4'); // 'alice:cn-north-4'
 * ```
 */
export function defaultProjectId(accountId: string, regionId: string): string {
  const text = (x: unknown): string => (typeof x === 'string' ? x : '');
  return `${text(accountId)}:${text(regionId)}`;
}

/**
 * Adds a tenant at a site, with a default project (named after the region, as HUAWEI CLOUD
 * does) in every region its site offers (W1). Its id joins the principal namespace and its
 * name must be unique (W2). No actor: this is world set-up.
 *
 * @example
 * ```ts
 * const r = addAccount(createWorld(), { id: 'alice', name: 'Alice', site: 'china' });
 * if (r.ok) defaultProject(r.state, 'alice', 'cn-north-4')?.id; // 'alice:cn-north-4'
 * ```
 */
export function addAccount(state: State, input: AddAccountInput): ResultOf<'addAccount'> {
  return guarded('addAccount', state, input, addAccountChecked) as ResultOf<'addAccount'>;
}

/** Internal: {@link addAccount} on an input its door has checked and copied (`apply` calls it so). */
export function addAccountChecked(state: State, input: AddAccountInput): Result {
  const { id, name, site } = input;
  if (!state.catalogue.sites.some((s) => s.id === site)) {
    return fail(notFound('W1', 'site', site, `the sites are ${state.catalogue.sites.map((s) => s.id).join(', ')}`));
  }
  const clash = accountNameClash(state, id, name);
  if (clash !== undefined) return fail(clash);
  const projects: Project[] = state.catalogue.regions
    .filter((r) => regionOfferedAt(r, site))
    .map((r) => Object.freeze({ id: defaultProjectId(id, r.id), accountId: id, regionId: r.id, name: r.id, isDefault: true }));
  const taken = projects.find((p) => store.project(state, p.id) !== undefined);
  if (taken !== undefined) return fail(duplicateId('project', taken.id));
  const tx = new Tx(state);
  const account = Object.freeze({ id, name, site });
  tx.putPrincipal({ id, kind: 'account', accountId: id });
  tx.addAccountWithProjects(account, projects);
  tx.emit({ type: 'account_added', version: tx.version, account, projects: Object.freeze(projects) });
  return tx.commit();
}

/**
 * Input of {@link addIamUser}.
 *
 * @example
 * ```ts
 * const input: AddIamUserInput = { id: 'alice-ops', accountId: 'alice' };
 * ```
 */
export interface AddIamUserInput {
  /** The IAM user's id, in the principal namespace shared with accounts (W2). */
  readonly id: string;
  /** The account it belongs to; it acts with that account's rights. */
  readonly accountId: string;
}

/**
 * Adds an IAM user to an account. It acts with its account's rights and sees what its account
 * sees (FAQ: "all IAM users under the account can receive the shared image"). Its id shares the
 * principal namespace with accounts (W2).
 *
 * @example
 * ```ts
 * const r = addIamUser(state, { id: 'alice-ops', accountId: 'alice' });
 * ```
 */
export function addIamUser(state: State, input: AddIamUserInput): ResultOf<'addIamUser'> {
  return guarded('addIamUser', state, input, addIamUserChecked) as ResultOf<'addIamUser'>;
}

/** Internal: {@link addIamUser} on an input its door has checked and copied (`apply` calls it so). */
export function addIamUserChecked(state: State, input: AddIamUserInput): Result {
  const { id, accountId } = input;
  if (store.account(state, accountId) === undefined) return fail(notFound('W2', 'account', accountId));
  if (store.principal(state, id) !== undefined) return fail(duplicateId('iamUser', id));
  const tx = new Tx(state);
  const user = Object.freeze({ id, accountId });
  tx.putPrincipal({ id, kind: 'iamUser', accountId });
  tx.emit({ type: 'iam_user_added', version: tx.version, user });
  return tx.commit();
}

/**
 * Input of {@link addProject}.
 *
 * @example
 * ```ts
 * const input: AddProjectInput = { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' };
 * ```
 */
export interface AddProjectInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** The new project's id. Not of the reserved form `<accountId>:<regionId>` of default projects (F4). */
  readonly id: string;
  /** A region the account's site offers (W1). */
  readonly regionId: string;
  /** Unique among the account's projects in that region. */
  readonly name: string;
}

/**
 * Adds a project to the actor's account in a region its site offers (W1). Project names are
 * unique within an account and region [decision].
 *
 * @example
 * ```ts
 * const r = addProject(state, { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' });
 * ```
 */
export function addProject(state: State, input: AddProjectInput): ResultOf<'addProject'> {
  return guarded('addProject', state, input, addProjectChecked) as ResultOf<'addProject'>;
}

/** Internal: {@link addProject} on an input its door has checked and copied (`apply` calls it so). */
export function addProjectChecked(state: State, input: AddProjectInput): Result {
  const { actor, id, regionId, name } = input;
  const accountId = actorAccount(state, actor);
  if (isViolation(accountId)) return fail(accountId);
  const region = store.region(state, regionId);
  if (region === undefined) return fail(notFound('W1', 'region', regionId, 'listRegions(state) gives the regions of the catalogue'));
  const site = (store.account(state, accountId) as { site: string }).site;
  if (!regionOfferedAt(region, site)) {
    return fail(violation({
      code: 'region_not_available_at_site', rule: 'W1', regionId, site, accountId,
      message: `region ${regionId} is not offered at the ${site} site`,
    }));
  }
  if (store.project(state, id) !== undefined) return fail(duplicateId('project', id));
  const reserved = reservedProjectId(state, id);
  if (reserved !== undefined) return fail(reserved);
  if (store.projectNamed(state, accountId, regionId, name) !== undefined) {
    return fail(violation({ code: 'duplicate_name', rule: 'W2', entity: 'project', name, message: `project name '${name}' is already used in ${regionId}` }));
  }
  const tx = new Tx(state);
  const project: Project = Object.freeze({ id, accountId, regionId, name, isDefault: false });
  tx.addProject(project);
  tx.emit({ type: 'project_added', version: tx.version, project });
  return tx.commit();
}

/**
 * Input of {@link registerImage}.
 *
 * @example
 * ```ts
 * const input: RegisterImageInput = { actor: 'alice', id: 'img-1', projectId: 'alice:cn-north-4', name: 'web', kind: 'system' };
 * ```
 */
export interface RegisterImageInput {
  /** The principal who acts: an account id or an IAM user id (W2). */
  readonly actor: string;
  /** The new image's id; left out, the model mints one (F5) and the event carries it. */
  readonly id?: string;
  /** A project of the actor's account: a project id such as `'alice:cn-north-4'` (a default project) or one made by addProject. */
  readonly projectId: string;
  /** The image's name (need not be unique). */
  readonly name: string;
  /** `'system'`, `'data'` or `'full-ecs'`. */
  readonly kind: ImageKind;
  /** Whether the image is encrypted (default false); encrypted images cannot be shared (S5). */
  readonly encrypted?: boolean;
}

/**
 * Registers an uploaded private image in a project of the actor's account, within the private
 * image quota (W3).
 *
 * @example
 * ```ts
 * const r = registerImage(state, { actor: 'alice', id: 'img-1', projectId: 'alice:cn-north-4', name: 'web', kind: 'system' });
 * ```
 */
export function registerImage(state: State, input: RegisterImageInput): ResultOf<'registerImage'> {
  return guarded('registerImage', state, input, registerImageChecked) as ResultOf<'registerImage'>;
}

/** Internal: {@link registerImage} on an input its door has checked and copied (`apply` calls it so). */
export function registerImageChecked(state: State, input: RegisterImageInput): Result {
  const { actor, projectId, name, kind } = input;
  const id = input.id ?? mintId(state, 'image');
  const accountId = actorAccount(state, actor);
  if (isViolation(accountId)) return fail(accountId);
  const project = ownProject(state, accountId, projectId, 'E0');
  if (isViolation(project)) return fail(project);
  const refused = checkNewImage(state, id, accountId, project.regionId, 'W3');
  if (refused !== undefined) return fail(refused);
  const tx = new Tx(state);
  const image: Image = Object.freeze({ id, name, kind, ownerProjectId: projectId, encrypted: input.encrypted ?? false, createdAt: tx.version });
  tx.addImage(image);
  tx.emit({ type: 'image_registered', version: tx.version, image });
  return tx.commit();
}
