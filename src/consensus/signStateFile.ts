// The signer's last (height, round, step, signature, sign bytes), made durable before a
// signature leaves. One fixed-size file with two slots, each sequence-numbered and CRC'd,
// written alternately in place (pwrite + fdatasync: one flush per signature, no rename and
// no folder sync). A write torn by a crash spoils only its own slot; the other slot still
// holds the state before it, which is right since the torn signature never left.
// The older CometBFT-style priv_validator_state.json is read once on upgrade, then replaced
// by a marker so that a stale copy can never be mistaken for the guard.
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import { replaceFileDurably } from '../storage/durableFile.js';
import { ConsensusError } from './errors.js';

export interface LastSignState {
  height: bigint;
  round: number;
  step: number;
  signature?: Uint8Array;
  signBytes?: Uint8Array;
}

export const SIGN_STATE_SLOT_BYTES = 1024;
const MAGIC = 0x53435056; // "SCPV"
const FORMAT = 1;
/** magic, format, seq, height, round, step, signature length, sign bytes length. */
const HEADER_BYTES = 4 + 1 + 8 + 8 + 4 + 1 + 2 + 2;
const MAX_PAYLOAD = SIGN_STATE_SLOT_BYTES - HEADER_BYTES - 4;
const MARKER_FORMAT = 'seedcast-sign-state-slots';

/** Where the slot file lives beside the configured JSON path. */
export function signStateSlotsPath(jsonPath: string): string {
  return jsonPath.replace(/\.json$/, '') + '.slots';
}

function stateFileError(message: string, path: string): ConsensusError {
  return new ConsensusError('PRIVVAL_STATE_FILE', `unreadable signer state: ${message}`, { path });
}

export function encodeSlot(seq: bigint, s: LastSignState): Uint8Array {
  const sig = s.signature ?? new Uint8Array();
  const sb = s.signBytes ?? new Uint8Array();
  if (sig.length + sb.length > MAX_PAYLOAD) {
    throw new ConsensusError('PRIVVAL_STATE_FILE', 'sign bytes too large for a state slot', { bytes: sig.length + sb.length });
  }
  const buf = Buffer.alloc(SIGN_STATE_SLOT_BYTES);
  let o = buf.writeUInt32BE(MAGIC, 0);
  o = buf.writeUInt8(FORMAT, o);
  o = buf.writeBigUInt64BE(seq, o);
  o = buf.writeBigUInt64BE(s.height, o);
  o = buf.writeUInt32BE(s.round, o);
  o = buf.writeUInt8(s.step, o);
  o = buf.writeUInt16BE(sig.length, o);
  o = buf.writeUInt16BE(sb.length, o);
  buf.set(sig, o);
  buf.set(sb, o + sig.length);
  buf.writeUInt32BE(crc32(buf.subarray(0, SIGN_STATE_SLOT_BYTES - 4)), SIGN_STATE_SLOT_BYTES - 4);
  return buf;
}

/** A slot's state and sequence, or undefined if it is empty, torn or corrupt. */
export function decodeSlot(slot: Uint8Array): { seq: bigint; state: LastSignState } | undefined {
  const b = Buffer.from(slot.buffer, slot.byteOffset, slot.byteLength);
  if (b.length !== SIGN_STATE_SLOT_BYTES || b.readUInt32BE(0) !== MAGIC || b.readUInt8(4) !== FORMAT) return undefined;
  if (crc32(b.subarray(0, SIGN_STATE_SLOT_BYTES - 4)) !== b.readUInt32BE(SIGN_STATE_SLOT_BYTES - 4)) return undefined;
  const seq = b.readBigUInt64BE(5);
  const height = b.readBigUInt64BE(13);
  const round = b.readUInt32BE(21);
  const step = b.readUInt8(25);
  const sigLen = b.readUInt16BE(26);
  const sbLen = b.readUInt16BE(28);
  if (sigLen + sbLen > MAX_PAYLOAD || round > 0x7fffffff) return undefined;
  const sig = new Uint8Array(b.subarray(HEADER_BYTES, HEADER_BYTES + sigLen));
  const sb = new Uint8Array(b.subarray(HEADER_BYTES + sigLen, HEADER_BYTES + sigLen + sbLen));
  return { seq, state: { height, round, step, signature: sigLen ? sig : undefined, signBytes: sbLen ? sb : undefined } };
}

