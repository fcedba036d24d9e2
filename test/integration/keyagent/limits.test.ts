// Rate limits, a busy agent, and junk on the wire: refusals or dropped streams, never a crash,
// and the agent keeps serving afterwards.
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { KeyResponse, RefusalCode } from '../../../src/codec/seedcast/keys.js';
import { requestKey } from '../../../src/keyagent/client.js';
import { KEYS_PROTOCOL, MAX_REQUEST_BYTES } from '../../../src/keyagent/constants.js';
import { KeyAgentError } from '../../../src/keyagent/errors.js';
import { encodeFrame, frameHeader } from '../../../src/p2p/framing.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';
import { readOneFrame } from '../../../src/p2p/streams.js';
import type { KeyMaterial } from '../../../src/keyagent/types.js';
import { newOwner, startWorld, type AgentHost, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.stop();
});

async function code(p: Promise<unknown>): Promise<RefusalCode | string | 'served'> {
  try {
    await p;
    return 'served';
  } catch (err) {
    if (err instanceof KeyAgentError) {
      if (process.env.KA_DEBUG) console.log(err.message);
      return err.code === 'KEY_REFUSED' ? err.refusal! : err.code;
    }
    throw err;
  }
}

async function ask(agent: AgentHost, owner = newOwner(), number = BigInt(Math.floor(Math.random() * 1e9) + 1000), from = w.buyer) {
  const license = w.mint(owner, number);
  return code(requestKey(from, agent.address(), w.request(owner, license, agent.peerId), w.buyerX25519.privateKey));
}

describe('limits', () => {
  it('per peer: past the burst a peer is RATE_LIMITED while another peer is still served', async () => {
    const agent = await w.extraAgent({ perPeerBurst: 3, perPeerPerSec: 0.01 });
    expect([await ask(agent), await ask(agent), await ask(agent)]).toEqual(['served', 'served', 'served']);
    expect(await ask(agent)).toBe(RefusalCode.RATE_LIMITED);
    const other = await bareLibp2p();
    w.hosts.push(other);
    expect(await ask(agent, newOwner(), 77n, other)).toBe('served');
    expect(agent.agent!.stats().refused.RATE_LIMITED).toBe(1);
  });

  it('per license: past its minute budget one license is RATE_LIMITED, others are served', async () => {
    const agent = await w.extraAgent({ perLicensePerMin: 2 });
    const alice = newOwner();
    const license = w.mint(alice, 555n);
    const again = () => code(requestKey(w.buyer, agent.address(), w.request(alice, license, agent.peerId), w.buyerX25519.privateKey));
    expect([await again(), await again()]).toEqual(['served', 'served']);
    expect(await again()).toBe(RefusalCode.RATE_LIMITED);
    expect(await ask(agent)).toBe('served');
  });

  it('at maxInflight the agent answers busy (RATE_LIMITED) at once instead of queueing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const agent = await w.extraAgent({ maxInflight: 1 }, async (l): Promise<KeyMaterial> => {
      await gate;
      return { kind: 'key', contentKey: new Uint8Array(32).fill(1), mark: new Uint8Array(32).fill(Number(l.number % 200n)) };
    });
    const first = ask(agent);
    await new Promise((r) => setTimeout(r, 100));
    expect(await ask(agent)).toBe(RefusalCode.RATE_LIMITED);
    release();
    expect(await first).toBe('served');
  });
});

describe('junk on the wire', () => {
  async function raw(agent: AgentHost, bytes: Uint8Array[], waitMs = 3000): Promise<KeyResponse | 'closed'> {
    await w.buyer.dial(agent.addrs.map((a) => multiaddr(a)));
    const stream = await w.buyer.dialProtocol(peerIdFromString(agent.peerId), KEYS_PROTOCOL);
    for (const b of bytes) stream.send(b);
    try {
      return KeyResponse.decode(await readOneFrame(stream, 4096, AbortSignal.timeout(waitMs)));
    } catch {
      return 'closed';
    } finally {
      stream.abort(new Error('done'));
    }
  }

  it('an oversized frame is dropped, junk and empty frames are MALFORMED, silence times out; the agent keeps serving', async () => {
    const agent = await w.extraAgent({ readTimeoutMs: 300 });
    expect(await raw(agent, [frameHeader(MAX_REQUEST_BYTES + 1), new Uint8Array(64)])).toBe('closed');
    expect(await raw(agent, [frameHeader(0xffffffff)])).toBe('closed');
    const junk = await raw(agent, [encodeFrame(Uint8Array.of(0xff, 0xff, 0xff, 0x01, 0x02))]);
    expect(junk).toMatchObject({ refusal: { code: RefusalCode.MALFORMED, message: expect.stringMatching(/does not decode/) } });
    const empty = await raw(agent, [encodeFrame(new Uint8Array(0))]);
    expect(empty).toMatchObject({ refusal: { code: RefusalCode.MALFORMED } });
    const short = await raw(agent, [encodeFrame(Uint8Array.of(0x0a, 0x01, 0x61, 0x10, 0x05))]);
    expect(short).toMatchObject({ refusal: { code: RefusalCode.MALFORMED, message: expect.stringMatching(/content_id/) } });
    expect(await raw(agent, [Uint8Array.of(0, 0)], 1500)).toBe('closed');
    expect(await raw(agent, [], 1500)).toBe('closed');
    expect(agent.agent!.stats().dropped).toBe(4);
    expect(await ask(agent)).toBe('served');
  });

  it('an agent answering junk or an oversized frame gives KEY_BAD_ANSWER', async () => {
    const fake = await bareLibp2p();
    w.hosts.push(fake);
    const answers = [encodeFrame(Uint8Array.of(0xff, 0xff)), encodeFrame(new Uint8Array(0)), frameHeader(1 << 20)];
    await fake.handle(KEYS_PROTOCOL, async (stream) => {
      stream.send(answers.shift()!);
      await stream.close().catch(() => {});
    });
    const address = { peerId: fake.peerId.toString(), addrs: fake.getMultiaddrs().map((m) => m.toString()) };
    const owner = newOwner();
    const license = w.mint(owner, 9001n);
    for (let i = 0; i < 3; i++) {
      expect(await code(requestKey(w.buyer, address, w.request(owner, license, address.peerId), w.buyerX25519.privateKey, { timeoutMs: 3000 }))).toBe('KEY_BAD_ANSWER');
    }
  });
});
