// Staking and slashing through the real App over a real StateStore: the validator set at the
// end of blocks, delegations, unbonding by block time, double-sign and downtime punishments.
import { QuerySupplyOfRequest, QuerySupplyOfResponse, QueryBalanceRequest, QueryBalanceResponse } from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { QueryValidatorRequest, QueryValidatorResponse, QueryValidatorsRequest, QueryValidatorsResponse, QueryPoolRequest, QueryPoolResponse } from 'cosmjs-types/cosmos/staking/v1beta1/query';
import { QuerySigningInfoRequest, QuerySigningInfoResponse } from 'cosmjs-types/cosmos/slashing/v1beta1/query';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../src/codec/address.js';
import { addressFromPubKey } from '../../../src/consensus/signBytes.js';
import { addGenesisValidator } from '../../../src/state/modules/staking/genesisBuilder.js';
import { pubKeyToAny } from '../../../src/state/modules/staking/validator.js';
import type { BlockContext, TxResult } from '../../../src/types/abci.js';
import { devnetAppState, eventAttrs, makeHarness, signer, signTx, type Harness, type Signer } from './harness.js';

const PUB_A = new Uint8Array(32).fill(0xa1);
const PUB_B = new Uint8Array(32).fill(0xb2);
const CONS_A = addressFromPubKey(PUB_A);
const CONS_B = addressFromPubKey(PUB_B);

let alice: Signer, bob: Signer, carol: Signer;
let h: Harness;

const valoper = (s: Signer) => toBech32Address(fromBech32Address(s.address), VALOPER_PREFIX);

function appState() {
  const g: any = { validators: [], app_state: devnetAppState() };
  addGenesisValidator(g, { operator: alice.address, consensusPubKey: PUB_A, moniker: 'alice-val', selfDelegation: 10_000_000n });
  g.app_state.staking.params.unbonding_time = '10s';
  g.app_state.slashing.params.signed_blocks_window = '10';
  g.app_state.slashing.params.downtime_jail_duration = '5s';
  return g.app_state;
}

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2)]);
});
beforeEach(async () => {
  h = await makeHarness(appState());
});
afterEach(async () => {
  await h.close();
});

async function run(s: Signer, msgs: EncodeObject[], opts: { context?: BlockContext; timeMs?: bigint } = {}): Promise<TxResult> {
  const acct = await q('/cosmos.auth.v1beta1.Query/Account', QueryAccountRequest.encode({ address: s.address }).finish(), QueryAccountResponse);
  const sequence = Number(BaseAccount.decode(acct.account!.value).sequence);
  const tx = await signTx(s, { sequence, msgs, gas: 400_000n, fee: '1000' });
  const [r] = await h.commitBlock([tx], opts);
  return r;
}

const block = (context?: BlockContext, timeMs?: bigint) => h.commitBlock([], { context, timeMs });

function createValidator(s: Signer, amount: string, pubKey = PUB_B, rate = '100000000000000000'): EncodeObject {
  return {
    typeUrl: '/cosmos.staking.v1beta1.MsgCreateValidator',
    value: {
      description: { moniker: 'bob-val', identity: '', website: '', securityContact: '', details: '' },
      commission: { rate, maxRate: '200000000000000000', maxChangeRate: '10000000000000000' },
      minSelfDelegation: '1',
      delegatorAddress: s.address,
      validatorAddress: valoper(s),
      pubkey: pubKeyToAny(pubKey),
      value: { denom: 'useed', amount },
    },
  };
}
const delegate = (s: Signer, val: string, amount: string): EncodeObject => ({ typeUrl: '/cosmos.staking.v1beta1.MsgDelegate', value: { delegatorAddress: s.address, validatorAddress: val, amount: { denom: 'useed', amount } } });
const undelegate = (s: Signer, val: string, amount: string): EncodeObject => ({ typeUrl: '/cosmos.staking.v1beta1.MsgUndelegate', value: { delegatorAddress: s.address, validatorAddress: val, amount: { denom: 'useed', amount } } });
const unjail = (s: Signer): EncodeObject => ({ typeUrl: '/cosmos.slashing.v1beta1.MsgUnjail', value: { validatorAddr: valoper(s) } });

