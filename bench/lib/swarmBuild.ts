// How the benchmark starts a TypeScript child: bundled once by esbuild (tsx's own dependency)
// into plain ESM next to node_modules, so a child pays neither tsx's loader RSS (~27 MiB
// measured here) nor its transform time, like the plain-JS WebTorrent processes; tsx otherwise.
// The one `import.meta.url` in the bundled graph (src/codec/proto.ts, which finds proto/ from it)
// is pinned to that file's own URL, since a bundle's would point into node_modules/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ESBUILD = resolve('node_modules/.bin/esbuild');
const OUT_DIR = resolve('node_modules/.cache/seedcast-bench');

/** Node arguments that run `tsFile` (a path from the repo root). */
export function childEntry(tsFile: string): string[] {
  if (!existsSync(ESBUILD)) return ['--import', 'tsx', resolve(tsFile)];
  mkdirSync(OUT_DIR, { recursive: true });
  const out = join(OUT_DIR, basename(tsFile).replace(/\.ts$/, '.mjs'));
  const protoUrl = pathToFileURL(resolve('src/codec/proto.ts')).href;
  execFileSync(
    ESBUILD,
    [resolve(tsFile), '--bundle', '--platform=node', '--format=esm', '--packages=external', '--log-level=warning', `--define:import.meta.url=${JSON.stringify(protoUrl)}`, `--outfile=${out}`],
    { stdio: 'inherit' },
  );
  return [out];
}

/** True when `import.meta.url`'s file is the process's entry script (tsx or bundled). */
export function isEntry(name: string): boolean {
  return basename(process.argv[1] ?? '').replace(/\.(ts|mts|mjs|js)$/, '') === name;
}
