/**
 * `ims-sharing/http`: the model behind the HTTP API that IMS offers (SPEC §11), so that real
 * OpenStack image clients and code written against IMS run against it, as moto does for AWS.
 * `handle` is pure; `fetchHandler` adapts it to any fetch-style server; `npm run serve` runs it
 * on `node:http`.
 *
 * @example
 * ```ts
 * import { createApiServer, handle } from 'ims-sharing/http';
 * const server = createApiServer(world, { 'bob-token': { principal: 'bob', project: 'bob:cn-north-4' } });
 * const { response } = handle(server, { method: 'GET', path: '/v2/images', headers: { 'X-Auth-Token': 'bob-token' } });
 * ```
 *
 * @packageDocumentation
 */
export type { ApiServer, Job, TokenGrant } from './server.js';
export type { Jobs } from './jobs.js';
export { createApiServer } from './server.js';
export type { ApiRequest, ApiResponse } from './protocol.js';
export { MAX_REQUEST_BODY_BYTES } from './protocol.js';
export type { Handled } from './handle.js';
export { handle } from './handle.js';
export type { FetchHandler } from './fetch.js';
export { fetchHandler } from './fetch.js';
