// A verify worker: receives packed batches, answers one byte per item (1 = valid).
// Plain JavaScript (node:crypto only, through the shared core) so it runs without a TS loader.
import { parentPort } from 'node:worker_threads';
import { verifySecp256k1 } from './secp256k1Core.mjs';
import { unpackBatch } from './verifyBatch.mjs';

if (!parentPort) throw new Error('verifyWorker.mjs must run as a worker thread');
const port = parentPort;

port.on('message', (msg) => {
  const { id, buf } = msg;
  let results;
  try {
    const items = unpackBatch(buf);
    results = new Uint8Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      results[i] = verifySecp256k1(it.pubkey, it.message, it.signature) ? 1 : 0;
    }
  } catch (err) {
    port.postMessage({ id, error: String(err && err.message ? err.message : err) });
    return;
  }
  port.postMessage({ id, results }, [results.buffer]);
});
