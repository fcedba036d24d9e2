// The validator set and CometBFT's proposer rotation (types/validator_set.go): priorities
// grow by voting power each step, the highest becomes proposer (ties: lowest address) and
// pays back the total power; priorities are kept within a window of 2x total power and
// centered around zero. All arithmetic is bigint, clipped to int64 as Go does.
import { ValidatorSet as ValidatorSetProto } from 'cosmjs-types/tendermint/types/validator';
import { compareBytes, toHex } from './bytes.js';
import { ConsensusError } from './errors.js';
import { validatorSetHash } from './hashing.js';
import { addressFromPubKey } from './signBytes.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** CometBFT's MaxTotalVotingPower: MaxInt64 / 8, so priority arithmetic cannot overflow. */
export const MAX_TOTAL_VOTING_POWER = INT64_MAX / 8n;
const PRIORITY_WINDOW_SIZE_FACTOR = 2n;

export interface Validator {
  address: Uint8Array; // sha256(pubKey)[0:20]
  pubKey: Uint8Array; // ed25519, 32 bytes
  votingPower: bigint;
  proposerPriority: bigint;
}

export interface ValidatorUpdate {
  pubKey: Uint8Array;
  power: bigint; // 0 removes the validator
}

const clip = (x: bigint): bigint => (x > INT64_MAX ? INT64_MAX : x < INT64_MIN ? INT64_MIN : x);
/** Go's big.Int Div is Euclidean: floor for a positive divisor. */
const floorDiv = (a: bigint, b: bigint): bigint => { const q = a / b; return a % b !== 0n && a < 0n ? q - 1n : q; };
const byPowerThenAddress = (a: Validator, b: Validator): number =>
  a.votingPower !== b.votingPower ? (a.votingPower > b.votingPower ? -1 : 1) : compareBytes(a.address, b.address);

function invalid(message: string, context: Record<string, unknown> = {}): ConsensusError {
  return new ConsensusError('CONSENSUS_INVALID_VALIDATOR_SET', message, context);
}

export class ValidatorSet {
  private proposerCache: Validator | null;

  private constructor(readonly validators: Validator[], proposer: Validator | null) {
    this.proposerCache = proposer;
  }

  /** NewValidatorSet: apply the list as a change set, then one priority increment. */
  static fromUpdates(updates: ValidatorUpdate[]): ValidatorSet {
    const set = new ValidatorSet([], null);
    set.updateWithChangeSet(updates, false);
    if (set.validators.length > 0) set.incrementProposerPriority(1);
    return set;
  }

  /** Rebuilds a set exactly (priorities included), e.g. from stored chain state. */
  static fromValidators(validators: Validator[], proposerAddress?: Uint8Array): ValidatorSet {
    const vals = validators.map((v) => ({ ...v }));
    const proposer = proposerAddress ? vals.find((v) => compareBytes(v.address, proposerAddress) === 0) ?? null : null;
    return new ValidatorSet(vals, proposer);
  }

  get size(): number {
    return this.validators.length;
  }

  totalVotingPower(): bigint {
    let sum = 0n;
    for (const v of this.validators) sum += v.votingPower;
    return sum;
  }

  getByAddress(address: Uint8Array): { index: number; validator: Validator } | undefined {
    const index = this.validators.findIndex((v) => compareBytes(v.address, address) === 0);
    return index < 0 ? undefined : { index, validator: this.validators[index] };
  }

  getByIndex(index: number): Validator | undefined {
    return Number.isInteger(index) && index >= 0 ? this.validators[index] : undefined;
  }

  get proposer(): Validator {
    if (this.validators.length === 0) throw invalid('empty validator set has no proposer');
    if (!this.proposerCache) this.proposerCache = this.withMostPriority();
    return this.proposerCache;
  }

  copy(): ValidatorSet {
    const vals = this.validators.map((v) => ({ ...v }));
    const p = this.proposerCache;
    return new ValidatorSet(vals, p ? vals.find((v) => compareBytes(v.address, p.address) === 0) ?? null : null);
  }

  copyIncrementProposerPriority(times: number): ValidatorSet {
    const c = this.copy();
    c.incrementProposerPriority(times);
    return c;
  }

  incrementProposerPriority(times: number): void {
    if (!Number.isInteger(times) || times <= 0) throw invalid('times must be a positive integer', { times });
    if (this.validators.length === 0) throw invalid('empty validator set');
    this.rescalePriorities(PRIORITY_WINDOW_SIZE_FACTOR * this.totalVotingPower());
    this.shiftByAveragePriority();
    let proposer: Validator | null = null;
    for (let i = 0; i < times; i++) proposer = this.incrementOnce();
    this.proposerCache = proposer;
  }

  hash(): Uint8Array {
    return validatorSetHash(this.validators);
  }

