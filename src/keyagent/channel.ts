// The asker's side of a pipelined /seedcast/keys/1.0.0 stream: one long-lived stream per
// (libp2p node, agent), each request numbered, each answer routed back by its request_id. A
// stream per request costs a muxer round trip and more than the crypto (measured in bench:keys).
// The channel closes itself when idle, well before the agent would.
import type { Libp2p, Stream } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { KeyRequest, KeyResponse, refusalCodeName } from '../codec/seedcast/keys.js';
import { errorMessage, P2PError } from '../p2p/errors.js';
import { encodeFrame } from '../p2p/framing.js';
import { readFrames } from '../p2p/streams.js';
import { KEYS_PROTOCOL, MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES } from './constants.js';
import { KeyAgentError } from './errors.js';

export const CHANNEL_IDLE_MS = 10_000;
const MAX_REQUEST_ID = 0xffffffff;

interface Waiter {
  resolve(response: KeyResponse): void;
  reject(err: Error): void;
}

export class AgentChannel {
  private readonly pending = new Map<number, Waiter>();
  private nextId = 1;
  private closed = false;
  private failure: KeyAgentError | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: Stream,
    readonly agent: string,
    private readonly onGone: () => void,
  ) {
    readFrames(stream, MAX_RESPONSE_BYTES, (frame) => this.onFrame(frame), (err) => {
      const tooLarge = err instanceof P2PError && err.code === 'P2P_FRAME_TOO_LARGE';
      this.fail(new KeyAgentError(tooLarge ? 'KEY_BAD_ANSWER' : 'KEY_UNREACHABLE', `key agent ${agent}: ${tooLarge ? `answer over ${MAX_RESPONSE_BYTES} bytes` : errorMessage(err)}`, { agent }));
    });
    stream.addEventListener('close', () => this.fail(new KeyAgentError('KEY_UNREACHABLE', `key agent ${agent}: the stream closed before the answer`, { agent })));
    this.armIdle();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends a request (its request_id set here) and resolves with the agent's answer. */
  send(req: KeyRequest, signal: AbortSignal): Promise<KeyResponse> {
    if (this.closed) return Promise.reject(this.failure ?? new KeyAgentError('KEY_UNREACHABLE', `key agent ${this.agent}: channel closed`, { agent: this.agent }));
    const id = this.nextId;
    this.nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    const bytes = KeyRequest.encode({ ...req, requestId: id });
    if (bytes.length > MAX_REQUEST_BYTES) {
      return Promise.reject(new KeyAgentError('KEY_BAD_REQUEST', `a key request is at most ${MAX_REQUEST_BYTES} bytes, this one ${bytes.length}`, { agent: this.agent }));
    }
    if (this.idle) clearTimeout(this.idle);
    return new Promise<KeyResponse>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id);
        this.armIdle();
        reject(new KeyAgentError('KEY_TIMEOUT', `key agent ${this.agent}: no answer in time`, { agent: this.agent }));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (r) => (signal.removeEventListener('abort', onAbort), resolve(r)),
        reject: (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
      });
      try {
        this.stream.send(encodeFrame(bytes)); // one muxer frame per request
      } catch (err) {
        this.fail(new KeyAgentError('KEY_UNREACHABLE', `key agent ${this.agent}: ${errorMessage(err)}`, { agent: this.agent }));
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.fail(new KeyAgentError('KEY_UNREACHABLE', `key agent ${this.agent}: channel closed`, { agent: this.agent }));
    void this.stream.close().catch(() => this.stream.abort(new Error('close failed')));
  }

  private onFrame(frame: Uint8Array): void {
    let response: KeyResponse;
    try {
      response = KeyResponse.decode(frame);
    } catch {
      return this.abort(new KeyAgentError('KEY_BAD_ANSWER', `key agent ${this.agent}: answer does not decode`, { agent: this.agent }));
    }
    const id = response.requestId ?? 0;
    const waiter = this.pending.get(id);
    if (waiter) {
      this.pending.delete(id);
      this.armIdle();
      return waiter.resolve(response);
    }
    if (id !== 0 && id < this.nextId) return; // a late answer to a request that timed out
    // Id 0: the agent could not read one of our requests; any other id: one we never sent.
    if (id === 0 && response.refusal) {
      const name = refusalCodeName(response.refusal.code);
      return this.abort(new KeyAgentError('KEY_REFUSED', `key agent ${this.agent} refused a request it could not read: ${name}`, { agent: this.agent, refusal: response.refusal.code, refusalName: name }));
    }
    this.abort(new KeyAgentError('KEY_BAD_ANSWER', `key agent ${this.agent}: answer to no request of ours`, { agent: this.agent }));
  }

  private abort(err: KeyAgentError): void {
    this.fail(err);
    this.stream.abort(new Error(err.message));
  }

  private fail(err: KeyAgentError): void {
    if (this.idle) clearTimeout(this.idle);
    if (!this.closed) {
      this.closed = true;
      this.failure = err;
      this.onGone();
    }
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiters) w.reject(err);
  }

  private armIdle(): void {
    if (this.pending.size > 0 || this.closed) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), CHANNEL_IDLE_MS);
    this.idle.unref();
  }
}

const channels = new WeakMap<Libp2p, Map<string, Promise<AgentChannel>>>();

/** The open channel from `libp2p` to `agent`, opening a stream when there is none. */
export async function channelTo(libp2p: Libp2p, agent: string, signal: AbortSignal): Promise<AgentChannel> {
  let byAgent = channels.get(libp2p);
  if (!byAgent) channels.set(libp2p, (byAgent = new Map()));
  const existing = byAgent.get(agent);
  if (existing) {
    const ch = await existing.catch(() => undefined);
    if (ch?.isOpen) return ch;
    const now = byAgent.get(agent);
    if (now && now !== existing) return channelTo(libp2p, agent, signal); // another caller reopened it
    byAgent.delete(agent);
  }
  const map = byAgent;
  const opening = (async () => {
    const stream = await libp2p.dialProtocol(peerIdFromString(agent), KEYS_PROTOCOL, { signal });
    const ch: AgentChannel = new AgentChannel(stream, agent, () => {
      if (map.get(agent) === opening) map.delete(agent);
    });
    return ch;
  })();
  map.set(agent, opening);
  opening.catch(() => {
    if (map.get(agent) === opening) map.delete(agent);
  });
  return opening;
}

/** Closes every channel of a libp2p node (before it stops, say). */
export async function closeChannels(libp2p: Libp2p): Promise<void> {
  const byAgent = channels.get(libp2p);
  if (!byAgent) return;
  channels.delete(libp2p);
  for (const p of byAgent.values()) (await p.catch(() => undefined))?.close();
}
