// CheckTx and DeliverTx through the real App: MsgSend and every ante refusal a wallet can meet.
import { QueryBalanceRequest, QueryBalanceResponse } from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { highS } from '../../helpers/txs.js';
import { checkTx, eventAttrs, makeHarness, send, signer, signTx, type Harness, type Signer } from './harness.js';

let alice: Signer, bob: Signer, fresh: Signer, fresh2: Signer;
let h: Harness;

beforeAll(async () => {
  [alice, bob, fresh, fresh2] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('alice', 6, 1), signer('alice', 7, 2)]);
});
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

async function balance(address: string): Promise<bigint> {
  const out = await h.query('/cosmos.bank.v1beta1.Query/Balance', QueryBalanceRequest.encode({ address, denom: 'useed' }).finish());
  expect(out.code).toBe(0);
  return BigInt(QueryBalanceResponse.decode(out.value).balance!.amount);
}

async function account(address: string): Promise<BaseAccount> {
  const out = await h.query('/cosmos.auth.v1beta1.Query/Account', QueryAccountRequest.encode({ address }).finish());
  expect(out.code).toBe(0);
  return BaseAccount.decode(QueryAccountResponse.decode(out.value).account!.value);
}

const GENESIS = 1_000_000_000_000_000n;

describe('MsgSend', () => {
  it('moves coins, charges the fee, bumps the sequence and emits the SDK events', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1234')], fee: '5000' });
    expect((await checkTx(h.app, tx)).code).toBe(0);
    const [r] = await h.commitBlock([tx]);
    expect(r).toMatchObject({ code: 0, gasWanted: 200_000n });
    expect(r.gasUsed).toBeGreaterThan(0n);
    expect(r.gasUsed).toBeLessThanOrEqual(200_000n);
    expect(await balance(alice.address)).toBe(GENESIS - 1234n - 5000n);
    expect(await balance(bob.address)).toBe(GENESIS + 1234n);
    expect((await account(alice.address)).sequence).toBe(1n);

    expect(eventAttrs(r, 'transfer')).toEqual([{ recipient: bob.address, sender: alice.address, amount: '1234useed' }]);
    expect(eventAttrs(r, 'coin_spent')).toContainEqual({ spender: alice.address, amount: '1234useed' });
    expect(eventAttrs(r, 'coin_received')).toContainEqual({ receiver: bob.address, amount: '1234useed' });
    const messages = eventAttrs(r, 'message');
    expect(messages).toContainEqual({ action: '/cosmos.bank.v1beta1.MsgSend', sender: alice.address, msg_index: '0' });
    expect(messages).toContainEqual({ sender: alice.address, module: 'bank' });
    expect(eventAttrs(r, 'tx')).toContainEqual({ fee: '5000useed', fee_payer: alice.address });
    expect(eventAttrs(r, 'tx')).toContainEqual({ acc_seq: `${alice.address}/0` });
  });

  it('insufficient funds fails with code 5 in deliverTx but the fee is paid and the sequence bumps', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, (GENESIS * 2n).toString())], fee: '5000' });
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(5);
    expect(r.codespace).toBe('sdk');
    expect(r.log).toMatch(/insufficient funds/);
    expect(eventAttrs(r, 'transfer')).toEqual([]);
    expect(await balance(alice.address)).toBe(GENESIS - 5000n);
    expect(await balance(bob.address)).toBe(GENESIS);
    expect((await account(alice.address)).sequence).toBe(1n);
    // The next tx must use the bumped sequence.
    const again = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] });
    expect((await checkTx(h.app, again)).code).toBe(32);
  });

  it('a fee larger than the balance fails with code 5 and changes nothing', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')], fee: (GENESIS + 1n).toString() });
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(5);
    expect(r.log).toMatch(/insufficient funds to pay fees/);
    expect(await balance(alice.address)).toBe(GENESIS);
    expect((await account(alice.address)).sequence).toBe(0n);
  });

  it('refuses a send to a malformed address statelessly (code 7)', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, 'seed1notanaddress', '1')] });
    expect((await checkTx(h.app, tx)).code).toBe(7);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(7);
    expect(await balance(alice.address)).toBe(GENESIS);
  });
});

