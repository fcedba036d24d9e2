// Slashing parameters (the SDK's x/slashing Params): names, JSON form, defaults. Rates are
// 18-decimal fixed point; in protobuf they are bytes holding the scaled integer as text.
import { Params } from 'cosmjs-types/cosmos/slashing/v1beta1/slashing';
import { decFromProto, decToProto, formatDec, ONE, parseDec } from '../../dec.js';
import { formatDurationMs, msToProtoTime, parseDurationMs, protoTimeToMs } from '../../duration.js';
import { SDK, sdkError } from '../../errors.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { paramsKey } from './keys.js';

export interface SlashingParams {
  signedBlocksWindow: bigint;
  /** Fraction of the window a validator must sign (scaled by 10^18). */
  minSignedPerWindow: bigint;
  downtimeJailDurationMs: bigint;
  slashFractionDoubleSign: bigint;
  slashFractionDowntime: bigint;
}

export const DEFAULT_SLASHING_PARAMS: SlashingParams = {
  signedBlocksWindow: 100n,
  minSignedPerWindow: ONE / 2n,
  downtimeJailDurationMs: 60_000n,
  slashFractionDoubleSign: ONE / 20n,
  slashFractionDowntime: ONE / 10_000n,
};

export interface SlashingParamsJson {
  signed_blocks_window: string;
  min_signed_per_window: string;
  downtime_jail_duration: string;
  slash_fraction_double_sign: string;
  slash_fraction_downtime: string;
}

export function slashingParamsToJson(p: SlashingParams): SlashingParamsJson {
  return {
    signed_blocks_window: p.signedBlocksWindow.toString(),
    min_signed_per_window: formatDec(p.minSignedPerWindow),
    downtime_jail_duration: formatDurationMs(p.downtimeJailDurationMs),
    slash_fraction_double_sign: formatDec(p.slashFractionDoubleSign),
    slash_fraction_downtime: formatDec(p.slashFractionDowntime),
  };
}

function fraction(v: string | undefined, fallback: bigint, name: string): bigint {
  if (v === undefined) return fallback;
  const d = parseDec(v, `slashing params ${name}`);
  if (d > ONE) throw sdkError(SDK.InvalidRequest, `slashing params ${name} must be at most 1`);
  return d;
}

export function slashingParamsFromJson(json: Partial<SlashingParamsJson> | undefined): SlashingParams {
  const j = json ?? {};
  const d = DEFAULT_SLASHING_PARAMS;
  let window = d.signedBlocksWindow;
  if (j.signed_blocks_window !== undefined) {
    const w = String(j.signed_blocks_window);
    if (!/^[1-9][0-9]{0,6}$/.test(w)) throw sdkError(SDK.InvalidRequest, 'slashing params signed_blocks_window must be an integer in 1..9999999');
    window = BigInt(w);
  }
  return {
    signedBlocksWindow: window,
    minSignedPerWindow: fraction(j.min_signed_per_window, d.minSignedPerWindow, 'min_signed_per_window'),
    downtimeJailDurationMs: j.downtime_jail_duration === undefined ? d.downtimeJailDurationMs : parseDurationMs(j.downtime_jail_duration, 'slashing params downtime_jail_duration'),
    slashFractionDoubleSign: fraction(j.slash_fraction_double_sign, d.slashFractionDoubleSign, 'slash_fraction_double_sign'),
    slashFractionDowntime: fraction(j.slash_fraction_downtime, d.slashFractionDowntime, 'slash_fraction_downtime'),
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function toProtoParams(p: SlashingParams): Params {
  return Params.fromPartial({
    signedBlocksWindow: p.signedBlocksWindow,
    minSignedPerWindow: enc.encode(decToProto(p.minSignedPerWindow)),
    downtimeJailDuration: msToProtoTime(p.downtimeJailDurationMs),
    slashFractionDoubleSign: enc.encode(decToProto(p.slashFractionDoubleSign)),
    slashFractionDowntime: enc.encode(decToProto(p.slashFractionDowntime)),
  });
}

export function setSlashingParams(kv: KV, p: SlashingParams): void {
  kv.set(paramsKey(), Params.encode(toProtoParams(p)).finish());
}

export function getSlashingParams(kv: ReadonlyKV): SlashingParams {
  const raw = kv.get(paramsKey());
  if (!raw) return DEFAULT_SLASHING_PARAMS;
  const p = Params.decode(raw);
  return {
    signedBlocksWindow: p.signedBlocksWindow,
    minSignedPerWindow: decFromProto(dec.decode(p.minSignedPerWindow)),
    downtimeJailDurationMs: protoTimeToMs(p.downtimeJailDuration),
    slashFractionDoubleSign: decFromProto(dec.decode(p.slashFractionDoubleSign)),
    slashFractionDowntime: decFromProto(dec.decode(p.slashFractionDowntime)),
  };
}
