// Simulate (what cosmjs's fee "auto" relies on), MsgSetProfile validation and the Profile query.
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import { QueryProfileRequest, QueryProfileResponse } from '../../../src/codec/seedcast/social.js';
import { checkTx, eventAttrs, makeHarness, send, setProfile, signer, signTx, simulateTx, type Harness, type Signer } from './harness.js';

let alice: Signer, bob: Signer;
let h: Harness;

beforeAll(async () => {
  [alice, bob] = await Promise.all([signer('alice', 0), signer('bob', 1)]);
});
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

async function simulateGas(tx: Uint8Array): Promise<bigint> {
  const out = await h.query('/cosmos.tx.v1beta1.Service/Simulate', SimulateRequest.encode({ txBytes: tx }).finish());
  expect(out).toMatchObject({ code: 0, log: '' });
  return SimulateResponse.decode(out.value).gasInfo!.gasUsed;
}

describe('simulate', () => {
  it.each([
    ['MsgSend', () => [send(alice.address, bob.address, '777')]],
    ['MsgSetProfile', () => [setProfile(alice.address, 'Alice', 'gardener of seeds', 'https://example.org/a.png')]],
  ])('gas reported for %s, times 1.4, covers what deliverTx uses', async (_name, msgs) => {
    const simulated = await simulateGas(simulateTx(alice, { sequence: 0, msgs: msgs() }));
    expect(simulated).toBeGreaterThan(0n);
    const gas = (simulated * 14n) / 10n;
    const tx = await signTx(alice, { sequence: 0, msgs: msgs(), gas, fee: ((gas * 25n) / 10_000n + 1n).toString() });
    expect((await checkTx(h.app, tx)).code).toBe(0);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(0);
    expect(r.gasUsed).toBeLessThanOrEqual(gas);
    // And simulation is close, not wildly pessimistic.
    expect(r.gasUsed * 2n).toBeGreaterThan(simulated);
  });

  it('changes no state: the same sequence still checks afterwards', async () => {
    await simulateGas(simulateTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] }));
    await simulateGas(simulateTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] }));
    expect((await checkTx(h.app, await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] }))).code).toBe(0);
  });

  it('reports failures as query errors: wrong sequence, insufficient funds, empty request', async () => {
    const wrongSeq = await h.query('/cosmos.tx.v1beta1.Service/Simulate', SimulateRequest.encode({ txBytes: simulateTx(alice, { sequence: 9, msgs: [send(alice.address, bob.address, '1')] }) }).finish());
    expect(wrongSeq.code).toBe(32);
    const tooMuch = simulateTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '9'.repeat(20))] });
    const broke = await h.query('/cosmos.tx.v1beta1.Service/Simulate', SimulateRequest.encode({ txBytes: tooMuch }).finish());
    expect(broke.code).toBe(5);
    const empty = await h.query('/cosmos.tx.v1beta1.Service/Simulate', SimulateRequest.encode(SimulateRequest.fromPartial({})).finish());
    expect(empty.code).toBe(18);
    const garbage = await h.query('/cosmos.tx.v1beta1.Service/Simulate', SimulateRequest.encode({ txBytes: Uint8Array.of(0xff, 0xff, 0xff) }).finish());
    expect(garbage.code).toBe(2);
  });

  it('an unsimulated (SIGN_MODE_UNSPECIFIED, empty signature) tx is refused by CheckTx', async () => {
    const c = await checkTx(h.app, simulateTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] }));
    expect(c.code).not.toBe(0);
  });
});

describe('MsgSetProfile and the Profile query', () => {
  async function profile(address: string) {
    return h.query('/seedcast.social.v1.Query/Profile', QueryProfileRequest.encode({ address }));
  }

  it('stores a profile that the query returns; other addresses are NotFound', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [setProfile(alice.address, 'Alice 🌱', 'plants things', 'ipfs://bafyabc')] });
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(0);
    expect(eventAttrs(r, 'profile')).toEqual([{ address: alice.address, name: 'Alice 🌱' }]);
    const found = await profile(alice.address);
    expect(found.code).toBe(0);
    expect(QueryProfileResponse.decode(found.value).profile).toEqual({ address: alice.address, name: 'Alice 🌱', bio: 'plants things', avatar: 'ipfs://bafyabc' });

    const missing = await profile(bob.address);
    expect(missing.code).not.toBe(0);
    expect(missing.log).toMatch(/^rpc error: code = NotFound/);
    const bad = await profile('not-an-address');
    expect(bad.log).toMatch(/rpc error: code = InvalidArgument/);
  });

  it('a second MsgSetProfile replaces the first whole', async () => {
    await h.commitBlock([await signTx(alice, { sequence: 0, msgs: [setProfile(alice.address, 'A', 'bio one', 'https://x.org/1')] })]);
    await h.commitBlock([await signTx(alice, { sequence: 1, msgs: [setProfile(alice.address, 'B')] })]);
    expect(QueryProfileResponse.decode((await profile(alice.address)).value).profile).toEqual({ address: alice.address, name: 'B', bio: '', avatar: '' });
  });

  it.each([
    ['an empty name', setProfile('', '')],
    ['a name of 65 characters', setProfile('', 'n'.repeat(65))],
    ['a control character in the name', setProfile('', 'Ali\u0007ce')],
    ['a newline in the name', setProfile('', 'Ali\nce')],
    ['a control character in the bio', setProfile('', 'Alice', 'bio\u001b[31m')],
    ['a bio of 1025 characters', setProfile('', 'Alice', 'b'.repeat(1025))],
    ['a javascript: avatar', setProfile('', 'Alice', '', 'javascript:alert(1)')],
    ['an avatar with a space', setProfile('', 'Alice', '', 'https://x.org/a b.png')],
  ])('refuses %s (code 18) and stores nothing', async (_name, msg) => {
    (msg.value as { signer: string }).signer = alice.address;
    const tx = await signTx(alice, { sequence: 0, msgs: [msg] });
    const c = await checkTx(h.app, tx);
    expect(c.code).toBe(18);
    expect(c.log).toMatch(/profile/);
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(18);
    expect((await profile(alice.address)).log).toMatch(/NotFound/);
  });

  it('accepts a name of exactly 64 characters (counted as characters, not bytes)', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [setProfile(alice.address, 'é'.repeat(64))] });
    const [r] = await h.commitBlock([tx]);
    expect(r.code).toBe(0);
  });

  it('a profile signed for someone else is refused (signature does not match the signer)', async () => {
    const tx = await signTx(alice, { sequence: 0, msgs: [setProfile(bob.address, 'Not Bob')], accountNumber: 1 });
    const [r] = await h.commitBlock([tx]);
    expect(r.code).not.toBe(0);
    expect((await profile(bob.address)).log).toMatch(/NotFound/);
  });
});
