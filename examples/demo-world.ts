/**
 * The demo world of `npm start` (and the default world of `npm run serve`): Alice and Bob at
 * the China site, Carol at the international site, Alice owning the system image `web` in
 * cn-north-4 (CN North-Beijing4, offered at the China site only).
 */
import { type State, createWorld, replay } from '../src/index.js';
import type { TokenGrant } from '../src/http/index.js';

export function demoWorld(): State {
  const { state, results } = replay(createWorld(), [
    { type: 'addAccount', id: 'alice', name: 'Alice', site: 'china' },
    { type: 'addAccount', id: 'bob', name: 'Bob', site: 'china' },
    { type: 'addAccount', id: 'carol', name: 'Carol', site: 'international' },
    { type: 'registerImage', actor: 'alice', id: 'web', projectId: 'alice:cn-north-4', name: 'web', kind: 'system' },
  ]);
  const refused = results.find((r) => !r.ok);
  if (refused !== undefined && !refused.ok) throw new Error(`demo world: ${refused.error.message}`);
  return state;
}

/** One token per demo principal, acting for its default project in the demo image's region (or its site's first region). */
export function demoTokens(): Record<string, TokenGrant> {
  return {
    'alice-token': { principal: 'alice', project: 'alice:cn-north-4' },
    'bob-token': { principal: 'bob', project: 'bob:cn-north-4' },
    'carol-token': { principal: 'carol', project: 'carol:ap-southeast-1' },
  };
}
