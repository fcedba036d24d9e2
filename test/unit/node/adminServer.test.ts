// The node's local admin API: only a caller holding the token from <home>/data/admin.json gets
// in; progress streams as NDJSON; coded errors reach the CLI as they are; the file goes at close.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callNode } from '../../../src/cli/adminClient.js';
import { AdminError, AdminServer } from '../../../src/node/admin/server.js';

let home: string;
let server: AdminServer;
const logged: string[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'seedcast-admin-'));
  server = new AdminServer(join(home, 'data', 'admin.json'), {
    echo: async (body, progress) => {
      progress({ phase: 'work', done: 1, total: 2 });
      return { got: body.value, big: 2n ** 70n };
    },
    refuse: async () => {
      throw new AdminError('CONTENT_UNKNOWN', 'no card on chain carries content 00');
    },
    crash: async () => {
      throw new TypeError('a bug');
    },
  }, (line) => logged.push(line));
  await server.start();
});

afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

test('the admin file is private and names a loopback URL', () => {
  const file = join(home, 'data', 'admin.json');
  expect(statSync(file).mode & 0o077).toBe(0);
  expect(JSON.parse(readFileSync(file, 'utf8')).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a call streams progress and returns its result (bigints as strings)', async () => {
  const progress: unknown[] = [];
  const r = await callNode<{ got: string; big: string }>(home, 'echo', { value: 'hi' }, (p) => progress.push(p));
  expect(r).toEqual({ got: 'hi', big: (2n ** 70n).toString() });
  expect(progress).toEqual([{ event: 'progress', phase: 'work', done: 1, total: 2 }]);
});

test('coded errors keep their code and message; other errors are logged and reported as INTERNAL', async () => {
  await expect(callNode(home, 'refuse', {})).rejects.toMatchObject({ code: 'CONTENT_UNKNOWN', message: 'no card on chain carries content 00' });
  await expect(callNode(home, 'crash', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  expect(logged.some((l) => l.includes('admin crash failed'))).toBe(true);
});

test('a wrong token, an unknown call, a GET, a bad or oversized body are refused', async () => {
  const { url, token } = JSON.parse(readFileSync(join(home, 'data', 'admin.json'), 'utf8'));
  const post = (path: string, body: string, auth = `Bearer ${token}`) => fetch(`${url}${path}`, { method: 'POST', headers: { authorization: auth }, body });
  expect((await post('/v1/echo', '{}', 'Bearer nope')).status).toBe(401);
  expect((await post('/v1/echo', '{}', '')).status).toBe(401);
  expect((await post('/v1/nothing', '{}')).status).toBe(404);
  expect((await fetch(`${url}/v1/echo`)).status).toBe(404);
  expect((await post('/v1/echo', '[1,2]')).status).toBe(400);
  expect((await post('/v1/echo', '{not json')).status).toBe(400);
  expect((await post('/v1/echo', JSON.stringify({ value: 'x'.repeat(70_000) }))).status).toBe(400);
});

test('without a running node the CLI says so', async () => {
  await expect(callNode(join(home, 'elsewhere'), 'echo', {})).rejects.toMatchObject({ code: 'CLI_NODE_NOT_RUNNING' });
});

test('close removes the admin file', async () => {
  const other = mkdtempSync(join(tmpdir(), 'seedcast-admin-'));
  const s = new AdminServer(join(other, 'data', 'admin.json'), {}, () => {});
  await s.start();
  expect(existsSync(join(other, 'data', 'admin.json'))).toBe(true);
  await s.close();
  expect(existsSync(join(other, 'data', 'admin.json'))).toBe(false);
  rmSync(other, { recursive: true, force: true });
});
