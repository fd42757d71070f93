/**
 * The JSON shapes of the OpenStack Image API v2 that IMS keeps (H4): images, members, and the
 * schemas that describe exactly those shapes (clients validate responses against the schemas
 * they fetch: times are strings, ids carry no UUID pattern, and no property is listed that a
 * response lacks).
 *
 * @module
 */
import type { Image, Membership } from '../entities.js';
import { listMemberships } from '../queries/listings.js';
import type { State } from '../state/store.js';
import { timeAt } from './protocol.js';

/**
 * A member as Glance shows it. The model keeps the version of a membership's last status
 * change (`since`), not of its creation, so both times show that version.
 */
export function memberView(m: Membership): Record<string, unknown> {
  return {
    image_id: m.imageId,
    member_id: m.projectId,
    status: m.status,
    created_at: timeAt(m.since),
    updated_at: timeAt(m.since),
    schema: '/v2/schemas/member',
  };
}

/** An image as Glance shows it to a project: `__imagetype` is `private` for its owner, `shared` for a member. */
export function imageView(world: State, image: Image, viewerProject: string): Record<string, unknown> {
  const owned = image.ownerProjectId === viewerProject;
  const shared = owned ? listMemberships(world, { imageId: image.id }).length > 0 : true;
  return {
    id: image.id,
    name: image.name,
    status: 'active',
    visibility: shared ? 'shared' : 'private',
    owner: image.ownerProjectId,
    protected: false,
    min_disk: 0,
    min_ram: 0,
    container_format: 'bare',
    disk_format: 'qcow2',
    tags: [],
    created_at: timeAt(image.createdAt),
    updated_at: timeAt(image.createdAt),
    self: `/v2/images/${encodeURIComponent(image.id)}`,
    file: `/v2/images/${encodeURIComponent(image.id)}/file`,
    schema: '/v2/schemas/image',
    __imagetype: owned ? 'private' : 'shared',
    __image_kind: image.kind,
    __whole_image: image.kind === 'full-ecs' ? 'true' : 'false',
    __system_encrypted: image.encrypted ? '1' : '0',
  };
}

const text = (description: string) => ({ type: 'string', description });

const MEMBER_PROPERTIES = {
  image_id: text('An identifier for the image'),
  member_id: text('An identifier for the image member (a project id)'),
  status: { type: 'string', enum: ['pending', 'accepted', 'rejected'], description: 'The status of this image member' },
  created_at: text('Date and time of image member creation'),
  updated_at: text('Date and time of last modification of image member'),
  schema: { type: 'string', readOnly: true },
};

const IMAGE_PROPERTIES = {
  id: text('An identifier for the image'),
  // No maxLength (Glance says 255): a model image name is any non-empty string, and the schema says what responses obey (H4).
  name: { type: ['null', 'string'], description: 'Descriptive name for the image' },
  status: { type: 'string', enum: ['queued', 'saving', 'active', 'killed', 'deleted', 'pending_delete', 'deactivated', 'uploading', 'importing'], description: 'Status of the image', readOnly: true },
  visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'], description: 'Scope of image accessibility' },
  owner: { type: ['null', 'string'], description: 'Owner of the image (a project id)' },
  protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
  min_disk: { type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
  min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
  container_format: { type: ['null', 'string'], description: 'Format of the container' },
  disk_format: { type: ['null', 'string'], description: 'Format of the disk' },
  tags: { type: 'array', items: { type: 'string', maxLength: 255 }, description: 'List of strings related to the image' },
  created_at: { type: 'string', description: 'Date and time of image registration', readOnly: true },
  updated_at: { type: 'string', description: 'Date and time of the last image modification', readOnly: true },
  self: { type: 'string', readOnly: true },
  file: { type: 'string', readOnly: true },
  schema: { type: 'string', readOnly: true },
  __imagetype: text('IMS: private (owned by the viewing project) or shared (shared with it)'),
  __image_kind: text('ims-sharing: system, data or full-ecs'),
  __whole_image: text("IMS: 'true' for a full-ECS image"),
  __system_encrypted: text("IMS: '1' for an encrypted image"),
};

const LINKS = [
  { rel: 'self', href: '{self}' },
  { rel: 'enclosure', href: '{file}' },
  { rel: 'describedby', href: '{schema}' },
];

/** The schemas served at `/v2/schemas/{name}` (H4). */
export const SCHEMAS: Readonly<Record<string, unknown>> = {
  member: { name: 'member', properties: MEMBER_PROPERTIES },
  members: {
    name: 'members',
    properties: { members: { type: 'array', items: { name: 'member', properties: MEMBER_PROPERTIES } }, schema: { type: 'string' } },
    links: [{ rel: 'schema', href: '{schema}' }],
  },
  image: { name: 'image', properties: IMAGE_PROPERTIES, additionalProperties: { type: 'string' }, links: LINKS },
  images: {
    name: 'images',
    properties: {
      images: { type: 'array', items: { name: 'image', properties: IMAGE_PROPERTIES, additionalProperties: { type: 'string' }, links: LINKS } },
      schema: { type: 'string' },
      first: { type: 'string' },
      next: { type: 'string' },
    },
    links: [{ rel: 'first', href: '{first}' }, { rel: 'next', href: '{next}' }, { rel: 'describedby', href: '{schema}' }],
  },
};
