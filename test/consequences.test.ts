import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type State, apply, canUseImage, exposure, fromSnapshot, getImage, getProject, getServer, toSnapshot,
} from '../src/index.js';
import { buildWorld, idPools, planArbitrary, resolvePlan, worldSetupArbitrary } from '../src/testing/index.js';
import { SMALL, runPlans } from './helpers.js';

const worlds = fc.oneof(worldSetupArbitrary(), worldSetupArbitrary({ config: SMALL })).map(buildWorld);
const runs = fc.array(planArbitrary(), { minLength: 20, maxLength: 60 });

function accounts(state: State, imageId: string): Set<string> {
  return new Set(exposure(state, imageId).map((e) => e.accountId));
}

describe('consequences of sharing (§6, §7) as properties', () => {
  it('E2 M5 reinstallOs succeeds exactly when the image is usable in the server project, which implies canUseImage', () => {
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      const state = runPlans(world, plans);
      for (const server of idPools(state).servers) {
        const account = getProject(state, server.projectId)?.accountId as string;
        const r = apply(state, { type: 'reinstallOs', actor: account, serverId: server.id });
        const image = getImage(state, server.imageId);
        const projects = idPools(state).projects.filter((p) => p.accountId === account && p.regionId === getProject(state, server.projectId)?.regionId);
        if (r.ok) expect(canUseImage(state, account, server.imageId)).toBe(true);
        // With one project in the region, "usable in the server's project" is canUseImage itself.
        if (projects.length === 1) expect(r.ok).toBe(canUseImage(state, account, server.imageId));
        if (image === undefined) expect(r.ok).toBe(false);
        expect(getServer(state, server.id)).toBe(server);
      }
    }), { numRuns: 60 });
  });

  it('X1 exposure always contains the owner; share never shrinks it; stopSharing and deleteImage never grow it', () => {
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      let state = world;
      for (const plan of plans) {
        const command = resolvePlan(state, plan) as { type?: string };
        const r = apply(state, command);
        if (!r.ok) continue;
        const watched = idPools(state).images.map((i) => i.id).slice(0, 12);
        for (const id of watched) {
          const before = accounts(state, id);
          const after = accounts(r.state, id);
          if (command.type === 'share') for (const a of before) expect(after.has(a)).toBe(true);
          if (command.type === 'stopSharing' || command.type === 'delete' || command.type === 'deleteImage') {
            for (const a of after) expect(before.has(a)).toBe(true);
          }
          const image = getImage(r.state, id);
          if (image !== undefined) expect(exposure(r.state, id)[0]).toMatchObject({ accountId: getProject(r.state, image.ownerProjectId)?.accountId, via: 'owner' });
        }
        state = r.state;
      }
    }), { numRuns: 60 });
  });

  it('W2 snapshots of random worlds with servers and disks round-trip exactly', () => {
    fc.assert(fc.property(worlds, runs, (world, plans) => {
      let state = world;
      for (const plan of plans) {
        const r = apply(state, resolvePlan(state, plan));
        if (r.ok) state = r.state;
      }
      const text = JSON.stringify(toSnapshot(state));
      const back = fromSnapshot(JSON.parse(text));
      expect(back.ok).toBe(true);
      if (back.ok) expect(JSON.stringify(toSnapshot(back.state))).toBe(text);
    }), { numRuns: 60 });
  });
});
