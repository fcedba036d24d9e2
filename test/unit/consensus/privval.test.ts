import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignedMsgType, type BlockID, type Vote } from 'cosmjs-types/tendermint/types/types';
import {
  FilePrivValidator, generatePrivValidatorKey, loadPrivValidatorKey, ConsensusError, ed25519Verify, voteSignBytes, msToTimestamp, addressFromPubKey, emptyBlockId,
} from '../../../src/consensus/index.js';

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

describe('double-sign guard', () => {
  test('signs, refuses conflicts and regressions, and a restarted signer still refuses', () => {
    const h = home();
    generatePrivValidatorKey(h.key);
    const pv = FilePrivValidator.load(h.key, h.state);
    const v1 = pv.signVote(CHAIN, vote(pv, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 0, blockA, 1000n));
    expect(ed25519Verify(pv.pubKey, voteSignBytes(CHAIN, v1), v1.signature)).toBe(true);
    expect(JSON.parse(fs.readFileSync(h.state, 'utf8'))).toMatchObject({ height: '5', round: 0, step: 2 });

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
