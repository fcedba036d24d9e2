// `seedcast testnet` homes carry a genesis in which every validator is already a key agent:
// its node's agent key (config/agent_key.json), peer id and p2p address. The real App accepts it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestnet } from '../../../../src/cli/testnet.js';
import { QueryKeyAgentsRequest, QueryKeyAgentsResponse } from '../../../../src/codec/seedcast/custody.js';
import { loadAgentKey } from '../../../../src/keys/agentKey.js';
import { addGenesisKeyAgent } from '../../../../src/state/modules/staking/genesisBuilder.js';
import { makeHarness } from '../harness.js';
import { valoper } from './fixtures.js';

describe('testnet genesis key agents', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'seedcast-custody-testnet-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names every validator with its home agent key, peer id and p2p addr; the app stores them at height 0', async () => {
    const { manifest } = await createTestnet({ dir, validators: 2, basePort: 31_000, accounts: 1 });
    const genesis = JSON.parse(readFileSync(join(manifest.nodes[0]!.home, 'config', 'genesis.json'), 'utf8'));
    const expected = manifest.nodes.map((n) => {
      const key = loadAgentKey(join(n.home, 'config', 'agent_key.json'));
      const peerId = n.p2p.split('/p2p/')[1]!;
      return { operator: valoper(n.operator), x25519_public_key: Buffer.from(key.publicKey).toString('base64'), peer_id: peerId, addrs: [n.p2p] };
    });
    expect(genesis.app_state.staking.key_agents).toEqual(expected);
    expect(new Set(expected.map((e) => e.x25519_public_key)).size).toBe(2);

    const h = await makeHarness(genesis.app_state);
    try {
      const r = await h.query('/seedcast.staking.v1.Query/KeyAgents', QueryKeyAgentsRequest.encode({}));
      const stored = QueryKeyAgentsResponse.decode(r.value).keyAgents;
      expect(stored.map((a) => a.operator).sort()).toEqual(expected.map((e) => e.operator).sort());
      expect(stored.every((a) => a.height === 0n)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('addGenesisKeyAgent refuses a non-validator, a bad key and a second agent for one validator', async () => {
    const { manifest } = await createTestnet({ dir, validators: 1, basePort: 31_100, accounts: 1 });
    const genesis = JSON.parse(readFileSync(join(manifest.nodes[0]!.home, 'config', 'genesis.json'), 'utf8'));
    const agent = genesis.app_state.staking.key_agents[0];
    const input = { operator: manifest.nodes[0]!.operator, x25519PublicKey: new Uint8Array(Buffer.from(agent.x25519_public_key, 'base64')), peerId: agent.peer_id, addrs: [] };
    expect(() => addGenesisKeyAgent(genesis, input)).toThrow(/already has a genesis key agent/);
    expect(() => addGenesisKeyAgent(genesis, { ...input, operator: 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag' })).toThrow(/not a genesis validator/);
    genesis.app_state.staking.key_agents = [];
    expect(() => addGenesisKeyAgent(genesis, { ...input, x25519PublicKey: new Uint8Array(31) })).toThrow(/must be 32 bytes/);
    expect(() => addGenesisKeyAgent(genesis, { ...input, operator: 'nonsense' })).toThrow(/key agent operator "nonsense"/);
  });
});
