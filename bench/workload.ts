/**
 * The benchmark's seeded workload: a world of N images (one account per 10 images, over both
 * sites and several regions, a tenth of images already shared), and a fixed mix of commands
 * aimed at that world. The stream is generated once, against a reference model, and then
 * replayed on fresh copies of both implementations, so both see exactly the same commands.
 */
import type { Command } from '../src/index.js';
import { DEFAULT_CATALOGUE, createWorld, toSnapshot } from '../src/index.js';
import { prng } from '../src/internal/prng.js';
import { ReferenceModel, runReference } from '../src/testing/index.js';

export { prng };

const SITES = ['china', 'international'] as const;
const regionsOf = (site: string) => DEFAULT_CATALOGUE.regions.filter((r) => r.sites.includes(site)).map((r) => r.id);
/** Three regions an account uses, by site. */
const HOME: Record<string, string[]> = { china: regionsOf('china').slice(0, 3), international: regionsOf('international').slice(0, 3) };
export const BENCH_CONFIG = { privateImageQuota: 100_000 } as const;

/** Account ids by site, and each account's position in its site's list. */
function groupBySite(accounts: readonly { id: string; site: string }[]): { bySite: Map<string, string[]>; position: Map<string, number> } {
  const bySite = new Map<string, string[]>();
  const position = new Map<string, number>();
  for (const a of accounts) {
    let list = bySite.get(a.site);
    if (list === undefined) bySite.set(a.site, (list = []));
    position.set(a.id, list.length);
    list.push(a.id);
  }
  return { bySite, position };
}

/** The accounts of a world of `images` images: one per 10 images, 70% at the China site. */
export function accountsFor(images: number): { id: string; site: string }[] {
  return Array.from({ length: Math.max(2, Math.ceil(images / 10)) }, (_, i) => ({ id: `acc${i}`, site: SITES[i % 10 < 7 ? 0 : 1] as string }));
}

/**
 * The set-up commands of a world: accounts, 10 images each over 3 regions of their site, a
 * tenth of the images shared with the next account of the same site (half accepted), a reader
 * account that accepted 10 images in cn-north-4, and a 5-deep replica chain for exposure.
 */
export function* worldCommands(images: number): Generator<Command> {
  const accounts = accountsFor(images);
  for (const a of accounts) yield { type: 'addAccount', id: a.id, name: `Account ${a.id}`, site: a.site };
  yield { type: 'addAccount', id: 'reader', name: 'Reader', site: 'china' };
  let made = 0;
  let readerShares = 0;
  const { bySite, position } = groupBySite(accounts);
  for (const [i, a] of accounts.entries()) {
    const home = HOME[a.site] as string[];
    for (let j = 0; j < 10 && made < images; j++, made++) {
      const region = home[j % home.length] as string;
      const id = `${a.id}-i${j}`;
      yield { type: 'registerImage', actor: a.id, id, projectId: `${a.id}:${region}`, name: `image ${j}`, kind: j === 9 ? 'data' : 'system' };
      if (j === 0) {
        const peers = bySite.get(a.site) as string[];
        const peer = peers[((position.get(a.id) as number) + 1) % peers.length] as string;
        if (peer !== a.id) {
          yield { type: 'share', actor: a.id, imageId: id, targets: [{ account: peer }] };
          if (i % 2 === 0) yield { type: 'accept', actor: peer, imageId: id };
        }
        // The reader accepts the first 10 such images of cn-north-4 (region of image 0) and keeps 10 more pending.
        if (a.site === 'china' && readerShares < 20) {
          yield { type: 'share', actor: a.id, imageId: id, targets: [{ account: 'reader' }] };
          if (readerShares < 10) yield { type: 'accept', actor: 'reader', imageId: id };
          readerShares++;
        }
      }
    }
  }
  // X1: a replica chain 5 deep, each link shared with two accounts.
  yield { type: 'registerImage', actor: 'acc0', id: 'chain0', projectId: 'acc0:cn-north-4', name: 'chain', kind: 'system' };
  for (let d = 1; d <= 5; d++) {
    yield { type: 'replicate', actor: 'acc0', imageId: `chain${d - 1}`, projectId: 'acc0:cn-north-4', newImageId: `chain${d}` };
  }
  for (let d = 0; d <= 5; d++) yield { type: 'share', actor: 'acc0', imageId: `chain${d}`, targets: [{ account: 'acc1' }, { account: 'acc2' }] };
}

/** The mix of the command stream (SPEC of the performance issue). */
export const MIX: readonly [string, number][] = [
  ['share', 25], ['accept', 20], ['reject', 5], ['stopSharing', 10], ['replicate', 10],
  ['replicateAcrossRegion', 5], ['createServer', 10], ['deleteImage', 5], ['invalid', 10],
];

/**
 * Generates `count` commands of the mix against `model` (mutating it: it is the generator's own
 * copy). Commands are aimed at live ids, so most succeed; the `invalid` tenth breaks a rule.
 */
