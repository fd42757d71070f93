/**
 * S3: resolving a share target `{ account, project? }` to a project in the image's region.
 *
 * Internal: not part of the public API.
 * @module
 */
import { regionOfferedAt } from '../catalogue.js';
import type { Project } from '../entities.js';
import { type RuleViolation, notFound, violation } from '../errors.js';
import { get } from '../internal/pmap.js';
import * as store from '../state/store.js';
import type { State } from '../state/store.js';
import type { ImageView } from './access.js';
import { IMS_CODES } from './limits.js';

/**
 * A share target: an account by id or, when no account has that id, by name (FAQ: "add the
 * account name"), and optionally one of its projects. Without a project it is the account's
 * default project in the image's region (S3).
 *
 * @example
 * ```ts
 * const target: ShareTarget = { account: 'Bob', project: 'bob-dev' };
 * ```
 */
export interface ShareTarget {
  /** An account id or, when no account has that id, an account name (S3). */
  readonly account: string;
  /** A project id of that account in the image's region (not a project name); default: the account's default project there, `<accountId>:<regionId>`. */
  readonly project?: string;
}

/** S3: the record of the account a target names, by id first, then by name. */
function targetAccount(state: State, account: string): store.AccountRecord | undefined {
  const byId = store.accountRecord(state, account);
  if (byId !== undefined) return byId;
  const id = store.accountIdByName(state, account);
  return id === undefined ? undefined : store.accountRecord(state, id);
}

/**
 * S3: the project a target names in the image's region, or why there is none:
 * `not_found` (account or project), `cross_region_target` [IMS IMG.0177], or
 * `region_not_available_at_site` (FAQ: China and International sites). The target's account
 * record is read once.
 */
export function resolveTarget(state: State, view: ImageView, target: ShareTarget): Project | RuleViolation {
  const rec = targetAccount(state, target.account);
  if (rec === undefined) return notFound('S3', 'account', target.account);
  const accountId = rec.account.id;
  if (target.project !== undefined) {
    const p = store.project(state, target.project);
    if (p === undefined || p.accountId !== accountId) return notFound('S3', 'project', target.project);
    if (p.regionId !== view.regionId) {
      return violation({
        code: 'cross_region_target', rule: 'S3', imsCode: IMS_CODES.crossRegionTarget,
        imageId: view.image.id, projectId: p.id, imageRegionId: view.regionId, targetRegionId: p.regionId,
        message: `an image is shared only inside its region (${view.regionId}); project '${p.id}' is in ${p.regionId}`,
      });
    }
    return p;
  }
  const site = rec.account.site;
  const region = store.region(state, view.regionId);
  const p = get(rec.regions, view.regionId)?.defaultProject;
  if (region === undefined || !regionOfferedAt(region, site) || p === undefined) {
    return violation({
      code: 'region_not_available_at_site', rule: 'S3', regionId: view.regionId, site, accountId,
      message: `account '${accountId}' is at the ${site} site, which does not offer ${view.regionId}`,
    });
  }
  return p;
}
