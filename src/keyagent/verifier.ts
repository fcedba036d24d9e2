// Request signatures checked off the main thread when the node has a verify pool: requests that
// arrive in the same turn of the event loop go to the pool as one batch (secp256k1 verify is
// the largest cost of a request, ~0.3 ms on node:crypto). Without a pool, inline.
import type { KeyRequest } from '../codec/seedcast/keys.js';
import type { VerifyItem } from '../crypto/verifyPool.js';
import { keyRequestSignBytes, verifyKeyRequest } from './signing.js';

export type VerifyBatch = (items: VerifyItem[]) => Promise<boolean[]>;

export class RequestVerifier {
  private queue: { item: VerifyItem; done: (ok: boolean) => void; fail: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly batch?: VerifyBatch) {}

  verify(req: KeyRequest): Promise<boolean> {
    if (!this.batch) return Promise.resolve(verifyKeyRequest(req));
    const item = { pubkey: req.ownerPubkey, message: keyRequestSignBytes(req), signature: req.signature };
    return new Promise<boolean>((done, fail) => {
      this.queue.push({ item, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    this.batch!(jobs.map((j) => j.item)).then(
      (results) => jobs.forEach((j, i) => j.done(results[i] === true)),
      (err: unknown) => jobs.forEach((j) => j.fail(err)),
    );
  }
}
