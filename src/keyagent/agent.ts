// The key agent: serves /seedcast/keys/1.0.0. Each request is checked in a fixed order (cheap
// checks first, the signature before anything that reads state, the nonce only once the signature
// is good) and answered with a KeyResponse: a KeyBundle sealed to the requester, or a Refusal
// with a code. Only a frame over the cap (or none in time) is dropped without an answer.
// A stream may carry many requests (pipelined by request_id): one stream per asker and agent
// costs far less than a stream per request.
import type { Connection, Libp2p, Stream } from '@libp2p/interface';
import { KeyBundle, KeyRequest, KeyResponse, RefusalCode, refusalCodeName } from '../codec/seedcast/keys.js';
import { sealTo } from '../crypto/ecies.js';
import { errorMessage } from '../p2p/errors.js';
import { encodeFrame } from '../p2p/framing.js';
import { readFrames } from '../p2p/streams.js';
import { bundleContext, KEYS_PROTOCOL, MAX_REQUEST_BYTES } from './constants.js';
import { NonceCache } from './nonceCache.js';
import { FUTURE_HEIGHT_SLACK, resolveKeyAgentOptions, type KeyAgentOptions, type ResolvedKeyAgentOptions } from './options.js';
import { keyRequestProblem } from './request.js';
import { ownerAddressOf } from './signing.js';
import { RequestVerifier } from './verifier.js';
import { TokenBuckets } from './tokenBuckets.js';
import type { KeyAgentDeps, KeyAgentStats, KeyMaterial, LicenseInfo } from './types.js';
import { bytesEqual } from '../util/bytes.js';

/** How long a request whose height is ahead of ours waits for our node to commit it. */
const REACH_HEIGHT_MS = 3_000;

export class KeyAgent {
  private readonly peerId: string;
  private readonly startHeight: bigint;
  private readonly peerBuckets: TokenBuckets;
  private readonly licenseBuckets: TokenBuckets;
  private readonly nonces: NonceCache;
  private readonly verifier: RequestVerifier;
  private inflight = 0;
  private running = false;
  private readonly counts = { served: 0, dropped: 0, refused: new Map<RefusalCode, number>() };

  private constructor(
    private readonly libp2p: Libp2p,
    private readonly deps: KeyAgentDeps,
    private readonly opts: ResolvedKeyAgentOptions,
  ) {
    this.peerId = libp2p.peerId.toString();
    // Requests below this height could reuse a nonce from before a restart (the cache was lost).
    this.startHeight = deps.latestHeight();
    this.peerBuckets = new TokenBuckets(opts.perPeerPerSec, opts.perPeerBurst);
    this.licenseBuckets = new TokenBuckets(opts.perLicensePerMin / 60, opts.perLicensePerMin);
    this.nonces = new NonceCache(opts.maxNonces);
    this.verifier = new RequestVerifier(deps.verifyBatch);
  }

  /** Registers the protocol handler on libp2p and returns the running agent. */
  static async start(libp2p: Libp2p, deps: KeyAgentDeps, opts: KeyAgentOptions = {}): Promise<KeyAgent> {
    const agent = new KeyAgent(libp2p, deps, resolveKeyAgentOptions(opts));
    await libp2p.handle(KEYS_PROTOCOL, (stream, connection) => agent.onStream(stream, connection), {
      maxInboundStreams: agent.opts.maxInboundStreams,
    });
    agent.running = true;
    deps.log.info('key agent: serving', { protocol: KEYS_PROTOCOL, fromHeight: agent.startHeight.toString() });
    return agent;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.libp2p.unhandle(KEYS_PROTOCOL);
  }

  stats(): KeyAgentStats {
    const refused: Record<string, number> = {};
    for (const [code, n] of this.counts.refused) refused[refusalCodeName(code)] = n;
    return { served: this.counts.served, refused, dropped: this.counts.dropped };
  }

  /**
   * Answers one request frame from `from` (the stream handler's core; no network needed).
   * `streamBusy`: the stream already has its most answers in flight.
   */
  async answer(frame: Uint8Array, from: string, streamBusy = false): Promise<KeyResponse> {
    let req: KeyRequest;
    try {
      req = KeyRequest.decode(frame);
    } catch {
      return this.refuse(RefusalCode.MALFORMED, 'request does not decode as a KeyRequest');
    }
    const id = req.requestId ?? 0;
    const tagged = (r: KeyResponse): KeyResponse => (id ? { ...r, requestId: id } : r);
    if (streamBusy || this.inflight >= this.opts.maxInflight) return tagged(this.refuse(RefusalCode.RATE_LIMITED, 'agent busy, retry later'));
    this.inflight++;
    try {
      return tagged(await this.check(req, from));
    } catch (err) {
      this.deps.log.warn('key agent: request failed', { peer: from, err: errorMessage(err) });
      return tagged(this.refuse(RefusalCode.INTERNAL, 'internal error'));
    } finally {
      this.inflight--;
    }
  }

