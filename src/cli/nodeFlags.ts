// V8 flags every node process starts with. They must be on node's own command line: V8 sizes
// its heap when the process starts, and v8.setFlagsFromString() afterwards has no effect on it
// (measured). So the places that start a node pass them: bin/seedcast's shebang, `npm start`,
// the Dockerfile, `seedcast testnet` for its children, and the test and benchmark harnesses
// (test/unit/cli/nodeFlags.test.ts checks that they agree).
//
// --initial-old-space-size=64: V8 otherwise sets the old generation's limit just above a
// node's ~16 MB of live objects, and the ArrayBuffers a transfer churns through (socket reads,
// noise's output) then start a major GC every ~40 ms once some outlive a scavenge: 5-14 major
// GCs per 256 MiB on a leecher from 3 seeders, 1-2 with 64 MB of headroom, and 3 seeders
// 149 -> 179 MB/s (bench:swarm, 3 alternating pairs). It is a floor for the limit, not a cap:
// a node whose live heap grows past it collects as before.
export const NODE_V8_FLAGS: readonly string[] = ['--initial-old-space-size=64'];
