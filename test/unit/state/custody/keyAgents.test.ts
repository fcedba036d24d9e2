// Validator key agents in the staking module, over the real App: registration by the operator's
// own account, refusals, rotation, the two queries, and the genesis `key_agents` section.
import { toBech32Address } from '../../../../src/codec/address.js';
import { QueryKeyAgentRequest, QueryKeyAgentResponse, QueryKeyAgentsRequest, QueryKeyAgentsResponse, type KeyAgent } from '../../../../src/codec/seedcast/custody.js';
import { eventAttrs, makeHarness, signer, type Harness, type Signer } from '../harness.js';
import { newPeerId } from '../content/fixtures.js';
import { agentIdentity, custodyAppState, registerMsg, runTx, valoper, type AgentIdentity } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;
let peer: string, otherPeer: string;
const agents = new Map<string, AgentIdentity>();
let h: Harness;

beforeAll(async () => {
  [alice, bob, carol, dave, peer, otherPeer] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3), newPeerId(), newPeerId()]);
  for (const s of [bob, carol]) agents.set(s.address, await agentIdentity(newPeerId));
});
beforeEach(async () => {
  h = await makeHarness(custodyAppState([alice, bob, carol], agents, [bob, carol]));
});
afterEach(async () => {
  await h.close();
});

async function keyAgent(operator: string): Promise<KeyAgent | { code: number; log: string }> {
  const r = await h.query('/seedcast.staking.v1.Query/KeyAgent', QueryKeyAgentRequest.encode({ operator }));
  return r.code === 0 ? QueryKeyAgentResponse.decode(r.value).keyAgent! : r;
}

async function keyAgents(pagination?: { limit?: bigint; key?: Uint8Array; countTotal?: boolean }) {
  const r = await h.query('/seedcast.staking.v1.Query/KeyAgents', QueryKeyAgentsRequest.encode(pagination ? { pagination } : {}));
  expect(r.code).toBe(0);
  return QueryKeyAgentsResponse.decode(r.value);
}

