/**
 * The entities of the world (SPEC §1), as the getters return them. Every entity is a frozen
 * plain object.
 *
 * @module
 */
import type { ImageKind, MembershipStatus, ServerFlavor } from './vocabulary.js';

/**
 * A tenant. Names are unique: shares address accounts by name (W2, S3).
 *
 * @example
 * ```ts
 * const account: Account | undefined = getAccount(state, 'alice');
 * ```
 */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly site: string;
}

/**
 * An IAM user: acts with its account's rights and sees what its account sees.
 *
 * @example
 * ```ts
 * const user: IamUser | undefined = getIamUser(state, 'alice-ops');
 * ```
 */
export interface IamUser {
  readonly id: string;
  readonly accountId: string;
}

/**
 * A project: an account's space in one region (W1). `isDefault` marks the one made by `addAccount`.
 *
 * @example
 * ```ts
 * const project: Project | undefined = defaultProject(state, 'alice', 'cn-north-4');
 * ```
 */
export interface Project {
  readonly id: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly name: string;
  readonly isDefault: boolean;
}

/**
 * A private image, owned by a project. Its owner account and region are the project's.
 * `derivedFrom` names the source of a replica or of an image made from a server (R3, E3);
 * `sourceServerId` names that server. `createdAt` is the version that made it (W4).
 *
 * @example
 * ```ts
 * const image: Image | undefined = getImage(state, 'img-1');
 * ```
 */
export interface Image {
  readonly id: string;
  readonly name: string;
  readonly kind: ImageKind;
  readonly ownerProjectId: string;
  readonly encrypted: boolean;
  readonly derivedFrom?: string;
  readonly sourceServerId?: string;
  readonly createdAt: number;
}

/**
 * A project's membership of a shared image (M1, M2). `since` is the version of its last status change.
 *
 * @example
 * ```ts
 * const m: Membership | undefined = getMembership(state, 'img-1', 'bob:cn-north-4');
 * ```
 */
export interface Membership {
  readonly imageId: string;
  readonly projectId: string;
  readonly status: MembershipStatus;
  readonly since: number;
}

/**
 * A server (ECS, or HECS lightweight server), running `imageId`. Never carries its EIP into images (E3).
 *
 * @example
 * ```ts
 * const server: Server | undefined = getServer(state, 'vm-1');
 * ```
 */
export interface Server {
  readonly id: string;
  readonly projectId: string;
  readonly az: string;
  readonly flavor: ServerFlavor;
  readonly imageId: string;
  readonly eip?: string;
}

/**
 * A data disk, holding the data of `imageId` when created or restored from one (E5).
 *
 * @example
 * ```ts
 * const disk: DataDisk | undefined = getDisk(state, 'disk-1');
 * ```
 */
export interface DataDisk {
  readonly id: string;
  readonly projectId: string;
  readonly az: string;
  readonly imageId?: string;
}

/**
 * Who acts: an account, or one of its IAM users (W2: one namespace).
 *
 * @example
 * ```ts
 * const p: Principal = { id: 'alice-ops', kind: 'iamUser', accountId: 'alice' };
 * ```
 */
export interface Principal {
  readonly id: string;
  readonly kind: 'account' | 'iamUser';
  readonly accountId: string;
}