async function q<T>(path: string, req: Uint8Array, dec: { decode(b: Uint8Array): T }): Promise<T> {
  const out = await h.query(path, req);
  expect(out.log).toBe('');
  return dec.decode(out.value);
}
const validator = async (s: Signer) => (await q('/cosmos.staking.v1beta1.Query/Validator', QueryValidatorRequest.encode({ validatorAddr: valoper(s) }).finish(), QueryValidatorResponse)).validator;
const supply = async () => BigInt((await q('/cosmos.bank.v1beta1.Query/SupplyOf', QuerySupplyOfRequest.encode({ denom: 'useed' }).finish(), QuerySupplyOfResponse)).amount.amount);
const balance = async (address: string) => BigInt((await q('/cosmos.bank.v1beta1.Query/Balance', QueryBalanceRequest.encode({ address, denom: 'useed' }).finish(), QueryBalanceResponse)).balance!.amount);
const pool = async () => (await q('/cosmos.staking.v1beta1.Query/Pool', QueryPoolRequest.encode({}).finish(), QueryPoolResponse)).pool;
const updates = () => h.lastEnd.validatorUpdates.map((u) => ({ key: Buffer.from(u.pubKey).toString('hex').slice(0, 4), power: u.power }));
const votes = (signedB: boolean) => ({ lastCommit: [{ address: CONS_A, power: 10n, signed: true }, { address: CONS_B, power: 2n, signed: signedB }], misbehavior: [], proposer: CONS_A });

describe('staking', () => {
  it('bonds the genesis validator and returns it from InitChain', async () => {
    expect(h.genesisValidators).toEqual([{ pubKey: PUB_A, power: 10n }]);
    expect((await validator(alice)).status).toBe(3);
    expect((await pool()).bondedTokens).toBe('10000000');
  });

  it('create validator joins the set at the end of the block; delegate and undelegate change its power', async () => {
    const before = await supply();
    const r = await run(bob, [createValidator(bob, '2000000')]);
    expect(r.log).toBe('');
    expect(eventAttrs(r, 'create_validator')[0]).toEqual({ validator: valoper(bob), amount: '2000000useed' });
    expect(updates()).toEqual([{ key: 'b2b2', power: 2n }]);
    expect((await validator(bob)).status).toBe(3);
    expect((await pool()).bondedTokens).toBe('12000000');
    const all = await q('/cosmos.staking.v1beta1.Query/Validators', QueryValidatorsRequest.encode({ status: 'BOND_STATUS_BONDED' }).finish(), QueryValidatorsResponse);
    expect(all.validators).toHaveLength(2);

    expect((await run(carol, [delegate(carol, valoper(bob), '3000000')])).log).toBe('');
    expect(updates()).toEqual([{ key: 'b2b2', power: 5n }]);
    expect((await run(carol, [undelegate(carol, valoper(bob), '1500000')])).log).toBe('');
    expect(updates()).toEqual([{ key: 'b2b2', power: 3n }]);
    await block();
    expect(updates()).toEqual([]); // nothing changed: no update
    expect(await supply()).toBe(before); // bonding and unbonding move coins, never create or destroy them
  });

  it('pays an unbonding back after the unbonding time, not before', async () => {
    await run(carol, [delegate(carol, valoper(alice), '4000000')]);
    const r = await run(carol, [undelegate(carol, valoper(alice), '4000000')]); // at t = 2 s, matures at 12 s
    expect(eventAttrs(r, 'unbond')[0].amount).toBe('4000000useed');
    const after = await balance(carol.address);
    expect((await pool()).notBondedTokens).toBe('4000000');
    await block(undefined, 11_999n);
    expect(await balance(carol.address)).toBe(after);
    await block(undefined, 12_000n);
    expect(await balance(carol.address)).toBe(after + 4_000_000n);
    expect(h.lastEnd.events.find((e) => e.type === 'complete_unbonding')).toBeDefined();
    expect((await pool()).notBondedTokens).toBe('0');
  });

  it('refuses bad input with clear errors', async () => {
    expect((await run(bob, [createValidator(bob, '2000000')])).code).toBe(0);
    const twice = await run(bob, [createValidator(bob, '2000000', new Uint8Array(32).fill(7))]);
    expect([twice.codespace, twice.code, twice.log]).toEqual(['staking', 4, expect.stringMatching(/already exists/)]);
    const sameKey = await run(carol, [createValidator(carol, '2000000', PUB_B)]);
    expect(sameKey.log).toMatch(/consensus pubkey already exists/);
    const huge = await run(carol, [createValidator(carol, '2000000', new Uint8Array(32).fill(8), '1100000000000000000')]);
    expect(huge.log).toMatch(/more than 100%|more than the max rate/);
    const unknown = await run(carol, [delegate(carol, valoper(carol), '5')]);
    expect(unknown.log).toMatch(/does not exist/);
    const zero = await run(carol, [delegate(carol, valoper(bob), '0')]);
    expect(zero.code).not.toBe(0);
    expect(zero.log).toMatch(/must be positive/);
    const negative = await run(carol, [delegate(carol, valoper(bob), '-5')]);
    expect(negative.log).toMatch(/invalid coin amount/);
    const none = await run(carol, [undelegate(carol, valoper(bob), '5')]);
    expect(none.log).toMatch(/no delegation/);
    await run(carol, [delegate(carol, valoper(bob), '1000000')]);
    const tooMuch = await run(carol, [undelegate(carol, valoper(bob), '1000001')]);
    expect([tooMuch.code, tooMuch.log]).toEqual([24, expect.stringMatching(/more than the 1000000 delegated/)]);
    const notJailed = await run(bob, [unjail(bob)]);
    expect([notJailed.codespace, notJailed.log]).toEqual(['slashing', expect.stringMatching(/not jailed/)]);
  });
});

