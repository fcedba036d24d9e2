import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignedMsgType, type BlockID, type Vote } from 'cosmjs-types/tendermint/types/types';
import {
  FilePrivValidator, generatePrivValidatorKey, loadPrivValidatorKey, ConsensusError, ed25519Verify, voteSignBytes, msToTimestamp, addressFromPubKey, emptyBlockId,
} from '../../../src/consensus/index.js';
import { SIGN_STATE_SLOT_BYTES, decodeSlot, encodeSlot, signStateSlotsPath } from '../../../src/consensus/signStateFile.js';

const CHAIN = 'pv-chain';
const blockA = { hash: new Uint8Array(32).fill(0xa), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(1) } };
const blockB = { hash: new Uint8Array(32).fill(0xb), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(2) } };

function home() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-pv-'));
  return { key: path.join(dir, 'config', 'priv_validator_key.json'), state: path.join(dir, 'data', 'priv_validator_state.json'), dir };
}

function vote(pv: FilePrivValidator, type: number, height: bigint, round: number, blockId: BlockID = blockA, timeMs = 1000n): Vote {
  return {
    type, height, round, blockId, timestamp: msToTimestamp(timeMs), validatorAddress: pv.address, validatorIndex: 0,
    signature: new Uint8Array(), extension: new Uint8Array(), extensionSignature: new Uint8Array(),
  };
}

describe('priv validator key file', () => {
  test('generate writes CometBFT format; load reads it back; secrets stay out of errors', () => {
    const h = home();
    const gen = generatePrivValidatorKey(h.key);
    const json = JSON.parse(fs.readFileSync(h.key, 'utf8'));
    expect(json.pub_key.type).toBe('tendermint/PubKeyEd25519');
    expect(json.priv_key.type).toBe('tendermint/PrivKeyEd25519');
    expect(Buffer.from(json.priv_key.value, 'base64').length).toBe(64);
    expect(Buffer.from(json.priv_key.value, 'base64').subarray(32)).toEqual(Buffer.from(gen.pubKey));
    expect(json.address).toBe(Buffer.from(addressFromPubKey(gen.pubKey)).toString('hex').toUpperCase());
    expect((fs.statSync(h.key).mode & 0o777).toString(8)).toBe('600');
    const loaded = loadPrivValidatorKey(h.key);
    expect(loaded.pubKey).toEqual(gen.pubKey);
    expect(() => generatePrivValidatorKey(h.key)).toThrow(/refusing to overwrite/);
    // A corrupted key: a clear error that does not echo the key material.
    const bad = { ...json, priv_key: { ...json.priv_key, value: Buffer.alloc(64, 7).toString('base64') } };
    fs.writeFileSync(h.key, JSON.stringify(bad));
    let msg = '';
    try { loadPrivValidatorKey(h.key); } catch (e) { msg = (e as Error).message; expect(e).toBeInstanceOf(ConsensusError); }
    expect(msg).toMatch(/does not match/);
    expect(msg).not.toContain(bad.priv_key.value);
    fs.writeFileSync(h.key, '{not json');
    expect(() => loadPrivValidatorKey(h.key)).toThrow(/cannot read/);
    expect(() => loadPrivValidatorKey(path.join(h.dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});

describe('ed25519Verify', () => {
  test('a remembered good signature does not vouch for a tampered message, signature or key', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    const pv = FilePrivValidator.load(h.key, h.state);
    const v = pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, 7n, 0));
    const msg = voteSignBytes(CHAIN, v);
    expect(ed25519Verify(pv.pubKey, msg, v.signature)).toBe(true);
    expect(ed25519Verify(pv.pubKey, msg, v.signature)).toBe(true); // the second answer comes from memory
    const flip = (b: Uint8Array, i: number) => Uint8Array.from(b, (x, j) => (j === i ? x ^ 1 : x));
    expect(ed25519Verify(pv.pubKey, flip(msg, msg.length - 1), v.signature)).toBe(false);
    expect(ed25519Verify(pv.pubKey, msg, flip(v.signature, 0))).toBe(false);
    expect(ed25519Verify(flip(pv.pubKey, 3), msg, v.signature)).toBe(false);
    expect(ed25519Verify(pv.pubKey, msg.subarray(1), v.signature)).toBe(false);
  });
});

describe('double-sign guard', () => {
  test('signs, refuses conflicts and regressions, and a restarted signer still refuses', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    const pv = FilePrivValidator.load(h.key, h.state);
    const v1 = pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, blockA, 1000n));
    expect(ed25519Verify(pv.pubKey, voteSignBytes(CHAIN, v1), v1.signature)).toBe(true);
    expect(FilePrivValidator.load(h.key, h.state).lastSigned).toEqual({ height: 5n, round: 0, step: 2 });

    // Same vote again, or only a new timestamp: the earlier signature and timestamp come back.
    const again = pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, blockA, 9999n));
    expect(again.signature).toEqual(v1.signature);
    expect(again.timestamp).toEqual(v1.timestamp);
    // Same height/round/step for another block (or nil): refused.
    expect(() => pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, blockB))).toThrow(/conflicting/);
    expect(() => pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, emptyBlockId()))).toThrow(ConsensusError);
    // Lower height/round: refused.
    expect(() => pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 4n, 3))).toThrow(/below the last signed/);
    // Moving forward is fine.
    pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, 5n, 0, blockA));

    const restarted = FilePrivValidator.load(h.key, h.state);
    expect(restarted.lastSigned).toEqual({ height: 5n, round: 0, step: 3 });
    expect(() => restarted.signVote(CHAIN, vote(restarted, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, 5n, 0, blockB))).toThrow(/conflicting/);
    expect(() => restarted.signVote(CHAIN, vote(restarted, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, blockA))).toThrow(/below/);
    const next = restarted.signProposal(CHAIN, {
      type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: 5n, round: 1, polRound: -1, blockId: blockB, timestamp: msToTimestamp(5n), signature: new Uint8Array(),
    });
    expect(next.signature.length).toBe(64);
    expect(() => restarted.signProposal(CHAIN, { ...next, blockId: blockA, signature: new Uint8Array() })).toThrow(/conflicting/);
  });

  test('a corrupt state file stops the signer instead of guessing', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    fs.mkdirSync(path.dirname(h.state), { recursive: true });
    fs.writeFileSync(h.state, '{"height": "x"}');
    expect(() => FilePrivValidator.load(h.key, h.state)).toThrow(/unreadable signer state/);
  });
});

