/**
 * Every rule of SPEC §1 to §7 and §9 as data: its id, section, one-line summary, and the violation
 * codes it produces. `docs/rules.md` is generated from this table.
 *
 * @module
 */
import type { RuleId, ViolationCode } from '../errors.js';

/**
 * One rule of the specification.
 *
 * @example
 * ```ts
 * const s4: RuleInfo | undefined = RULES.find((r) => r.id === 'S4');
 * ```
 */
export interface RuleInfo {
  readonly id: RuleId;
  readonly section: string;
  readonly summary: string;
  readonly codes: readonly ViolationCode[];
}

const rule = (id: RuleId, section: string, summary: string, codes: ViolationCode[] = []): RuleInfo =>
  Object.freeze({ id, section, summary, codes: Object.freeze(codes) });

/**
 * The rules, in SPEC order.
 *
 * @example
 * ```ts
 * RULES.find((r) => r.id === 'S4')?.codes; // ['share_limit_reached']
 * ```
 */
export const RULES: readonly RuleInfo[] = Object.freeze([
  rule('W1', 'world', 'A project exists only in a region offered at its account site; addAccount makes a default project in each.', ['region_not_available_at_site', 'not_found']),
  rule('W2', 'world', 'Ids are unique per entity, account names are unique, accounts and IAM users share one principal namespace.', ['duplicate_id', 'duplicate_name', 'not_found']),
  rule('W3', 'world', 'An account owns at most privateImageQuota images per region; shared images never count.', ['private_image_quota_exceeded']),
  rule('W4', 'world', 'state.version is a logical clock: +1 per successful command, stamped on events and memberships; a state at the last safe version takes no command.', ['invalid_input']),
  rule('W5', 'world', 'The embedded default catalogue holds real regions at the China and international sites.'),
  rule('S1', 'sharing', 'Only the owner account (or its IAM users) shares, stops sharing or deletes; others see not_image_owner or not_found.', ['not_image_owner', 'not_found']),
  rule('S2', 'sharing', 'An accepted member cannot share the image: replicate it first.', ['reshare_not_allowed']),
  rule('S3', 'sharing', 'A target is an account (id or name) and optional project, always in the image region.', ['cross_region_target', 'region_not_available_at_site', 'share_with_self', 'not_found']),
  rule('S4', 'sharing', 'Accepted members per image at most 128 (system, data) or 10 (full-ECS); pending ones do not count.', ['share_limit_reached']),
  rule('S5', 'sharing', 'Encrypted images cannot be shared.', ['image_not_shareable']),
  rule('S6', 'sharing', 'A pending or accepted target is already shared; a rejected one returns to pending.', ['already_shared']),
  rule('S7', 'sharing', 'share and stopSharing are atomic batches; the error names the offending index.', ['invalid_input']),
  rule('S8', 'sharing', 'A project or account may receive any number of images.'),
  rule('S9', 'sharing', 'stopSharing removes the named memberships, or all; a non-member is not found.', ['not_found']),
  rule('M1', 'memberships', 'A membership starts pending; only the member account decides it.', ['not_found']),
  rule('M2', 'memberships', 'pending/rejected -> accepted, pending/accepted -> rejected; the same status is unchanged.', ['status_unchanged']),
  rule('M3', 'memberships', 'An account with several memberships of the image must name the project.', ['ambiguous_membership']),
  rule('M4', 'memberships', 'Images Shared with Me lists accepted images; pending ones are the red dot; rejected ones on request.'),
  rule('M5', 'memberships', 'An image is usable in a project that owns it or accepted it.', ['image_not_usable']),
  rule('M6', 'memberships', 'A member sees its own membership only; the owner sees all.', ['not_found']),
  rule('R1', 'replication', 'replicate copies an image usable in the target project inside its region.', ['membership_not_accepted', 'kind_not_replicable', 'encrypted_not_allowed', 'image_not_usable', 'not_found']),
  rule('R2', 'replication', 'replicateAcrossRegion copies an owned image to another region of the same site.', ['private_image_required', 'same_region', 'region_not_available_at_site', 'encrypted_not_allowed', 'not_found']),
  rule('R3', 'replication', 'Copies record derivedFrom, count toward the quota, and are independent.', ['private_image_quota_exceeded']),
  rule('D1', 'deletion', 'deleteImage removes the image and its memberships; servers keep running.'),
  rule('D2', 'deletion', 'After deletion or stopSharing the former member can no longer create servers, reinstall or replicate.', ['image_not_usable']),
  rule('E0', 'servers and disks', 'Only the owning account acts on a server or disk, and creates them in its own projects.', ['not_found']),
  rule('E1', 'servers and disks', 'createServer needs a usable system or full-ECS image of the project region, in an AZ of that region.', ['region_mismatch', 'image_not_usable', 'not_found']),
  rule('E2', 'servers and disks', 'reinstallOs needs the server image still usable in its project.', ['image_not_usable']),
  rule('E3', 'servers and disks', 'createImageFromServer makes a derived private image, never carrying the EIP.', ['private_image_quota_exceeded']),
  rule('E4', 'servers and disks', 'changeOs puts a usable system image on a server; a HECS takes only an owned private image.', ['private_image_required', 'region_mismatch', 'image_not_usable', 'not_found']),
  rule('E5', 'servers and disks', 'Data disks are created from usable data images; an existing disk takes only an owned image.', ['existing_disk_restore_not_allowed', 'region_mismatch', 'image_not_usable', 'not_found']),
  rule('E6', 'servers and disks', 'A command using an image of the wrong kind is refused.', ['wrong_image_kind']),
  rule('X1', 'exposure', 'exposure lists every account that holds or can obtain the image data, with the chain to it.'),
  rule('F1', 'fidelity', 'fromSnapshot(toSnapshot(s)) answers every query (lists in the same order) and every command exactly as s does.'),
  rule('F2', 'fidelity', 'One list of invariants: fromSnapshot refuses, and checkInvariants reports, every state no command sequence can produce.', ['invalid_input']),
  rule('F3', 'fidelity', 'Every door takes any value: commands answer invalid_input, queries answer as for an unknown id, nothing throws.', ['invalid_input']),
  rule('F4', 'fidelity', 'No account id equals another account name (or the reverse); default project ids are reserved.', ['duplicate_id', 'duplicate_name']),
  rule('F5', 'fidelity', 'Commands that make an image, a server or a disk mint a deterministic id when none is given.'),
  rule('F6', 'fidelity', 'exposure entries carry a shortest chain (fewest ids), ties broken id by id.'),
  rule('F7', 'fidelity', 'Command lines refuse an unknown flag or a malformed or out-of-bounds value with one line on stderr and exit code 2.'),
  rule('H1', 'http', 'ims-sharing/http: a pure handle(server, request) over plain objects, times from the logical clock, and a fetch adapter.'),
  rule('H2', 'http', 'npm run serve -- --port N [--world FILE] [--tokens FILE] serves the facade with node:http on 127.0.0.1.'),
  rule('H3', 'http', 'X-Auth-Token names a principal and the project it acts for; members are project ids; paths are percent-decoded.'),
  rule('H4', 'http', 'The OpenStack Image v2 member and image endpoints IMS keeps, the IMS v1 extensions, and schemas the responses obey.'),
  rule('H5', 'http', 'Refusals: 404, 409, 413, 400, 401, 403, with { error: { code, message, ims_code? } }; nothing changes.', ['not_found', 'invalid_input']),
  rule('H6', 'http', 'The real glance client and openstacksdk run their member commands against npm run serve unchanged.'),
]);
