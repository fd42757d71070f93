/**
 * Domain events: what a successful command did. Each carries `version`, the state's version
 * after the command (W4).
 *
 * @module
 */
import type { Account, DataDisk, IamUser, Image, Membership, Project, Server } from './entities.js';
import type { MembershipStatus } from './vocabulary.js';

/**
 * Every event a command can emit, discriminated by `type`.
 *
 * @example
 * ```ts
 * if (r.ok) for (const e of r.events) console.log(e.type, e.version);
 * ```
 */
export type DomainEvent =
  | { readonly type: 'account_added'; readonly version: number; readonly account: Account; readonly projects: readonly Project[] }
  | { readonly type: 'iam_user_added'; readonly version: number; readonly user: IamUser }
  | { readonly type: 'project_added'; readonly version: number; readonly project: Project }
  | { readonly type: 'image_registered'; readonly version: number; readonly image: Image }
  | {
      readonly type: 'image_shared';
      readonly version: number;
      readonly membership: Membership;
      /** `rejected` when S6 returned a rejected membership to `pending`. */
      readonly previousStatus?: MembershipStatus;
    }
  | { readonly type: 'membership_accepted'; readonly version: number; readonly membership: Membership; readonly previousStatus: MembershipStatus }
  | { readonly type: 'membership_rejected'; readonly version: number; readonly membership: Membership; readonly previousStatus: MembershipStatus }
  | { readonly type: 'sharing_stopped'; readonly version: number; readonly membership: Membership }
  | { readonly type: 'image_replicated'; readonly version: number; readonly image: Image; readonly sourceImageId: string; readonly crossRegion: boolean }
  | { readonly type: 'image_deleted'; readonly version: number; readonly image: Image; readonly removedMemberships: readonly Membership[] }
  | { readonly type: 'server_created'; readonly version: number; readonly server: Server }
  | { readonly type: 'os_reinstalled'; readonly version: number; readonly server: Server }
  | { readonly type: 'os_changed'; readonly version: number; readonly server: Server; readonly previousImageId: string }
  | { readonly type: 'image_created_from_server'; readonly version: number; readonly image: Image; readonly serverId: string }
  | { readonly type: 'data_disk_created'; readonly version: number; readonly disk: DataDisk }
  | { readonly type: 'data_disk_restored'; readonly version: number; readonly disk: DataDisk; readonly previousImageId?: string };

/**
 * The `type`s of {@link DomainEvent}.
 *
 * @example
 * ```ts
 * const type: DomainEventType = 'image_shared';
 * ```
 */
export type DomainEventType = DomainEvent['type'];
