// The node's V8 flags (src/cli/nodeFlags.ts) must reach every way a node is started outside our
// own spawns: `npm start`, bin/seedcast run directly (its shebang) and the Docker image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_V8_FLAGS } from '../../../src/cli/nodeFlags.js';
import { ROOT } from '../../helpers/devnet.js';

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('the node V8 flags reach every way to start a node', () => {
  test('npm start runs node with them', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(start).toBe(['node', ...NODE_V8_FLAGS, 'bin/seedcast start --devnet'].join(' '));
  });

  test("bin/seedcast's shebang passes them to node", () => {
    expect(read('bin/seedcast').split('\n')[0]).toBe(['#!/usr/bin/env -S node', ...NODE_V8_FLAGS].join(' '));
  });

  test("the Docker image's entrypoint passes them", () => {
    const entry = /^ENTRYPOINT (\[.*\])$/m.exec(read('Dockerfile'));
    expect(JSON.parse(entry![1]!)).toEqual(['node', ...NODE_V8_FLAGS, 'bin/seedcast']);
  });
});