describe('MsgRegisterKeyAgent', () => {
  it('the operator registers its key agent: stored at the block height, event, queries', async () => {
    expect(await keyAgent(valoper(alice))).toMatchObject({ code: 22, log: expect.stringMatching(/NotFound/) });
    const key = new Uint8Array(32).fill(0x42);
    const addrs = ['/ip4/127.0.0.1/tcp/4001', `/dns4/val.example/tcp/4001/p2p/${peer}`];
    const r = await runTx(h, alice, [registerMsg({ operator: valoper(alice), signer: alice.address, x25519PublicKey: key, peerId: peer, addrs })]);
    expect([r.code, r.log]).toEqual([0, '']);
    expect(eventAttrs(r, 'key_agent')).toEqual([{ operator: valoper(alice), peer_id: peer }]);
    expect(eventAttrs(r, 'message')).toContainEqual({ sender: alice.address, module: 'staking' });
    const stored = await keyAgent(valoper(alice));
    expect(stored).toEqual({ operator: valoper(alice), x25519PublicKey: Buffer.from(key), peerId: peer, addrs, height: h.height });

    const all = await keyAgents({ countTotal: true });
    expect(all.keyAgents.map((a) => a.operator).sort()).toEqual([valoper(alice), valoper(bob), valoper(carol)].sort());
    expect(all.pagination?.total).toBe(3n);
    const first = await keyAgents({ limit: 2n });
    const rest = await keyAgents({ limit: 2n, key: first.pagination!.nextKey });
    expect([...first.keyAgents, ...rest.keyAgents]).toEqual(all.keyAgents);
    expect(rest.pagination!.nextKey.length).toBe(0);
  });

  it('a re-registration replaces the record (key rotation)', async () => {
    await runTx(h, alice, [registerMsg({ operator: valoper(alice), signer: alice.address, peerId: peer })]);
    const firstHeight = h.height;
    const rotated = new Uint8Array(32).fill(0x99);
    const r = await runTx(h, alice, [registerMsg({ operator: valoper(alice), signer: alice.address, x25519PublicKey: rotated, peerId: otherPeer })]);
    expect(r.code).toBe(0);
    expect(await keyAgent(valoper(alice))).toMatchObject({ x25519PublicKey: Buffer.from(rotated), peerId: otherPeer, height: firstHeight + 1n });
    expect((await keyAgents()).keyAgents).toHaveLength(3);
  });

  it('another account cannot register for a validator; nothing is stored', async () => {
    const r = await runTx(h, bob, [registerMsg({ operator: valoper(alice), signer: bob.address, peerId: peer })]);
    expect([r.code, r.log]).toEqual([4, expect.stringMatching(`key agent signer ${bob.address} is not the account of validator ${valoper(alice)}`)]);
    expect(await keyAgent(valoper(alice))).toMatchObject({ code: 22 });
  });

  it('an account that runs no validator is refused', async () => {
    const r = await runTx(h, dave, [registerMsg({ operator: valoper(dave), signer: dave.address, peerId: peer })]);
    expect([r.codespace, r.code, r.log]).toEqual(['staking', 3, expect.stringMatching(`validator ${valoper(dave)} does not exist`)]);
    expect(await keyAgent(valoper(dave))).toMatchObject({ code: 22 });
  });

  it.each([
    ['a 31-byte key', { x25519PublicKey: new Uint8Array(31).fill(1) }, /x25519_public_key must be 32 bytes, got 31/],
    ['a 33-byte key', { x25519PublicKey: new Uint8Array(33).fill(1) }, /must be 32 bytes, got 33/],
    ['the all-zero key', { x25519PublicKey: new Uint8Array(32) }, /must not be all zeros/],
    ['a bad peer id', { peerId: 'not-a-peer' }, /peer_id "not-a-peer" is not a libp2p peer id/],
    ['a bad multiaddr', { addrs: ['127.0.0.1:4001'] }, /addr "127.0.0.1:4001" is not a multiaddr/],
    ['five addrs', { addrs: Array(5).fill('/ip4/127.0.0.1/tcp/1') }, /has 5 addrs, at most 4/],
    ['an addr naming another peer', { addrs: ['/ip4/127.0.0.1/tcp/1/p2p/OTHER'] }, /names peer .*not the registered peer_id/],
  ])('refuses %s (code 18), stores nothing', async (_what, over, log) => {
    const fields = { ...over } as Record<string, unknown>;
    if (Array.isArray(fields.addrs)) fields.addrs = (fields.addrs as string[]).map((a) => a.replace('OTHER', otherPeer));
    const r = await runTx(h, alice, [registerMsg({ operator: valoper(alice), signer: alice.address, peerId: peer, ...fields })]);
    expect([r.code, r.log]).toEqual([18, expect.stringMatching(log)]);
    expect(await keyAgent(valoper(alice))).toMatchObject({ code: 22 });
  });

  it('bad query arguments get InvalidArgument', async () => {
    expect(await keyAgent(alice.address)).toMatchObject({ code: 18, log: expect.stringMatching(/InvalidArgument.*invalid validator address/) });
    const garbage = await h.query('/seedcast.staking.v1.Query/KeyAgents', Uint8Array.of(0x0a, 0xff));
    expect(garbage.code).not.toBe(0);
    expect(garbage.log).toMatch(/cannot decode seedcast.staking.v1.QueryKeyAgentsRequest/);
  });
});

describe('genesis key_agents', () => {
  it('genesis agents are stored at height 0 under canonical operator addresses', async () => {
    const a = agents.get(bob.address)!;
    expect(await keyAgent(valoper(bob))).toEqual({ operator: valoper(bob), x25519PublicKey: Buffer.from(a.keys.publicKey), peerId: a.peerId, addrs: [`/ip4/127.0.0.1/tcp/26656/p2p/${a.peerId}`], height: 0n });
  });

  it.each([
    ['a non-validator', (s: any) => (s.key_agents[0].operator = valoper(dave)), /key_agents\[0\].*is not a genesis validator/],
    ['an account address', (s: any) => (s.key_agents[0].operator = toBech32Address(new Uint8Array(20).fill(1))), /key_agents\[0\].*invalid validator address/],
    ['a short key', (s: any) => (s.key_agents[1].x25519_public_key = Buffer.alloc(16, 1).toString('base64')), /key_agents\[1\].*must be 32 bytes, got 16/],
    ['two agents for one validator', (s: any) => s.key_agents.push({ ...s.key_agents[0] }), /key_agents\[2\].*has two key agents/],
    ['a non-list', (s: any) => (s.key_agents = { operator: 'x' }), /key_agents must be a list/],
  ])('refuses %s', async (_what, bend, error) => {
    const state: any = custodyAppState([alice, bob, carol], agents, [bob, carol]);
    bend(state.staking);
    await expect(makeHarness(state)).rejects.toThrow(error);
  });
});