  // A stream carries one request or many (pipelined, each with its request_id). Answers go out
  // as they are ready; the agent closes its end once the asker closed its own and all are sent.
  private onStream(stream: Stream, connection: Connection): void {
    const from = connection.remotePeer.toString();
    let inflight = 0;
    let gotFrame = false;
    let remoteDone = false;
    const drop = (err: Error): void => {
      this.counts.dropped++;
      this.deps.log.debug('key agent: stream dropped', { peer: from, err: err.message });
    };
    const firstFrame = setTimeout(() => {
      if (gotFrame) return;
      drop(new Error('no request in time'));
      stream.abort(new Error('no request in time'));
    }, this.opts.readTimeoutMs);
    const maybeClose = (): void => {
      if (remoteDone && inflight === 0 && stream.status === 'open') void stream.close().catch(() => {});
    };
    stream.addEventListener('close', () => clearTimeout(firstFrame));
    stream.addEventListener('remoteCloseWrite', () => {
      remoteDone = true;
      maybeClose();
    });
    readFrames(
      stream,
      MAX_REQUEST_BYTES,
      (frame) => {
        gotFrame = true;
        clearTimeout(firstFrame);
        const busy = inflight >= this.opts.maxStreamInflight;
        inflight++;
        void this.answer(frame, from, busy)
          .then((response) => {
            if (stream.status === 'open' && stream.writeStatus === 'writable') stream.send(encodeFrame(KeyResponse.encode(response))); // one muxer frame
          })
          .catch((err: unknown) => this.deps.log.debug('key agent: answer not sent', { peer: from, err: errorMessage(err) }))
          .finally(() => {
            inflight--;
            maybeClose();
          });
      },
      (err) => {
        clearTimeout(firstFrame);
        drop(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private async check(req: KeyRequest, from: string): Promise<KeyResponse> {
    const problem = keyRequestProblem(req);
    if (problem) return this.refuse(RefusalCode.MALFORMED, problem);
    if (req.chainId !== this.deps.chainId) return this.refuse(RefusalCode.WRONG_CHAIN, `this agent serves chain ${this.deps.chainId}`);
    if (req.agent !== this.peerId) return this.refuse(RefusalCode.WRONG_AGENT, 'request names another agent');
    if (!this.peerBuckets.take(from)) return this.refuse(RefusalCode.RATE_LIMITED, 'too many requests from this peer');
    if (!(await this.verifier.verify(req))) return this.refuse(RefusalCode.BAD_SIGNATURE, 'signature does not verify for owner_pubkey');

    // Ownership is checked at a height no lower than the request's: a request made right after a
    // transfer, reaching an agent one block behind, waits for that block instead of being served.
    const latest = await this.reach(req.height);
    const windowStart = latest - this.opts.heightWindow;
    const minHeight = windowStart > this.startHeight ? windowStart : this.startHeight;
    if (req.height < minHeight || req.height > latest) {
      return this.refuse(RefusalCode.STALE_HEIGHT, `height ${req.height} is outside ${minHeight}..${latest}${req.height > latest ? ': this agent has not committed it yet' : ''}`);
    }
    const verdict = this.nonces.add(req.nonce, req.height, minHeight);
    if (verdict === 'replayed') return this.refuse(RefusalCode.REPLAYED_NONCE, 'nonce already used');
    if (verdict === 'full') return this.refuse(RefusalCode.RATE_LIMITED, 'too many recent requests, retry later');

    const license = await this.deps.license(req.licenseId);
    if (!license) return this.refuse(RefusalCode.UNKNOWN_LICENSE, `no license ${req.licenseId}`);
    if (license.owner !== ownerAddressOf(req.ownerPubkey)) {
      return this.refuse(RefusalCode.NOT_OWNER, `the signer does not own license ${req.licenseId} at height ${latest}`);
    }
    if (!bytesEqual(license.contentId, req.contentId)) {
      return this.refuse(RefusalCode.WRONG_CONTENT, `license ${req.licenseId} is for another content`);
    }
    if (!this.licenseBuckets.take(license.id.toString())) {
      return this.refuse(RefusalCode.RATE_LIMITED, `too many requests for license ${req.licenseId}`);
    }
    const material = await this.deps.material(license);
    if (!material) return this.refuse(RefusalCode.NO_KEY, 'this agent holds no key material for the content');
    const sealed = sealBundle(req, license, latest, material);
    this.counts.served++;
    return { sealedBundle: sealed };
  }

  /** The latest committed height, after waiting (briefly, a request's height is at most a block or two ahead) for `height`. */
  private async reach(height: bigint): Promise<bigint> {
    const deadline = Date.now() + REACH_HEIGHT_MS;
    let latest = this.deps.latestHeight();
    while (latest < height && height <= latest + FUTURE_HEIGHT_SLACK && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      latest = this.deps.latestHeight();
    }
    return latest;
  }

  private refuse(code: RefusalCode, message: string): KeyResponse {
    this.counts.refused.set(code, (this.counts.refused.get(code) ?? 0) + 1);
    return { refusal: { code, message } };
  }
}

/** Seals the bundle to the requester, then zeroes the material and the plaintext. */
function sealBundle(req: KeyRequest, license: LicenseInfo, height: bigint, material: KeyMaterial): Uint8Array {
  let plain: Uint8Array | undefined;
  try {
    const bundle: KeyBundle = {
      contentId: license.contentId,
      licenseId: license.id,
      licenseNumber: license.number,
      owner: license.owner,
      height,
      mark: material.mark,
      ...(material.kind === 'key'
        ? { contentKey: material.contentKey }
        : { share: { index: material.index, value: material.value, threshold: material.threshold } }),
    };
    plain = KeyBundle.encode(bundle);
    return sealTo(req.requesterX25519, plain, bundleContext(license.id));
  } finally {
    plain?.fill(0);
    material.mark.fill(0);
    if (material.kind === 'key') material.contentKey.fill(0);
    else material.value.fill(0);
  }
}
