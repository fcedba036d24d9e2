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
//
// --interrupt-budget=528000 (4x V8's default): a function is handed to the optimizing compiler
// after 4x as much of its bytecode has run. A node's hot paths (consensus, the swarm's receive
// path) still get optimized, a little later, but far fewer lukewarm functions do: a cold
// leecher's compiler threads took 255 of its 1,224 ms of CPU in a 256 MiB download, competing
// for the cores with the threads doing the work. In 10 alternating pairs (bench:swarm, 1
// seeder): helper threads 477-632 -> 266-378 ms, the main thread's wait for a core 315-407 ->
// 112-209 ms, seeder CPU -0.2 s, 177 -> 194 MB/s (medians of the last 6, 8 of 10 pairs faster);
// bench:consensus 2 pairs: CPU per tx 1.85 -> 1.81 and 1.59 -> 1.64 ms, within the noise.
export const NODE_V8_FLAGS: readonly string[] = ['--initial-old-space-size=64', '--interrupt-budget=528000'];
