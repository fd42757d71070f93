/**
 * Writes the world and token map that `npm run test:clients` serves: Alice, Bob and Dave at
 * the China site, Carol at the international site, Alice's system image `web` in cn-north-4,
 * and a share limit of 1 for system images, so that the second accept meets S4.
 * Usage: tsx scripts/client-world.ts WORLD_FILE TOKENS_FILE
 */
import { writeFileSync } from 'node:fs';
import { createWorld, replay, toSnapshot } from '../src/index.js';

const [worldFile, tokensFile] = process.argv.slice(2);
if (worldFile === undefined || tokensFile === undefined) {
  process.stderr.write('client-world: usage: client-world.ts WORLD_FILE TOKENS_FILE\n');
  process.exit(2);
}
const { state, results } = replay(createWorld(undefined, { shareLimits: { system: 1 } }), [
  { type: 'addAccount', id: 'alice', name: 'Alice', site: 'china' },
  { type: 'addAccount', id: 'bob', name: 'Bob', site: 'china' },
  { type: 'addAccount', id: 'dave', name: 'Dave', site: 'china' },
  { type: 'addAccount', id: 'carol', name: 'Carol', site: 'international' },
  { type: 'registerImage', actor: 'alice', id: 'web', projectId: 'alice:cn-north-4', name: 'web', kind: 'system' },
  { type: 'registerImage', actor: 'alice', id: 'db', projectId: 'alice:cn-north-4', name: 'db', kind: 'data' },
]);
if (!results.every((r) => r.ok)) throw new Error('client-world: a set-up command was refused');
writeFileSync(worldFile, JSON.stringify(toSnapshot(state)));
writeFileSync(tokensFile, JSON.stringify({
  'alice-token': { principal: 'alice', project: 'alice:cn-north-4' },
  'bob-token': { principal: 'bob', project: 'bob:cn-north-4' },
  'dave-token': { principal: 'dave', project: 'dave:cn-north-4' },
  'carol-token': { principal: 'carol', project: 'carol:ap-southeast-1' },
}));