describe('ante refusals', () => {
  const ok = () => [send(alice.address, bob.address, '10')];

  it('wrong sequence: code 32 in check and deliver, nothing charged', async () => {
    const tx = await signTx(alice, { sequence: 3, msgs: ok() });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(32);
    expect(c.log).toMatch(/account sequence mismatch, expected 0, got 3/);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(32);
    expect(await balance(alice.address)).toBe(GENESIS);
  });

  it('a sequence already used in the check state is refused (replay of the next tx)', async () => {
    const tx0 = await signTx(alice, { sequence: 0, msgs: ok() });
    const tx0b = await signTx(alice, { sequence: 0, msgs: ok(), memo: 'other bytes' });
    expect((await checkTx(h.app, tx0)).code).toBe(0);
    expect((await checkTx(h.app, tx0b)).code).toBe(32);
    const tx1 = await signTx(alice, { sequence: 1, msgs: ok() });
    expect((await checkTx(h.app, tx1)).code).toBe(0);
  });

  it.each([
    ['wrong chain id', { chainId: 'other-chain' }],
    ['wrong account number', { accountNumber: 5 }],
  ])('%s: signature verification fails with code 4', async (_name, bend) => {
    const tx = await signTx(alice, { sequence: 0, msgs: ok(), ...bend });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(4);
    expect(c.log).toMatch(/signature verification failed/);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(4);
    expect(await balance(alice.address)).toBe(GENESIS);
    expect((await account(alice.address)).sequence).toBe(0n);
  });

  it('a corrupted signature and a high-S signature are refused with code 4', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: ok() });
    const raw = TxRaw.decode(tx);
    const flipped = Uint8Array.from(raw.signatures[0]);
    flipped[10] ^= 0x01;
    const corrupted = TxRaw.encode({ ...raw, signatures: [flipped] }).finish();
    const high = TxRaw.encode({ ...raw, signatures: [highS(raw.signatures[0])] }).finish();
    expect((await checkTx(h.app, corrupted)).code).toBe(4);
    expect((await checkTx(h.app, high)).code).toBe(4);
    const results = await h.commitBlock([corrupted, high]);
    expect(results.map((r) => r.code)).toEqual([4, 4]);
    // The genuine tx still passes afterwards: a bad signature did not poison the cache.
    expect((await checkTx(h.app, tx)).code).toBe(0);
  });

  it('fee below the minimum gas price: code 13 in CheckTx, but a block may include it', async () => {
    // 200000 gas * 0.0025 = 500useed required
    const low = await signTx(alice, { sequence: 0, msgs: ok(), fee: '499', gas: 200_000n });
    const c = await checkTx(h.app, low);
    expect(c.code).toBe(13);
    expect(c.log).toMatch(/insufficient fees; got: 499useed required: 500useed/);
    const exact = await signTx(alice, { sequence: 0, msgs: ok(), fee: '500', gas: 200_000n });
    expect((await checkTx(h.app, exact, false)).code).toBe(0);
    const [r] = await h.commitBlock([low]); // min gas price is a node policy, not consensus
    expect(r.code).toBe(0);
  });

  it('memo too long: code 12', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: ok(), memo: 'm'.repeat(257) });
    expect((await checkTx(h.app, tx)).code).toBe(12);
    const fits = await signTx(alice, { sequence: 0, msgs: ok(), memo: 'm'.repeat(256) });
    expect((await checkTx(h.app, fits)).code).toBe(0);
  });

  it('unknown message type: code 6', async () => {
    const tx = await signTx(alice, { sequence: 0, rawMsgs: [{ typeUrl: '/evil.v1.MsgSteal', value: Uint8Array.of(1, 2, 3) }] });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(6);
    expect(c.log).toMatch(/unrecognized message type: \/evil.v1.MsgSteal/);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(6);
  });

  it('zero gas limit is refused (code 41); too little gas runs out (code 11)', async () => {
    const zero = await signTx(alice, { sequence: 0, msgs: ok(), gas: 0n, fee: '0' });
    expect((await checkTx(h.app, zero)).code).toBe(41);
    const tiny = await signTx(alice, { sequence: 0, msgs: ok(), gas: 1000n, fee: '5000' });
    const c = await checkTx(h.app, tiny);
    expect(c.code).toBe(11);
    expect(c.log).toMatch(/out of gas/);
  });

  it('timeout height passed: code 30; equal to the block height is still fine', async () => {
    await h.commitBlock([]);
    await h.commitBlock([]);
    await h.commitBlock([]); // committed height 3
    const late = await signTx(alice, { sequence: 0, msgs: ok(), timeoutHeight: 2n });
    const c = await checkTx(h.app, late);
    expect(c.code).toBe(30);
    expect(c.log).toMatch(/timeout height: 2/);
    const [r] = await h.commitBlock([late]); // height 4
    expect(r.code).toBe(30);
    const onTime = await signTx(alice, { sequence: 0, msgs: ok(), timeoutHeight: 5n });
    const [r2] = await h.commitBlock([onTime]); // height 5
    expect(r2.code).toBe(0);
  });
});

describe('new accounts and public keys', () => {
  it("a new account's first tx sets its pubkey; it gets the next account number", async () => {
    const [fund] = await h.commitBlock([await signTx(alice, { sequence: 0, msgs: [send(alice.address, fresh.address, '100000')] })]);
    expect(fund.code).toBe(0);
    const before = await account(fresh.address);
    expect(before.accountNumber).toBe(6n);
    expect(before.pubKey).toBeUndefined();

    const tx = await signTx(fresh, { sequence: 0, msgs: [send(fresh.address, bob.address, '1000')], fee: '5000' });
    expect((await checkTx(h.app, tx)).code).toBe(0);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(0);
    const after = await account(fresh.address);
    expect(after.sequence).toBe(1n);
    expect(PubKey.decode(after.pubKey!.value).key).toEqual(fresh.pubkey);
    expect(await balance(fresh.address)).toBe(100000n - 1000n - 5000n);
  });

  it('a pubkey that does not match the signer address is refused with code 8', async () => {
    await h.commitBlock([await signTx(alice, { sequence: 0, msgs: [send(alice.address, fresh2.address, '100000')] })]);
    const tx = await signTx(fresh2, { sequence: 0, msgs: [send(fresh2.address, bob.address, '1')], pubkey: bob.pubkey });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(8);
    expect(c.log).toMatch(/pubKey does not match signer address/);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(8);
    expect((await account(fresh2.address)).pubKey).toBeUndefined();
    expect(await balance(fresh2.address)).toBe(100000n);
  });

  it('a signer without an account is refused (code 9), not crashed on', async () => {
    const tx = await signTx(fresh2, { sequence: 0, msgs: [send(fresh2.address, bob.address, '1')] });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(9);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(9);
  });
});
