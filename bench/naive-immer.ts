/**
 * The benchmark's naive row (issue: why the tables are tries): share and accept written with
 * immer's `produce` over one plain object per table, as a first implementation would. immer
 * copies every object on the modified path and then visits every child of each copy, so a
 * command costs in proportion to the size of the table it touches.
 */
import { Immer } from 'immer';
import { prng } from './workload.js';

interface NaiveImage { owner: string; members: Record<string, 'pending' | 'accepted' | 'rejected'> }
interface NaiveWorld { images: Record<string, NaiveImage>; accepted: Record<string, number> }

const immer = new Immer({ autoFreeze: true });

function share(w: NaiveWorld, imageId: string, project: string): NaiveWorld {
  return immer.produce(w, (d) => {
    const img = d.images[imageId];
    if (img !== undefined && img.members[project] === undefined) img.members[project] = 'pending';
  });
}

function accept(w: NaiveWorld, imageId: string, project: string): NaiveWorld {
  return immer.produce(w, (d) => {
    const img = d.images[imageId];
    if (img?.members[project] === 'pending') {
      img.members[project] = 'accepted';
      d.accepted[imageId] = (d.accepted[imageId] ?? 0) + 1;
    }
  });
}

/** Median microseconds of a share followed by an accept, on a world of `images` images. */
export function naiveImmer(images: number, commands: number, seed: number): { shareMedianUs: number; acceptMedianUs: number } {
  const all: Record<string, NaiveImage> = {};
  for (let i = 0; i < images; i++) all[`img${i}`] = { owner: `acc${i % 100}`, members: {} };
  let w: NaiveWorld = immer.produce({ images: all, accepted: {} }, () => undefined);
  const rnd = prng(seed);
  const ts = new Float64Array(commands);
  const ta = new Float64Array(commands);
  for (let i = 0; i < commands; i++) {
    const id = `img${Math.floor(rnd() * images)}`;
    const project = `p${i}`;
    let t0 = performance.now();
    w = share(w, id, project);
    ts[i] = performance.now() - t0;
    t0 = performance.now();
    w = accept(w, id, project);
    ta[i] = performance.now() - t0;
  }
  const median = (a: Float64Array) => (Float64Array.from(a).sort()[Math.floor(a.length / 2)] as number) * 1000;
  return { shareMedianUs: median(ts), acceptMedianUs: median(ta) };
}