describe('slashing', () => {
  it('double sign: slashes 5%, burns it, jails, tombstones and removes the validator for good', async () => {
    await run(bob, [createValidator(bob, '2000000')]);
    const before = await supply();
    await block({ lastCommit: [], misbehavior: [{ type: 'duplicate_vote', address: CONS_A, height: 1n, timeMs: 1000n, power: 10n, totalVotingPower: 12n }], proposer: CONS_B });
    const v = await validator(alice);
    expect(v.tokens).toBe('9500000');
    expect(v.jailed).toBe(true);
    expect(await supply()).toBe(before - 500_000n);
    expect(updates()).toEqual([{ key: 'a1a1', power: 0n }]);
    expect(h.lastEnd.events.find((e) => e.type === 'slash')?.attributes.find((a) => a.key === 'reason')?.value).toBe('double_sign');
    const info = await q('/cosmos.slashing.v1beta1.Query/SigningInfo', QuerySigningInfoRequest.encode({ consAddress: toBech32Address(CONS_A, 'seedvalcons') }).finish(), QuerySigningInfoResponse);
    expect(info.valSigningInfo.tombstoned).toBe(true);
    const r = await run(alice, [unjail(alice)], { timeMs: 10n ** 12n });
    expect(r.log).toMatch(/tombstoned/);
    // A second report of the same offence does not punish twice.
    await block({ lastCommit: [], misbehavior: [{ type: 'duplicate_vote', address: CONS_A, height: 1n, timeMs: 1000n, power: 10n, totalVotingPower: 12n }], proposer: CONS_B }, 10n ** 12n + 1000n);
    expect((await validator(alice)).tokens).toBe('9500000');
  });

  it('downtime: jailed and removed after missing more than the window allows; unjail later returns it', async () => {
    await run(bob, [createValidator(bob, '2000000')]); // height 1
    for (let i = 0; i < 5; i++) await block(votes(true));
    const bondedBefore = BigInt((await pool()).bondedTokens);
    let jailedAt = 0n;
    for (let i = 0; i < 12 && !jailedAt; i++) {
      await block(votes(false));
      if (updates().length > 0) jailedAt = h.height;
    }
    expect(jailedAt).toBeGreaterThan(0n);
    expect(updates()).toEqual([{ key: 'b2b2', power: 0n }]);
    const v = await validator(bob);
    expect(v.jailed).toBe(true);
    expect(v.tokens).toBe('1999800'); // 0.01% of 2 SEED burned
    expect(BigInt((await pool()).bondedTokens)).toBe(bondedBefore - 2_000_000n); // moved to not-bonded, minus the burn

    const early = await run(bob, [unjail(bob)]);
    expect(early.log).toMatch(/still jailed until/);
    const late = await run(bob, [unjail(bob)], { timeMs: jailedAt * 1000n + 10_000n });
    expect(late.log).toBe('');
    expect(updates()).toEqual([{ key: 'b2b2', power: 1n }]);
  });
});