describe('sign state slots', () => {
  const slots = (h: ReturnType<typeof home>) => signStateSlotsPath(h.state);
  const prevote = (pv: FilePrivValidator, height: bigint, round = 0, block: BlockID = blockA) =>
    pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, height, round, block));

  test('each signature goes to the other slot; the newest valid slot wins on load', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    const pv = FilePrivValidator.load(h.key, h.state);
    for (let height = 1n; height <= 5n; height++) prevote(pv, height);
    const raw = fs.readFileSync(slots(h));
    expect(raw.length).toBe(2 * SIGN_STATE_SLOT_BYTES);
    const a = decodeSlot(raw.subarray(0, SIGN_STATE_SLOT_BYTES))!;
    const b = decodeSlot(raw.subarray(SIGN_STATE_SLOT_BYTES))!;
    expect([a.seq, b.seq].sort()).toEqual([4n, 5n]);
    expect([a.state.height, b.state.height].sort()).toEqual([4n, 5n]);
    expect(FilePrivValidator.load(h.key, h.state).lastSigned).toEqual({ height: 5n, round: 0, step: 2 });
  });

  test('a torn newest slot falls back to the older one; a torn older slot changes nothing', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    const pv = FilePrivValidator.load(h.key, h.state);
    prevote(pv, 1n); // seq 1 -> slot 1
    prevote(pv, 2n); // seq 2 -> slot 0
    const file = slots(h);
    const good = fs.readFileSync(file);
    // Tear slot 0 (the newest, height 2): half new bytes, half old, as a crash mid-write leaves it.
    const torn = Buffer.from(good);
    torn.fill(0xee, 100, SIGN_STATE_SLOT_BYTES);
    fs.writeFileSync(file, torn);
    const back = FilePrivValidator.load(h.key, h.state);
    expect(back.lastSigned).toEqual({ height: 1n, round: 0, step: 2 });
    // The signer writes over the torn slot next, and refuses what conflicts with height 1.
    expect(() => prevote(back, 1n, 0, blockB)).toThrow(/conflicting/);
    prevote(back, 3n);
    expect(FilePrivValidator.load(h.key, h.state).lastSigned).toEqual({ height: 3n, round: 0, step: 2 });
    // Tearing the older slot leaves the newest.
    const now = fs.readFileSync(file);
    const newestInFirst = decodeSlot(now.subarray(0, SIGN_STATE_SLOT_BYTES))!.state.height === 3n;
    const olderOffset = newestInFirst ? SIGN_STATE_SLOT_BYTES : 0;
    now[olderOffset + 20] ^= 0xff;
    fs.writeFileSync(file, now);
    expect(FilePrivValidator.load(h.key, h.state).lastSigned).toEqual({ height: 3n, round: 0, step: 2 });
  });

  test('no valid slot, or a file of the wrong size, stops the signer instead of guessing', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    prevote(FilePrivValidator.load(h.key, h.state), 1n);
    fs.writeFileSync(slots(h), Buffer.alloc(2 * SIGN_STATE_SLOT_BYTES, 0x55));
    expect(() => FilePrivValidator.load(h.key, h.state)).toThrow(/neither state slot is valid/);
    fs.writeFileSync(slots(h), Buffer.alloc(10));
    expect(() => FilePrivValidator.load(h.key, h.state)).toThrow(/not 2048/);
    // Slot file gone but the JSON says the state moved there: refuse, never start from zero.
    fs.rmSync(slots(h));
    expect(() => FilePrivValidator.load(h.key, h.state)).toThrow(/moved to priv_validator_state.slots/);
  });

  test('upgrade: the CometBFT JSON state is honoured, then replaced by a pointer', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    fs.mkdirSync(path.dirname(h.state), { recursive: true });
    const signBytes = voteSignBytes(CHAIN, { ...vote(FilePrivValidator.load(h.key, h.state), SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 7n, 1) });
    fs.writeFileSync(h.state, JSON.stringify({ height: '7', round: 1, step: 2, signature: Buffer.alloc(64, 1).toString('base64'), signbytes: Buffer.from(signBytes).toString('hex') }));
    const pv = FilePrivValidator.load(h.key, h.state);
    expect(pv.lastSigned).toEqual({ height: 7n, round: 1, step: 2 });
    expect(() => prevote(pv, 7n, 0)).toThrow(/below/);
    expect(() => prevote(pv, 7n, 1, blockB)).toThrow(/conflicting/);
    expect(fs.existsSync(slots(h))).toBe(false); // nothing written until the next signature
    prevote(pv, 8n);
    expect(JSON.parse(fs.readFileSync(h.state, 'utf8')).height).toBeUndefined();
    expect(FilePrivValidator.load(h.key, h.state).lastSigned).toEqual({ height: 8n, round: 0, step: 2 });
    expect((fs.statSync(slots(h)).mode & 0o777).toString(8)).toBe('600');
  });

  test('slot codec: round trip, and any flipped byte is caught', () => {
    const state = { height: 9n, round: 2, step: 3, signature: new Uint8Array(64).fill(7), signBytes: new Uint8Array(120).fill(9) };
    const slot = encodeSlot(42n, state);
    expect(decodeSlot(slot)).toEqual({ seq: 42n, state });
    for (const i of [0, 5, 13, 30, 200, SIGN_STATE_SLOT_BYTES - 1]) {
      const bad = Uint8Array.from(slot);
      bad[i] ^= 1;
      expect(decodeSlot(bad)).toBeUndefined();
    }
    expect(() => encodeSlot(1n, { ...state, signBytes: new Uint8Array(SIGN_STATE_SLOT_BYTES) })).toThrow(/too large/);
  });
});