function readLegacyJson(path: string, slotsPath: string): LastSignState {
  if (!existsSync(path)) return { height: 0n, round: 0, step: 0 };
  try {
    const j = JSON.parse(readFileSync(path, 'utf8'));
    if (j?.format === MARKER_FORMAT) throw new Error(`the state moved to ${basename(slotsPath)}, which is missing`);
    if (!/^\d+$/.test(String(j.height)) || !Number.isInteger(j.round) || !Number.isInteger(j.step)) throw new Error('bad fields');
    return {
      height: BigInt(j.height),
      round: j.round,
      step: j.step,
      signature: j.signature ? new Uint8Array(Buffer.from(j.signature, 'base64')) : undefined,
      signBytes: j.signbytes ? new Uint8Array(Buffer.from(j.signbytes, 'hex')) : undefined,
    };
  } catch (err) {
    // Never guess: signing with a lost guard could double-sign.
    throw stateFileError((err as Error).message, path);
  }
}

export class SignStateFile {
  private constructor(
    private readonly jsonPath: string,
    private readonly slotsPath: string,
    private seq: bigint,
    private current: LastSignState,
    /** False until the slot file exists (a fresh home, or one upgraded from the JSON file). */
    private hasSlots: boolean,
  ) {}

  /** Reads the state: the newest valid slot, else the legacy JSON file, else a fresh state. */
  static open(jsonPath: string): SignStateFile {
    const slotsPath = signStateSlotsPath(jsonPath);
    if (!existsSync(slotsPath)) return new SignStateFile(jsonPath, slotsPath, 0n, readLegacyJson(jsonPath, slotsPath), false);
    const raw = readFileSync(slotsPath);
    if (raw.length !== 2 * SIGN_STATE_SLOT_BYTES) throw stateFileError(`slot file has ${raw.length} bytes, not ${2 * SIGN_STATE_SLOT_BYTES}`, slotsPath);
    const slots = [decodeSlot(raw.subarray(0, SIGN_STATE_SLOT_BYTES)), decodeSlot(raw.subarray(SIGN_STATE_SLOT_BYTES))];
    const best = slots.reduce((a, b) => (!a || (b && b.seq > a.seq) ? b : a));
    if (!best) throw stateFileError('neither state slot is valid', slotsPath);
    return new SignStateFile(jsonPath, slotsPath, best.seq, best.state, true);
  }

  get state(): LastSignState {
    return this.current;
  }

  /** Makes `next` durable; returns only once it is on disk. */
  save(next: LastSignState): void {
    const seq = this.seq + 1n;
    const slot = encodeSlot(seq, next);
    if (!this.hasSlots) this.create(seq, slot);
    else {
      const fd = openSync(this.slotsPath, 'r+');
      try {
        writeSync(fd, slot, 0, slot.length, Number(seq % 2n) * SIGN_STATE_SLOT_BYTES);
        fdatasyncSync(fd); // the size never changes, so the data flush is enough
      } finally {
        closeSync(fd);
      }
    }
    this.seq = seq;
    this.current = next;
  }

  private create(seq: bigint, slot: Uint8Array): void {
    const file = new Uint8Array(2 * SIGN_STATE_SLOT_BYTES);
    file.set(slot, Number(seq % 2n) * SIGN_STATE_SLOT_BYTES);
    replaceFileDurably(this.slotsPath, file);
    this.hasSlots = true;
    // The JSON copy is stale from now on: replace it with a pointer rather than leave a trap.
    replaceFileDurably(this.jsonPath, JSON.stringify({ format: MARKER_FORMAT, path: basename(this.slotsPath) }, null, 2) + '\n');
  }
}
