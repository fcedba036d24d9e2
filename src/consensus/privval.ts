// The validator's signer with CometBFT's file formats (priv_validator_key.json and
// priv_validator_state.json) and its double-sign guard: never sign a vote or proposal that
// conflicts with the last one signed, and persist (fdatasync) before the signature leaves.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes, type KeyObject } from 'node:crypto';
import { BinaryReader } from 'cosmjs-types/binary';
import { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { SignedMsgType, type Proposal, type Vote } from 'cosmjs-types/tendermint/types/types';
import { bytesEqual, toHex } from './bytes.js';
import { ConsensusError } from './errors.js';
import { replaceFileDurably } from '../storage/durableFile.js';
import { SignStateFile, type LastSignState } from './signStateFile.js';
import {
  addressFromPubKey, ed25519PrivateKeyObject, ed25519PublicKeyFromSeed, ed25519Sign, proposalSignBytes, voteSignBytes,
} from './signBytes.js';

export interface PrivValidatorKey {
  address: Uint8Array;
  pubKey: Uint8Array;
  /** The private key as an opaque node:crypto KeyObject (prints no secret). */
  privateKey: KeyObject;
}

/** The signer the driver uses: one place that decides whether a signature may be made. */
export interface PrivValidator {
  readonly address: Uint8Array;
  readonly pubKey: Uint8Array;
  /** The last (height, round, step) signed, so a restarted node can skip past it. */
  readonly lastSigned?: { height: bigint; round: number; step: number };
  signVote(chainId: string, vote: Vote): Vote;
  signProposal(chainId: string, proposal: Proposal): Proposal;
  /** TEST ONLY (the equivocate switch): sign without the guard and without recording it. */
  signVoteUnguarded?(chainId: string, vote: Vote): Vote;
}

const STEP_PROPOSE = 1;
const STEP_PREVOTE = 2;
const STEP_PRECOMMIT = 3;

function keyFileError(message: string, path: string): ConsensusError {
  return new ConsensusError('PRIVVAL_KEY_FILE', message, { path });
}

export function generatePrivValidatorKey(path: string): PrivValidatorKey {
  if (existsSync(path)) throw keyFileError('refusing to overwrite an existing validator key', path);
  const seed = new Uint8Array(randomBytes(32));
  const pubKey = ed25519PublicKeyFromSeed(seed);
  const address = addressFromPubKey(pubKey);
  const json = {
    address: toHex(address),
    pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.from(pubKey).toString('base64') },
    priv_key: { type: 'tendermint/PrivKeyEd25519', value: Buffer.concat([seed, pubKey]).toString('base64') },
  };
  replaceFileDurably(path, JSON.stringify(json, null, 2) + '\n');
  const key = { address, pubKey, privateKey: ed25519PrivateKeyObject(seed) };
  seed.fill(0);
  return key;
}

export function loadPrivValidatorKey(path: string): PrivValidatorKey {
  let json: any;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw keyFileError(`cannot read validator key file (${(err as NodeJS.ErrnoException).code ?? 'invalid JSON'})`, path);
  }
  if (json?.priv_key?.type !== 'tendermint/PrivKeyEd25519') throw keyFileError('priv_key must be tendermint/PrivKeyEd25519', path);
  const raw = new Uint8Array(Buffer.from(String(json.priv_key.value ?? ''), 'base64'));
  if (raw.length !== 64) throw keyFileError('priv_key must be 64 bytes (seed || pubkey)', path);
  const seed = raw.slice(0, 32);
  const pubKey = ed25519PublicKeyFromSeed(seed);
  if (!bytesEqual(pubKey, raw.subarray(32))) throw keyFileError('priv_key does not match its public half', path);
  const address = addressFromPubKey(pubKey);
  if (json.pub_key?.value !== undefined && json.pub_key.value !== Buffer.from(pubKey).toString('base64')) {
    throw keyFileError('pub_key does not match priv_key', path);
  }
  if (json.address !== undefined && String(json.address).toUpperCase() !== toHex(address)) {
    throw keyFileError('address does not match pub_key', path);
  }
  const privateKey = ed25519PrivateKeyObject(seed);
  seed.fill(0);
  raw.fill(0);
  return { address, pubKey, privateKey };
}

/** The Timestamp inside length-delimited canonical sign bytes (field 5 of votes, 6 of proposals). */
function timestampInSignBytes(signBytes: Uint8Array, field: number): Timestamp | undefined {
  const r = new BinaryReader(signBytes);
  const inner = new BinaryReader(r.bytes());
  while (inner.pos < inner.len) {
    const tag = inner.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) return Timestamp.decode(inner.bytes());
    inner.skipType(tag & 7);
  }
  return undefined;
}

