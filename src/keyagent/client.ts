// The asking side of /seedcast/keys/1.0.0: one request to one agent (requestKey), and the whole
// way to a content key (obtainContentKey): the creator's agents first, then t custody shares
// combined and checked against the key check committed on chain. Never a partial key.
import type { Libp2p } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { KeyBundle, KeyResponse, refusalCodeName, type KeyRequest } from '../codec/seedcast/keys.js';
import { keyCheck as keyCheckOf } from '../crypto/contentKeys.js';
import { openSealed } from '../crypto/ecies.js';
import { errorMessage } from '../p2p/errors.js';
import { channelTo } from './channel.js';
import { bundleContext } from './constants.js';
import { KeyAgentError } from './errors.js';
import { combineCustodyShares, type ReceivedShare } from './combine.js';
import { bytesEqual } from '../util/bytes.js';

export interface AgentAddress {
  peerId: string;
  addrs: string[];
}

export interface CustodyAgentAddress extends AgentAddress {
  /** The share index the custody record gives this agent. */
  index: number;
}

export interface RequestKeyOptions {
  /** Whole request, dial included (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_KEY_TIMEOUT_MS = 10_000;
const MAX_AGENT_MESSAGE_CHARS = 200;

function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

/**
 * Sends one signed request to `agent` and returns the opened bundle (its key bytes are fresh
 * copies the caller owns). Throws KeyAgentError: KEY_REFUSED (context.refusal = the code),
 * KEY_UNREACHABLE, KEY_TIMEOUT, KEY_BAD_ANSWER, KEY_BAD_REQUEST.
 */
export async function requestKey(libp2p: Libp2p, agent: AgentAddress, req: KeyRequest, receiverPriv: Uint8Array, opts: RequestKeyOptions = {}): Promise<KeyBundle> {
  if (req.agent !== agent.peerId) throw new KeyAgentError('KEY_BAD_REQUEST', 'the request names another agent', { agent: agent.peerId });
  let peerId;
  try {
    peerId = peerIdFromString(agent.peerId);
  } catch {
    throw new KeyAgentError('KEY_BAD_REQUEST', 'agent peer id does not parse', { agent: agent.peerId.slice(0, 128) });
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_KEY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const ctx = { agent: agent.peerId, license: req.licenseId.toString() };
  const failed = (err: unknown, what: string): KeyAgentError =>
    err instanceof KeyAgentError
      ? err
      : signal.aborted
        ? new KeyAgentError('KEY_TIMEOUT', `key agent ${agent.peerId}: no answer in ${timeoutMs} ms`, ctx)
        : new KeyAgentError('KEY_UNREACHABLE', `key agent ${agent.peerId}: ${what}: ${errorMessage(err)}`, ctx);

  if (libp2p.getConnections(peerId).length === 0 && agent.addrs.length > 0) {
    try {
      await libp2p.dial(dialAddrs(agent), { signal });
    } catch (err) {
      throw failed(err, 'cannot dial');
    }
  }
  let response: KeyResponse;
  try {
    const channel = await channelTo(libp2p, agent.peerId, signal);
    response = await channel.send(req, signal);
  } catch (err) {
    throw failed(err, 'no answer');
  }
  return interpretResponse(response, req, receiverPriv, agent.peerId);
}

function dialAddrs(agent: AgentAddress): Multiaddr[] {
  const out: Multiaddr[] = [];
  for (const a of agent.addrs.slice(0, 8)) {
    try {
      const ma = multiaddr(a);
      out.push(a.includes('/p2p/') ? ma : ma.encapsulate(`/p2p/${agent.peerId}`));
    } catch {
      // an address that does not parse is skipped; the others may work
    }
  }
  if (out.length === 0) throw new KeyAgentError('KEY_UNREACHABLE', `key agent ${agent.peerId}: no usable address`, { agent: agent.peerId });
  return out;
}

/** Decodes a KeyResponse frame, then as interpretResponse. */
export function readResponse(answer: Uint8Array, req: KeyRequest, receiverPriv: Uint8Array, agent: string): KeyBundle {
  let response: KeyResponse;
  try {
    response = KeyResponse.decode(answer);
  } catch {
    throw new KeyAgentError('KEY_BAD_ANSWER', `key agent ${agent}: answer does not decode`, { agent, license: req.licenseId.toString() });
  }
  return interpretResponse(response, req, receiverPriv, agent);
}

/** Throws the refusal, or opens the bundle and checks it names the license and content asked for. */
export function interpretResponse(response: KeyResponse, req: KeyRequest, receiverPriv: Uint8Array, agent: string): KeyBundle {
  const ctx = { agent, license: req.licenseId.toString() };
  if (response.refusal) {
    const name = refusalCodeName(response.refusal.code);
    const said = response.refusal.message.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_AGENT_MESSAGE_CHARS);
    throw new KeyAgentError('KEY_REFUSED', `key agent ${agent} refused: ${name}: ${said}`, { ...ctx, refusal: response.refusal.code, refusalName: name });
  }
  if (!response.sealedBundle) throw new KeyAgentError('KEY_BAD_ANSWER', `key agent ${agent}: empty answer`, ctx);
  let plain: Uint8Array;
  try {
    plain = openSealed(receiverPriv, response.sealedBundle, bundleContext(req.licenseId));
  } catch {
    throw new KeyAgentError('KEY_BAD_ANSWER', `key agent ${agent}: the bundle does not open with our key`, ctx);
  }
  try {
    return checkedBundle(plain, req, agent);
  } finally {
    plain.fill(0);
  }
}

// Copies what it returns out of `plain` (which the caller zeroes).
function checkedBundle(plain: Uint8Array, req: KeyRequest, agent: string): KeyBundle {
  const ctx = { agent, license: req.licenseId.toString() };
  const bad = (why: string) => new KeyAgentError('KEY_BAD_ANSWER', `key agent ${agent}: ${why}`, ctx);
  let b: KeyBundle;
  try {
    b = KeyBundle.decode(plain);
  } catch {
    throw bad('the bundle does not decode');
  }
  if (b.licenseId !== req.licenseId) throw bad('the bundle names another license');
  if (!bytesEqual(b.contentId, req.contentId)) throw bad('the bundle names another content');
  if (b.mark.length !== 32) throw bad('the bundle mark is not 32 bytes');
  const base = { contentId: copy(b.contentId), licenseId: b.licenseId, licenseNumber: b.licenseNumber, owner: b.owner, height: b.height, mark: copy(b.mark) };
  if (b.contentKey && !b.share) {
    if (b.contentKey.length !== 32) throw bad('the content key is not 32 bytes');
    return { ...base, contentKey: copy(b.contentKey) };
  }
  if (b.share && !b.contentKey) {
    const s = b.share;
    if (s.value.length !== 32 || s.index < 1 || s.index > 255 || s.threshold < 1 || s.threshold > 255) throw bad('the share is malformed');
    return { ...base, share: { index: s.index, threshold: s.threshold, value: copy(s.value) } };
  }
  throw bad('the bundle carries neither a key nor a share');
}

export interface ObtainContentKeyParams {
  libp2p: Libp2p;
  contentId: Uint8Array;
  licenseId: bigint;
  /** One signed request per agent, by the agent's peer id. */
  requests: Map<string, KeyRequest>;
  creatorAgents: AgentAddress[];
  custody?: { threshold: number; keyCheck: Uint8Array; agents: CustodyAgentAddress[] };
  receiverPriv: Uint8Array;
  /** Per agent request (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ObtainedKey {
  contentKey: Uint8Array;
  via: 'creator' | 'custody';
  /** The agents whose answers made the key. */
  agents: string[];
}

/**
 * The content key of a license: from any one creator agent (checked against the custody key
 * check when there is one), else from t custody shares that combine to the committed key check.
 * Throws KeyAgentError (KEY_NOT_ENOUGH_SHARES, KEY_CHECK_FAILED, KEY_NO_AGENTS, or the single
 * creator agent's own error) whose message lists each agent's outcome.
 */
export async function obtainContentKey(p: ObtainContentKeyParams): Promise<ObtainedKey> {
  for (const req of p.requests.values()) {
    if (req.licenseId !== p.licenseId || !bytesEqual(req.contentId, p.contentId)) {
      throw new KeyAgentError('KEY_BAD_REQUEST', 'a key request names another license or content', { agent: req.agent, license: p.licenseId.toString() });
    }
  }
  const custodyAgents = p.custody?.agents ?? [];
  if (p.creatorAgents.length === 0 && custodyAgents.length === 0) {
    throw new KeyAgentError('KEY_NO_AGENTS', 'no key agent is known for this content', { license: p.licenseId.toString() });
  }
  const outcomes = new Map<string, string>();
  const errors: KeyAgentError[] = [];
  const opts = { timeoutMs: p.timeoutMs ?? DEFAULT_KEY_TIMEOUT_MS, ...(p.signal ? { signal: p.signal } : {}) };

  for (const agent of p.creatorAgents) {
    const key = await askCreator(p, agent, opts, outcomes, errors);
    if (key) return { contentKey: key, via: 'creator', agents: [agent.peerId] };
  }
  if (!p.custody || custodyAgents.length === 0) {
    if (errors.length === 1) throw errors[0]!;
    throw summaryError('KEY_UNREACHABLE', 'no creator agent delivered the key', outcomes, p.licenseId);
  }
  const custody = p.custody;
  const received: ReceivedShare[] = [];
  const result = await new Promise<ObtainedKey | undefined>((resolve) => {
    let pending = custodyAgents.length;
    let done = false;
    const settle = (): void => {
      if (--pending === 0 && !done) {
        done = true;
        resolve(undefined);
      }
    };
    for (const agent of custodyAgents) {
      void askCustody(p, agent, custody.threshold, opts, outcomes).then((share) => {
        if (share && !done) {
          received.push(share);
          const combined = combineCustodyShares(received, custody.threshold, custody.keyCheck);
          if (combined) {
            done = true;
            resolve({ contentKey: combined.key, via: 'custody', agents: combined.agents });
          }
        } else if (share) {
          share.value.fill(0); // late answer after the key was made
        }
        settle();
      });
    }
  });
  const valid = received.length;
  for (const s of received) s.value.fill(0);
  if (result) return result;
  if (valid < custody.threshold) {
    throw summaryError('KEY_NOT_ENOUGH_SHARES', `${custody.threshold} custody shares needed, ${valid} valid received`, outcomes, p.licenseId);
  }
  throw summaryError('KEY_CHECK_FAILED', `${valid} custody shares do not combine to the committed key (a custody agent answered a wrong share)`, outcomes, p.licenseId);
}

async function askCreator(p: ObtainContentKeyParams, agent: AgentAddress, opts: RequestKeyOptions, outcomes: Map<string, string>, errors: KeyAgentError[]): Promise<Uint8Array | undefined> {
  const req = requestFor(p, agent.peerId, outcomes);
  if (!req) return undefined;
  try {
    const bundle = await requestKey(p.libp2p, agent, req, p.receiverPriv, opts);
    bundle.mark.fill(0);
    const key = bundle.contentKey;
    if (!key) {
      bundle.share?.value.fill(0);
      outcomes.set(agent.peerId, 'BAD_ANSWER');
      errors.push(new KeyAgentError('KEY_BAD_ANSWER', `creator agent ${agent.peerId} answered a share, not the key`, { agent: agent.peerId }));
      return undefined;
    }
    if (p.custody && !bytesEqual(keyCheckOf(key), p.custody.keyCheck)) {
      key.fill(0);
      outcomes.set(agent.peerId, 'KEY_CHECK_FAILED');
      errors.push(new KeyAgentError('KEY_CHECK_FAILED', `creator agent ${agent.peerId}: the key does not match the committed key check`, { agent: agent.peerId }));
      return undefined;
    }
    outcomes.set(agent.peerId, 'ok');
    return key;
  } catch (err) {
    const e = asKeyAgentError(err, agent.peerId);
    outcomes.set(agent.peerId, e.outcome);
    errors.push(e);
    return undefined;
  }
}

async function askCustody(p: ObtainContentKeyParams, agent: CustodyAgentAddress, threshold: number, opts: RequestKeyOptions, outcomes: Map<string, string>): Promise<ReceivedShare | undefined> {
  const req = requestFor(p, agent.peerId, outcomes);
  if (!req) return undefined;
  try {
    const bundle = await requestKey(p.libp2p, agent, req, p.receiverPriv, opts);
    bundle.mark.fill(0);
    const share = bundle.share;
    if (!share || share.index !== agent.index || share.threshold !== threshold) {
      bundle.contentKey?.fill(0);
      share?.value.fill(0);
      outcomes.set(agent.peerId, 'BAD_ANSWER');
      return undefined;
    }
    outcomes.set(agent.peerId, 'ok');
    return { agent: agent.peerId, index: share.index, value: share.value };
  } catch (err) {
    outcomes.set(agent.peerId, asKeyAgentError(err, agent.peerId).outcome);
    return undefined;
  }
}

/** The signed request for `agent`; without one, the agent's outcome is NO_REQUEST. */
function requestFor(p: ObtainContentKeyParams, agent: string, outcomes: Map<string, string>): KeyRequest | undefined {
  const req = p.requests.get(agent);
  if (!req) outcomes.set(agent, 'NO_REQUEST');
  return req;
}

function asKeyAgentError(err: unknown, agent: string): KeyAgentError {
  if (err instanceof KeyAgentError) return err;
  return new KeyAgentError('KEY_UNREACHABLE', `key agent ${agent}: ${errorMessage(err)}`, { agent });
}

function summaryError(code: 'KEY_NOT_ENOUGH_SHARES' | 'KEY_CHECK_FAILED' | 'KEY_UNREACHABLE', what: string, outcomes: Map<string, string>, licenseId: bigint): KeyAgentError {
  const list = [...outcomes].map(([agent, outcome]) => `${agent}: ${outcome}`).join(', ');
  const distinct = new Set(outcomes.values());
  const ctx: Record<string, unknown> = { license: licenseId.toString(), outcomes: Object.fromEntries(outcomes) };
  // Every agent refused for the same reason (NOT_OWNER, say): keep it, so callers can say why.
  if (distinct.size === 1) ctx.refusalName = [...distinct][0];
  return new KeyAgentError(code, `${what}: ${list}`, ctx);
}
