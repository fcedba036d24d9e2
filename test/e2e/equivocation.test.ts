// A validator that double-signs (the hidden --test.equivocate switch signs a second, conflicting
// prevote for each prevote) is caught by its peers: the duplicate-vote evidence is committed in a
// block, the slashing module slashes, jails and tombstones it, the validator set drops it, and the
// three honest validators keep committing the same chain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rpcCall } from '../helpers/devnet.js';
import { runCli, Testnet } from '../helpers/testnet.js';

describe('an equivocating validator (4-validator testnet, real processes)', () => {
  let net: Testnet;
  let offender: string; // consensus address, upper-case hex

  beforeAll(async () => {
    net = await Testnet.create({ validators: 4 });
    offender = JSON.parse(readFileSync(join(net.nodes[3]!.info.home, 'config', 'priv_validator_key.json'), 'utf8')).address;
    for (const n of net.nodes.slice(0, 3)) n.start();
    net.nodes[3]!.start(['--test.equivocate']);
  }, 60_000);

  afterAll(async () => {
    await net?.stopAll();
  });

  test('is caught, its evidence committed, and it is slashed, jailed, tombstoned and removed', async () => {
    const honest = net.nodes.slice(0, 3);
    const rpc = honest[0]!.rpc;
    let scanned = 0;
    const evidence = await net.until('duplicate-vote evidence in a block', async () => {
      const top = await honest[0]!.height().catch(() => 0);
      for (let h = scanned + 1; h <= top; h++) {
        const j = await rpcCall(rpc, 'block', { height: String(h) });
        const ev = j.result?.block?.evidence?.evidence ?? [];
        scanned = h;
        if (ev.length > 0) return { height: h, ev: ev[0] };
      }
      return undefined;
    }, 90_000);
    expect(evidence.ev.type).toBe('tendermint/DuplicateVoteEvidence');
    const { vote_a: a, vote_b: b } = evidence.ev.value;
    expect(a.validator_address).toBe(offender);
    expect(b.validator_address).toBe(offender);
    expect(a.height).toBe(b.height);
    expect(a.round).toBe(b.round);
    expect(a.block_id.hash).not.toBe(b.block_id.hash);

    // Validator updates apply two heights later: the offender leaves the consensus set.
    await net.until('the offender to leave the validator set', async () => {
      const j = await rpcCall(rpc, 'validators', {});
      const addrs: string[] = (j.result?.validators ?? []).map((v: { address: string }) => v.address);
      return addrs.length === 3 && !addrs.includes(offender) ? true : undefined;
    }, 30_000);

    const vals = JSON.parse(runCli(['query', 'staking', 'validators', '--node', rpc, '--output', 'json'])).validators;
    const bad = vals.find((v: { description: { moniker: string } }) => v.description.moniker === 'node3');
    const good = vals.find((v: { description: { moniker: string } }) => v.description.moniker === 'node0');
    expect(bad.jailed).toBe(true);
    expect(good.jailed).toBe(false);
    expect(BigInt(bad.tokens)).toBe(BigInt(good.tokens) - (BigInt(good.tokens) * 5n) / 100n); // slash_fraction_double_sign 5%
    const info = JSON.parse(runCli(['query', 'slashing', 'signing-info', bad.operator_address, '--node', rpc, '--output', 'json']));
    expect(info.tombstoned).toBe(true);

    // The honest three keep going on one chain.
    try {
      const h = await net.maxHeight(honest);
      await net.waitForHeight(h + 3, { nodes: honest });
      await net.assertAgreement(honest);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${net.logTails(30)}`);
    }
  }, 180_000);
});
