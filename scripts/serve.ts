/**
 * `npm run serve -- --port N [--world FILE] [--tokens FILE]` (H2): the IMS API facade on
 * `node:http`, on 127.0.0.1. `--world` is a snapshot file (default: the demo world of
 * `npm start`), `--tokens` a JSON map `{ "<token>": { "principal": "<id>", "project": "<project
 * id>" } }` (default: one token per demo principal, printed at start). Ctrl-C stops it cleanly.
 * Flags are strict (F7).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type State, fromSnapshot } from '../src/index.js';
import { type ApiServer, type TokenGrant, MAX_REQUEST_BODY_BYTES, createApiServer, handle } from '../src/http/index.js';
import { type ApiResponse, toWire, tooLarge } from '../src/http/protocol.js';
import { demoTokens, demoWorld } from '../examples/demo-world.js';
import { flagsOrExit } from './cli.js';

const flags = flagsOrExit('serve', {
  port: { kind: 'int', min: 0, max: 65_535, help: 'the TCP port on 127.0.0.1 (0 to 65,535; 0: a free port the system picks, printed at start; default 9292)' },
  world: { kind: 'string', help: 'a snapshot file (JSON) to serve' },
  tokens: { kind: 'string', help: 'a JSON file { "<token>": { "principal": "<id>", "project": "<project id>" } }' },
});

function fail(message: string): never {
  process.stderr.write(`serve: ${message}\n`);
  process.exit(2);
}

function readJson(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail(`--${flag}: cannot read '${file}'`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(`--${flag}: '${file}' is not JSON`);
  }
}

let world: State = demoWorld();
if (flags.world !== undefined) {
  const r = fromSnapshot(readJson('world', flags.world));
  if (!r.ok) fail(`--world: '${flags.world}' is not a loadable snapshot: ${r.error.message}`);
  world = r.state;
}

let tokens: Record<string, TokenGrant> = demoTokens();
if (flags.tokens !== undefined) {
  const raw = readJson('tokens', flags.tokens);
  const ok = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.values(raw).every((g) =>
    typeof g === 'object' && g !== null && typeof (g as TokenGrant).principal === 'string' && typeof (g as TokenGrant).project === 'string');
  if (!ok) fail(`--tokens: '${flags.tokens}' is not a map of { principal, project }`);
  tokens = raw as Record<string, TokenGrant>;
}

let api: ApiServer;
try {
  api = createApiServer(world, tokens);
} catch (e) {
  fail(`--tokens: ${(e as Error).message}`);
}

const port = flags.port ?? 9292;
const http = createServer((req, res) => {
  const send = (response: ApiResponse): void => {
    const { status, headers, text } = toWire(response);
    res.writeHead(status, headers);
    res.end(text);
  };
  // H5: a body past the limit is answered 413 and read no further (the rest is drained, not kept).
  if (Number(req.headers['content-length']) > MAX_REQUEST_BODY_BYTES) {
    send(tooLarge());
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  let refused = false;
  req.on('data', (c: Buffer) => {
    if (refused) return;
    bytes += c.length;
    if (bytes > MAX_REQUEST_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      send(tooLarge());
    } else chunks.push(c);
  });
  req.on('end', () => {
    if (refused) return;
    const out = handle(api, {
      method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'),
    });
    api = out.server;
    send(out.response);
  });
});

http.on('error', (e) => fail(`--port ${port}: ${e.message}`));
http.listen(port, '127.0.0.1', () => {
  const n = Object.keys(tokens).length;
  const bound = (http.address() as AddressInfo).port; // the one the system picked for --port 0
  process.stdout.write(`ims-sharing IMS API on http://127.0.0.1:${bound}/ (world version ${world.version}, ${n} token${n === 1 ? '' : 's'})\n`);
  for (const [token, g] of Object.entries(tokens)) process.stdout.write(`  X-Auth-Token: ${token}  ->  principal ${g.principal}, project ${g.project}\n`);
});

const stop = (): void => {
  http.close(() => process.exit(0));
  http.closeAllConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
