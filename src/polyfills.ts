// Exact-size protobuf buffers (cosmjs-types allocates 8 KiB per encode otherwise).
import './codec/writerAlloc.js';
// Native UTF-8 for decoded protobuf strings (cosmjs-types decodes them char by char).
import './codec/readerStrings.js';

// libp2p 3 calls Promise.withResolvers, which Node 20 lacks (it arrived in Node 22).
const P = Promise as unknown as { withResolvers?: unknown };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T | PromiseLike<T>) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
export {};
