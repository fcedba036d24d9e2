// Bank and auth queries (pagination included), genesis validation, and the check state's
// behaviour across checkPrepared(apply=false), recheckTx and a commit.
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QueryTotalSupplyRequest,
  QueryTotalSupplyResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import { checkTx, devnetAppState, makeHarness, send, signer, signTx, type Harness, type Signer } from './harness.js';

let alice: Signer, bob: Signer, stranger: Signer;

beforeAll(async () => {
  [alice, bob, stranger] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('alice', 99, 5)]);
});

const coin = (denom: string, amount: string) => ({ denom, amount });

function multiDenomState(): Record<string, unknown> {
  const s = devnetAppState() as { bank: { balances: { address: string; coins: { denom: string; amount: string }[] }[] } };
  s.bank.balances[0].coins = [coin('uaaa', '1'), coin('ubbb', '22'), coin('uccc', '333'), coin('useed', '1000000000000000')];
  return s;
}

describe('bank and auth queries', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness(multiDenomState());
  });
  afterAll(async () => {
    await h.close();
  });

  const allBalances = async (address: string, pagination?: Partial<PageRequest>) => {
    const out = await h.query('/cosmos.bank.v1beta1.Query/AllBalances', QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address, pagination })).finish());
    expect(out.code).toBe(0);
    return QueryAllBalancesResponse.decode(out.value);
  };

  it('Balance: an account holding the denom, one that does not, and a bad address', async () => {
    const q = async (address: string, denom: string) => h.query('/cosmos.bank.v1beta1.Query/Balance', QueryBalanceRequest.encode({ address, denom }).finish());
    expect(QueryBalanceResponse.decode((await q(alice.address, 'ubbb')).value).balance).toEqual(coin('ubbb', '22'));
    expect(QueryBalanceResponse.decode((await q(bob.address, 'ubbb')).value).balance).toEqual(coin('ubbb', '0'));
    const bad = await q('cosmos1xyz', 'useed');
    expect(bad.code).toBe(18);
    expect(bad.log).toMatch(/rpc error: code = InvalidArgument/);
    expect((await q(alice.address, '')).log).toMatch(/invalid denom/);
  });

  it('AllBalances lists every denom in order; limit and key page through them', async () => {
    const all = await allBalances(alice.address);
    expect(all.balances.map((c) => c.denom)).toEqual(['uaaa', 'ubbb', 'uccc', 'useed']);

    const p1 = await allBalances(alice.address, { limit: 2n, countTotal: true });
    expect(p1.balances).toEqual([coin('uaaa', '1'), coin('ubbb', '22')]);
    expect(p1.pagination!.total).toBe(4n);
    expect(p1.pagination!.nextKey.length).toBeGreaterThan(0);

    const p2 = await allBalances(alice.address, { limit: 2n, key: p1.pagination!.nextKey });
    expect(p2.balances).toEqual([coin('uccc', '333'), coin('useed', '1000000000000000')]);
    expect(p2.pagination!.nextKey.length).toBe(0);
    expect(p2.pagination!.total).toBe(0n); // not asked for

    const off = await allBalances(alice.address, { offset: 3n, limit: 5n });
    expect(off.balances.map((c) => c.denom)).toEqual(['useed']);
  });

  it('AllBalances of an unknown account is empty; key with offset, and reverse, are refused', async () => {
    expect((await allBalances(stranger.address)).balances).toEqual([]);
    const both = await h.query(
      '/cosmos.bank.v1beta1.Query/AllBalances',
      QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address: alice.address, pagination: { key: Uint8Array.of(1), offset: 1n } })).finish(),
    );
    expect(both.code).toBe(18);
    const rev = await h.query(
      '/cosmos.bank.v1beta1.Query/AllBalances',
      QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address: alice.address, pagination: { reverse: true } })).finish(),
    );
    expect(rev.code).toBe(18);
  });

  it('TotalSupply equals the sum of the genesis balances', async () => {
    const out = await h.query('/cosmos.bank.v1beta1.Query/TotalSupply', QueryTotalSupplyRequest.encode(QueryTotalSupplyRequest.fromPartial({})).finish());
    expect(out.code).toBe(0);
    const { supply } = QueryTotalSupplyResponse.decode(out.value);
    const s = multiDenomState() as { bank: { balances: { coins: { denom: string; amount: string }[] }[] } };
    const sums = new Map<string, bigint>();
    for (const b of s.bank.balances) for (const c of b.coins) sums.set(c.denom, (sums.get(c.denom) ?? 0n) + BigInt(c.amount));
    expect(supply).toEqual([...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([denom, amount]) => coin(denom, amount.toString())));
    expect(supply.find((c) => c.denom === 'useed')!.amount).toBe('6000000000000000');
  });

  it('Account: genesis accounts in list order; unknown address NotFound; bad path and bytes fail cleanly', async () => {
    const q = (address: string) => h.query('/cosmos.auth.v1beta1.Query/Account', QueryAccountRequest.encode({ address }).finish());
    const a = BaseAccount.decode(QueryAccountResponse.decode((await q(bob.address)).value).account!.value);
    expect(a).toMatchObject({ address: bob.address, accountNumber: 1n, sequence: 0n });
    const missing = await q(stranger.address);
    expect(missing.code).not.toBe(0);
    expect(missing.log).toMatch(/^rpc error: code = NotFound/);
    expect((await h.query('/cosmos.nope.v1.Query/Nothing', new Uint8Array())).code).toBe(6);
    expect((await h.query('/cosmos.auth.v1beta1.Query/Account', Uint8Array.of(0x0a, 0xff))).code).toBe(2);
  });
});