export class FilePrivValidator implements PrivValidator {
  private readonly stateFile: SignStateFile;

  /** `statePath` is CometBFT's priv_validator_state.json path; the slot file lives beside it. */
  constructor(private readonly key: PrivValidatorKey, statePath: string) {
    this.stateFile = SignStateFile.open(statePath);
  }

  private get last(): LastSignState {
    return this.stateFile.state;
  }

  static load(keyPath: string, statePath: string): FilePrivValidator {
    return new FilePrivValidator(loadPrivValidatorKey(keyPath), statePath);
  }

  get address(): Uint8Array { return this.key.address; }
  get pubKey(): Uint8Array { return this.key.pubKey; }
  get lastSigned(): { height: bigint; round: number; step: number } {
    return { height: this.last.height, round: this.last.round, step: this.last.step };
  }

  signVote(chainId: string, vote: Vote): Vote {
    const step = vote.type === SignedMsgType.SIGNED_MSG_TYPE_PREVOTE ? STEP_PREVOTE
      : vote.type === SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT ? STEP_PRECOMMIT : 0;
    if (step === 0) throw new ConsensusError('PRIVVAL_CONFLICT', 'unknown vote type', { type: vote.type });
    const signBytes = voteSignBytes(chainId, vote);
    const reuse = this.checkSameHrs(vote.height, vote.round, step, signBytes, 5, (ts) => voteSignBytes(chainId, { ...vote, timestamp: ts }));
    if (reuse) return { ...vote, timestamp: reuse.timestamp, signature: reuse.signature };
    return { ...vote, signature: this.signAndPersist(vote.height, vote.round, step, signBytes) };
  }

  signProposal(chainId: string, proposal: Proposal): Proposal {
    const signBytes = proposalSignBytes(chainId, proposal);
    const reuse = this.checkSameHrs(proposal.height, proposal.round, STEP_PROPOSE, signBytes, 6, (ts) => proposalSignBytes(chainId, { ...proposal, timestamp: ts }));
    if (reuse) return { ...proposal, timestamp: reuse.timestamp, signature: reuse.signature };
    return { ...proposal, signature: this.signAndPersist(proposal.height, proposal.round, STEP_PROPOSE, signBytes) };
  }

  /**
   * CometBFT's CheckHRS: a lower (height, round, step) is refused; the same one is answered
   * with the earlier signature if only the timestamp differs, and refused otherwise.
   */
  private checkSameHrs(
    height: bigint, round: number, step: number, signBytes: Uint8Array, tsField: number, reencode: (ts: Timestamp) => Uint8Array,
  ): { signature: Uint8Array; timestamp: Timestamp } | undefined {
    const l = this.last;
    const ctx = { height, round, step, lastHeight: l.height, lastRound: l.round, lastStep: l.step };
    if (height < l.height || (height === l.height && (round < l.round || (round === l.round && step < l.step)))) {
      throw new ConsensusError('PRIVVAL_REGRESSION', 'refusing to sign below the last signed height/round/step', ctx);
    }
    if (height !== l.height || round !== l.round || step !== l.step) return undefined;
    if (!l.signBytes || !l.signature) throw new ConsensusError('PRIVVAL_CONFLICT', 'same height/round/step signed before but no sign bytes recorded', ctx);
    if (bytesEqual(signBytes, l.signBytes)) return { signature: l.signature, timestamp: timestampInSignBytes(l.signBytes, tsField)! };
    const oldTs = timestampInSignBytes(l.signBytes, tsField);
    if (oldTs && bytesEqual(reencode(oldTs), l.signBytes)) return { signature: l.signature, timestamp: oldTs };
    throw new ConsensusError('PRIVVAL_CONFLICT', 'refusing to sign conflicting data at the last signed height/round/step', ctx);
  }

  signVoteUnguarded(chainId: string, vote: Vote): Vote {
    return { ...vote, signature: ed25519Sign(this.key.privateKey, voteSignBytes(chainId, vote)) };
  }

  private signAndPersist(height: bigint, round: number, step: number, signBytes: Uint8Array): Uint8Array {
    const signature = ed25519Sign(this.key.privateKey, signBytes);
    this.stateFile.save({ height, round, step, signature, signBytes });
    return signature;
  }
}
