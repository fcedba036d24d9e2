// Signing infos and the missed-blocks window per consensus address, and the two punishments:
// double sign (slash, jail forever, tombstone) and downtime (small slash, jail for a while).
import { ValidatorSigningInfo } from 'cosmjs-types/cosmos/slashing/v1beta1/slashing';
import { toBech32Address } from '../../../codec/address.js';
import type { Ctx } from '../../context.js';
import { ONE } from '../../dec.js';
import { msToProtoTime, protoTimeToMs } from '../../duration.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import type { Misbehavior, VoteInfo } from '../../../types/abci.js';
import type { StakingPenalties } from '../staking/penalties.js';
import { missedBlockKey, signingInfoKey } from './keys.js';
import { getSlashingParams } from './params.js';

export const VALCONS_PREFIX = 'seedvalcons';
/** The SDK's DoubleSignJailEndTime: 9999-12-31T23:59:59Z, i.e. never. */
export const JAILED_FOREVER_MS = 253402300799000n;

export interface SigningInfo {
  startHeight: bigint;
  indexOffset: bigint;
  jailedUntilMs: bigint;
  tombstoned: boolean;
  missedBlocksCounter: bigint;
}

export function getSigningInfo(kv: ReadonlyKV, cons: Uint8Array): SigningInfo | undefined {
  const raw = kv.get(signingInfoKey(cons));
  if (!raw) return undefined;
  const p = ValidatorSigningInfo.decode(raw);
  return { startHeight: p.startHeight, indexOffset: p.indexOffset, jailedUntilMs: protoTimeToMs(p.jailedUntil), tombstoned: p.tombstoned, missedBlocksCounter: p.missedBlocksCounter };
}

export function setSigningInfo(kv: KV, cons: Uint8Array, s: SigningInfo): void {
  const p = ValidatorSigningInfo.fromPartial({
    address: toBech32Address(cons, VALCONS_PREFIX),
    startHeight: s.startHeight,
    indexOffset: s.indexOffset,
    jailedUntil: msToProtoTime(s.jailedUntilMs),
    tombstoned: s.tombstoned,
    missedBlocksCounter: s.missedBlocksCounter,
  });
  kv.set(signingInfoKey(cons), ValidatorSigningInfo.encode(p).finish());
}

export function newSigningInfo(height: bigint): SigningInfo {
  return { startHeight: height, indexOffset: 0n, jailedUntilMs: 0n, tombstoned: false, missedBlocksCounter: 0n };
}

const valcons = (cons: Uint8Array) => toBech32Address(cons, VALCONS_PREFIX);

export class SlashingKeeper {
  constructor(readonly staking: StakingPenalties) {}

  /** Duplicate vote: slash at the offence's power, jail for good, tombstone. */
  handleDoubleSign(ctx: Ctx, m: Misbehavior): void {
    const v = this.staking.validatorByConsAddress(ctx.kv, m.address);
    if (!v) return;
    const info = getSigningInfo(ctx.kv, m.address) ?? newSigningInfo(ctx.block.height);
    if (info.tombstoned) return; // punished once per validator, as the SDK does
    const { slashFractionDoubleSign } = getSlashingParams(ctx.kv);
    const burned = this.staking.slash(ctx, m.address, m.height, m.power, slashFractionDoubleSign);
    this.staking.jail(ctx, m.address);
    info.tombstoned = true;
    info.jailedUntilMs = JAILED_FOREVER_MS;
    setSigningInfo(ctx.kv, m.address, info);
    ctx.events.emit('slash', { address: valcons(m.address), power: m.power.toString(), reason: 'double_sign', jailed: valcons(m.address), burned_coins: burned.toString() });
  }

  /** One validator's vote in the last commit: update its window; jail it when it missed too many. */
  handleValidatorSignature(ctx: Ctx, vote: VoteInfo): void {
    const v = this.staking.validatorByConsAddress(ctx.kv, vote.address);
    if (!v) return;
    const params = getSlashingParams(ctx.kv);
    const window = params.signedBlocksWindow;
    const info = getSigningInfo(ctx.kv, vote.address) ?? newSigningInfo(ctx.block.height);
    const index = info.indexOffset % window;
    info.indexOffset += 1n;
    const key = missedBlockKey(vote.address, index);
    const missedBefore = ctx.kv.get(key) !== undefined;
    const missed = !vote.signed;
    if (missed && !missedBefore) {
      ctx.kv.set(key, Uint8Array.of(1));
      info.missedBlocksCounter += 1n;
    } else if (!missed && missedBefore) {
      ctx.kv.delete(key);
      info.missedBlocksCounter -= 1n;
    }
    if (missed) ctx.events.emit('liveness', { address: valcons(vote.address), missed_blocks: info.missedBlocksCounter.toString(), height: ctx.block.height.toString() });

    const minSigned = (window * params.minSignedPerWindow) / ONE;
    const maxMissed = window - minSigned;
    const minHeight = info.startHeight + window;
    if (ctx.block.height > minHeight && info.missedBlocksCounter > maxMissed && !v.jailed) {
      // The missed blocks were signed with the power the set had two blocks back (updates apply at H+2).
      const infractionHeight = ctx.block.height - 2n;
      const burned = this.staking.slash(ctx, vote.address, infractionHeight, vote.power, params.slashFractionDowntime);
      this.staking.jail(ctx, vote.address);
      info.jailedUntilMs = ctx.block.timeMs + params.downtimeJailDurationMs;
      for (let i = 0n; i < window; i++) ctx.kv.delete(missedBlockKey(vote.address, i));
      info.missedBlocksCounter = 0n;
      info.indexOffset = 0n;
      ctx.events.emit('slash', { address: valcons(vote.address), power: vote.power.toString(), reason: 'missing_signature', jailed: valcons(vote.address), burned_coins: burned.toString() });
    }
    setSigningInfo(ctx.kv, vote.address, info);
  }
}
