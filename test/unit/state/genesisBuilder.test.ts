import { addGenesisValidator, defaultSlashingGenesis, defaultStakingGenesis } from '../../../src/state/modules/staking/genesisBuilder.js';
import { moduleAccountBech32 } from '../../../src/state/modules/staking/pools.js';
import { toBech32Address } from '../../../src/codec/address.js';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/devnet.js';

const devnetAppState = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'genesis', 'devnet.json'), 'utf8')).app_state;

const ALICE = 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag';
const pub = (n: number) => new Uint8Array(32).fill(n);

function genesis() {
  return { chain_id: 'x', validators: [] as any[], app_state: devnetAppState() as any };
}

describe('addGenesisValidator', () => {
  it('moves the self-delegation into the bonded pool and adds validator, delegation and CometBFT entry', () => {
    const g = genesis();
    addGenesisValidator(g, { operator: ALICE, consensusPubKey: pub(1), moniker: 'v0', selfDelegation: 10_000_000n });
    const balances = g.app_state.bank.balances;
    expect(balances.find((b: any) => b.address === ALICE).coins[0].amount).toBe(String(1_000_000_000_000_000n - 10_000_000n));
    expect(balances.find((b: any) => b.address === moduleAccountBech32('bonded_tokens_pool')).coins).toEqual([{ denom: 'useed', amount: '10000000' }]);
    const [v] = g.app_state.staking.validators;
    expect(v.operator_address).toMatch(/^seedvaloper1/);
    expect(v.tokens).toBe('10000000');
    expect(v.delegator_shares).toBe('10000000.000000000000000000');
    expect(g.app_state.staking.delegations).toEqual([{ delegator_address: ALICE, validator_address: v.operator_address, shares: '10000000.000000000000000000' }]);
    expect(g.validators).toEqual([{ address: expect.stringMatching(/^[0-9A-F]{40}$/), pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.from(pub(1)).toString('base64') }, power: '10', name: 'v0' }]);
  });

  it('refuses an unfunded operator, a duplicate, a bad key and a zero-power bond', () => {
    const g = genesis();
    const stranger = toBech32Address(new Uint8Array(20).fill(9));
    expect(() => addGenesisValidator(g, { operator: 'seed1bad', consensusPubKey: pub(1), moniker: 'x', selfDelegation: 1_000_000n })).toThrow(/invalid bech32/);
    expect(() => addGenesisValidator(g, { operator: stranger, consensusPubKey: pub(1), moniker: 'x', selfDelegation: 1_000_000n })).toThrow(/needs 1000000useed/);
    addGenesisValidator(g, { operator: ALICE, consensusPubKey: pub(1), moniker: 'v0', selfDelegation: 1_000_000n });
    expect(() => addGenesisValidator(g, { operator: ALICE, consensusPubKey: pub(2), moniker: 'v0', selfDelegation: 1_000_000n })).toThrow(/already in genesis/);
    expect(() => addGenesisValidator(g, { operator: ALICE, consensusPubKey: new Uint8Array(31), moniker: 'v0', selfDelegation: 1_000_000n })).toThrow(/32-byte/);
    expect(() => addGenesisValidator(g, { operator: ALICE, consensusPubKey: pub(3), moniker: 'v0', selfDelegation: 999_999n })).toThrow(/power 1/);
  });

  it('default sections carry the documented parameters', () => {
    expect(defaultStakingGenesis().params).toEqual({ unbonding_time: '60s', max_validators: 100, max_entries: 7, historical_entries: 0, bond_denom: 'useed', min_commission_rate: '0.000000000000000000' });
    expect(defaultSlashingGenesis().params).toEqual({ signed_blocks_window: '100', min_signed_per_window: '0.500000000000000000', downtime_jail_duration: '60s', slash_fraction_double_sign: '0.050000000000000000', slash_fraction_downtime: '0.000100000000000000' });
  });
});