export function generateStream(model: ReferenceModel, count: number, seed: number): Command[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const accounts = [...model.accounts.values()].filter((a) => a.id !== 'reader');
  const { bySite } = groupBySite(accounts);
  const images = [...model.images.keys()];
  const members: [string, string][] = [];
  // The reader's memberships stay as set up, so that the imagesSharedWith row always lists 10 images.
  for (const image of model.images.values()) for (const p of image.members.keys()) if (!p.startsWith('reader:')) members.push([image.id, p]);
  const servers: string[] = [];
  const out: Command[] = [];
  let fresh = 0;
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  const protectedImages = new Set<string>();
  for (const image of model.images.values()) for (const p of image.members.keys()) if (p.startsWith('reader:')) protectedImages.add(image.id);
  for (let d = 0; d <= 5; d++) protectedImages.add(`chain${d}`);
  const liveImage = (): string => {
    for (let k = 0; k < 8; k++) {
      const id = pick(images);
      if (model.images.has(id) && !protectedImages.has(id)) return id;
    }
    return pick(images);
  };
  const member = (): [string, string] | undefined => {
    for (let k = 0; k < 8 && members.length > 0; k++) {
      const [imageId, projectId] = pick(members);
      if (model.images.get(imageId)?.members.has(projectId) === true) return [imageId, projectId];
    }
    return undefined;
  };
  const ownerOf = (imageId: string) => model.ownerOf(model.images.get(imageId) ?? { projectId: 'acc0:cn-north-4' } as never);
  const accountOf = (projectId: string) => model.projects.get(projectId)?.accountId ?? 'acc0';
  while (out.length < count) {
    let r = rnd() * total;
    const kind = (MIX.find(([, w]) => (r -= w) < 0) ?? MIX[0]) as [string, number];
    let c: Command | undefined;
    switch (kind[0]) {
      case 'share': {
        const imageId = liveImage();
        const owner = ownerOf(imageId);
        const site = model.accounts.get(owner)?.site ?? 'china';
        const target = pick(bySite.get(site) as string[]);
        c = { type: 'share', actor: owner, imageId, targets: [{ account: target }] };
        break;
      }
      case 'accept':
      case 'reject': {
        const m = member();
        if (m !== undefined) c = { type: kind[0], actor: accountOf(m[1]), imageId: m[0], projectId: m[1] };
        break;
      }
      case 'stopSharing': {
        const m = member();
        if (m !== undefined) c = { type: 'stopSharing', actor: ownerOf(m[0]), imageId: m[0], targets: [{ account: accountOf(m[1]), project: m[1] }] };
        break;
      }
      case 'replicate': {
        const m = member();
        if (m !== undefined && rnd() < 0.5) c = { type: 'replicate', actor: accountOf(m[1]), imageId: m[0], projectId: m[1], newImageId: `r${fresh++}` };
        else {
          const imageId = liveImage();
          const image = model.images.get(imageId);
          if (image !== undefined) c = { type: 'replicate', actor: ownerOf(imageId), imageId, projectId: image.projectId, newImageId: `r${fresh++}` };
        }
        break;
      }
      case 'replicateAcrossRegion': {
        const imageId = liveImage();
        const owner = ownerOf(imageId);
        c = { type: 'replicateAcrossRegion', actor: owner, imageId, targetRegionId: pick(HOME[model.accounts.get(owner)?.site ?? 'china'] as string[]), newImageId: `x${fresh++}` };
        break;
      }
      case 'createServer': {
        const m = member();
        const [imageId, projectId] = m !== undefined && rnd() < 0.5 ? m : (() => { const id = liveImage(); return [id, model.images.get(id)?.projectId ?? 'acc0:cn-north-4'] as [string, string]; })();
        const region = model.projects.get(projectId)?.regionId ?? 'cn-north-4';
        c = { type: 'createServer', actor: accountOf(projectId), id: `s${fresh++}`, projectId, az: `${region}a`, imageId };
        break;
      }
      case 'deleteImage': {
        const imageId = liveImage();
        c = { type: 'deleteImage', actor: ownerOf(imageId), imageId };
        break;
      }
      default: {
        // A tenth of the stream breaks a rule: strangers, reshares, unknown ids, wrong regions.
        const imageId = liveImage();
        const owner = ownerOf(imageId);
        const variants: Command[] = [
          { type: 'share', actor: pick(accounts).id, imageId, targets: [{ account: owner }] },
          { type: 'accept', actor: owner, imageId },
          { type: 'share', actor: owner, imageId: `missing${fresh++}`, targets: [{ account: 'acc1' }] },
          { type: 'createServer', actor: owner, id: `s${fresh++}`, projectId: `${owner}:${(HOME[model.accounts.get(owner)?.site ?? 'china'] as string[])[2]}`, az: 'nowhere', imageId },
          { type: 'deleteImage', actor: pick(accounts).id, imageId },
        ];
        c = pick(variants);
      }
    }
    if (c === undefined) continue;
    const result = runReference(model, c);
    if (result.ok) {
      if (c.type === 'replicate' || c.type === 'replicateAcrossRegion') images.push(c.newImageId as string);
      if (c.type === 'share' && c.targets[0]?.account !== 'reader') members.push([c.imageId, `${c.targets[0]?.account}:${model.regionOf(model.images.get(c.imageId) as never)}`]);
      if (c.type === 'createServer') servers.push(c.id as string);
    }
    out.push(c);
  }
  return out;
}

/**
 * The generator's own model of a world of `images` images (from the sources: it only aims the
 * stream, it is never timed).
 */
export function generatorFor(images: number): ReferenceModel {
  const model = ReferenceModel.fromSnapshot(toSnapshot(createWorld(undefined, BENCH_CONFIG)));
  for (const c of worldCommands(images)) runReference(model, c);
  return model;
}