  /**
   * Applies validator updates (power 0 removes) as CometBFT's updateWithChangeSet: new
   * validators start at -1.125 x total power so they cannot propose right away.
   */
  updateWithChangeSet(updates: ValidatorUpdate[], allowDeletes = true): void {
    const changes = updates.map((u) => {
      if (u.pubKey.length !== 32) throw invalid('validator pubkey must be 32 bytes (ed25519)');
      if (u.power < 0n) throw invalid('negative voting power', { address: toHex(addressFromPubKey(u.pubKey)) });
      if (u.power > MAX_TOTAL_VOTING_POWER) throw invalid('voting power too large');
      return { address: addressFromPubKey(u.pubKey), pubKey: u.pubKey, power: u.power };
    });
    changes.sort((a, b) => compareBytes(a.address, b.address));
    for (let i = 1; i < changes.length; i++) {
      if (compareBytes(changes[i - 1].address, changes[i].address) === 0) {
        throw invalid('duplicate validator in change set', { address: toHex(changes[i].address) });
      }
    }
    const removals = changes.filter((c) => c.power === 0n);
    const upserts = changes.filter((c) => c.power > 0n);
    if (!allowDeletes && removals.length > 0) throw invalid('cannot remove validators here');
    for (const r of removals) {
      if (!this.getByAddress(r.address)) throw invalid('removing a validator that is not in the set', { address: toHex(r.address) });
    }
    let tvpAfterUpdates = this.totalVotingPower();
    for (const u of upserts) tvpAfterUpdates += u.power - (this.getByAddress(u.address)?.validator.votingPower ?? 0n);
    if (tvpAfterUpdates > MAX_TOTAL_VOTING_POWER) throw invalid('total voting power would exceed the maximum');

    const byAddress = new Map(this.validators.map((v) => [toHex(v.address), v]));
    for (const u of upserts) {
      const existing = byAddress.get(toHex(u.address));
      const priority = existing ? existing.proposerPriority : -(tvpAfterUpdates + (tvpAfterUpdates >> 3n));
      byAddress.set(toHex(u.address), { address: u.address, pubKey: u.pubKey, votingPower: u.power, proposerPriority: priority });
    }
    for (const r of removals) byAddress.delete(toHex(r.address));
    const next = [...byAddress.values()];
    if (next.length === 0) throw invalid('applying the changes would leave an empty validator set');
    this.validators.splice(0, this.validators.length, ...next);
    this.proposerCache = null;
    this.rescalePriorities(PRIORITY_WINDOW_SIZE_FACTOR * this.totalVotingPower());
    this.shiftByAveragePriority();
    this.validators.sort(byPowerThenAddress);
  }

  toProto(): ValidatorSetProto {
    const toProto = (v: Validator) => ({ address: v.address, pubKey: { ed25519: v.pubKey }, votingPower: v.votingPower, proposerPriority: v.proposerPriority });
    return {
      validators: this.validators.map(toProto),
      proposer: this.validators.length > 0 ? toProto(this.proposer) : undefined,
      totalVotingPower: this.totalVotingPower(),
    };
  }

  static fromProto(p: ValidatorSetProto): ValidatorSet {
    const vals = p.validators.map((v) => {
      const pubKey = v.pubKey?.ed25519;
      if (!pubKey || pubKey.length !== 32) throw invalid('stored validator without an ed25519 key');
      return { address: addressFromPubKey(pubKey), pubKey, votingPower: v.votingPower, proposerPriority: v.proposerPriority };
    });
    return ValidatorSet.fromValidators(vals, p.proposer?.address);
  }

  private incrementOnce(): Validator {
    for (const v of this.validators) v.proposerPriority = clip(v.proposerPriority + v.votingPower);
    const most = this.withMostPriority();
    most.proposerPriority = clip(most.proposerPriority - this.totalVotingPower());
    return most;
  }

  private withMostPriority(): Validator {
    let best = this.validators[0];
    for (const v of this.validators) {
      if (v.proposerPriority > best.proposerPriority) best = v;
      else if (v.proposerPriority === best.proposerPriority && compareBytes(v.address, best.address) < 0) best = v;
    }
    return best;
  }

  private rescalePriorities(diffMax: bigint): void {
    if (diffMax <= 0n || this.validators.length === 0) return;
    let max = this.validators[0].proposerPriority;
    let min = max;
    for (const v of this.validators) {
      if (v.proposerPriority > max) max = v.proposerPriority;
      if (v.proposerPriority < min) min = v.proposerPriority;
    }
    const diff = max - min;
    if (diff > diffMax) {
      const ratio = (diff + diffMax - 1n) / diffMax;
      for (const v of this.validators) v.proposerPriority = v.proposerPriority / ratio; // Go int64 division truncates
    }
  }

  private shiftByAveragePriority(): void {
    if (this.validators.length === 0) return;
    let sum = 0n;
    for (const v of this.validators) sum += v.proposerPriority;
    const avg = floorDiv(sum, BigInt(this.validators.length));
    for (const v of this.validators) v.proposerPriority = clip(v.proposerPriority - avg);
  }
}