describe('genesis validation', () => {
  const bankState = (bank: unknown) => ({ ...devnetAppState(), bank });

  it.each([
    ['a duplicate balance', { balances: [{ address: 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag', coins: [coin('useed', '1')] }, { address: 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag', coins: [coin('useed', '2')] }] }, /duplicate balance/],
    ['a bad address', { balances: [{ address: 'cosmos1notours', coins: [coin('useed', '1')] }] }, /invalid bank section/],
    ['a supply that does not match', { balances: [{ address: 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag', coins: [coin('useed', '10')] }], supply: [coin('useed', '11')] }, /supply of useed is 11 but balances add up to 10/],
    ['a bad coin amount', { balances: [{ address: 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag', coins: [coin('useed', '-5')] }] }, /invalid coin amount/],
  ])('refuses %s', async (_name, bank, why) => {
    await expect(makeHarness(bankState(bank))).rejects.toThrow(why);
  });

  it('accepts a matching supply and refuses a bad auth param and a bad profile', async () => {
    const h = await makeHarness(bankState({ balances: [{ address: alice.address, coins: [coin('useed', '10')] }], supply: [coin('useed', '10')] }));
    await h.close();
    await expect(makeHarness({ ...devnetAppState(), auth: { params: { max_memo_characters: '-1' } } })).rejects.toThrow(/invalid auth section/);
    await expect(makeHarness({ ...devnetAppState(), social: { profiles: [{ address: alice.address, name: '', bio: '', avatar: '' }] } })).rejects.toThrow(/invalid social section/);
  });
});

describe('check state', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('checkPrepared with apply=false leaves the check state unchanged', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] });
    const p = await h.app.prepareTx(tx);
    expect(h.app.checkPrepared(p, 'check', false).result.code).toBe(0);
    expect(h.app.checkPrepared(p, 'check', false).result.code).toBe(0);
    const applied = h.app.checkPrepared(p, 'check', true);
    expect(applied.result.code).toBe(0);
    expect(applied.ante).toMatchObject({ sequences: [0n], gasWanted: 200_000n, priority: 25_000n }); // 5000/200000 * 1e6
    expect(h.app.checkPrepared(p, 'check', false).result.code).toBe(32);
  });

  it('prepareTx reports bad bytes as a result, never throws', async () => {
    const p = await h.app.prepareTx(Uint8Array.of(1, 2, 3));
    expect(p.error?.code).toBe(2);
    expect(h.app.checkPrepared(p, 'check').result.code).toBe(2);
    expect(h.app.recheckTx(Uint8Array.of(1, 2, 3)).result.code).toBe(2);
  });

  it('recheckTx runs against the check state, which a commit resets', async () => {
    const tx0 = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] });
    const tx1 = await signTx(alice, { sequence: 1, msgs: [send(alice.address, bob.address, '1')] });
    expect((await checkTx(h.app, tx0)).code).toBe(0);
    expect((await checkTx(h.app, tx1)).code).toBe(0);
    expect(h.app.recheckTx(tx0).result.code).toBe(32); // already applied to the check state
    // Block commits only tx0: after the reset, tx0 is stale and tx1 is next.
    await h.commitBlock([tx0]);
    expect(h.app.recheckTx(tx0).result.code).toBe(32);
    expect(h.app.recheckTx(tx1).result.code).toBe(0);
    expect(h.app.recheckTx(tx1).result.code).toBe(32);
  });

  it('a recheck drops a tx whose fee the sender can no longer pay', async () => {
    const all = 1_000_000_000_000_000n;
    const spend = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, (all - 5000n).toString())], fee: '5000' });
    const next = await signTx(alice, { sequence: 1, msgs: [send(alice.address, bob.address, '1')], fee: '5000' });
    expect((await checkTx(h.app, next, false)).code).toBe(32);
    await h.commitBlock([spend]);
    expect(h.app.recheckTx(next).result.code).toBe(5);
  });

  it('deliverTx outside a block is a programming error, not a silent success', () => {
    expect(() => h.app.deliverTx(Uint8Array.of(1))).toThrow(/outside a block/);
    expect(() => h.app.endBlock()).toThrow(/outside a block/);
  });
});
