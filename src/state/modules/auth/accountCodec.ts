// BaseAccount bytes, written and read by hand: every tx reads and writes its signer's account in
// CheckTx, each recheck and the block, and cosmjs-types' generic codec (writer forks, a reader per
// nested message, the Any and PubKey wrappers) was most of that cost. The bytes are exactly the
// ones cosmjs-types writes (fields in number order, proto3 defaults omitted; a test compares them);
// reading takes the fast path only for that canonical layout and hands anything else to cosmjs-types.
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { bigVarintLen } from '../../../storage/protoWriter.js';

export const SECP256K1_PUBKEY_URL = '/cosmos.crypto.secp256k1.PubKey';

export interface AccountFields {
  /** bech32 text of the address (ASCII). */
  address: string;
  accountNumber: bigint;
  sequence: bigint;
  /** Compressed secp256k1 key (33 bytes), or undefined before the account's first tx. */
  pubKey?: Uint8Array;
}

const TYPE_URL = Buffer.from(SECP256K1_PUBKEY_URL, 'latin1');
const KEY_LEN = 33;
const PUBKEY_MSG_LEN = 2 + KEY_LEN; // PubKey{ key = 1 }
const ANY_LEN = 2 + TYPE_URL.length + 2 + PUBKEY_MSG_LEN; // Any{ type_url = 1, value = 2 }
const TWO_53 = 2n ** 53n;

function writeVarint(buf: Uint8Array, pos: number, v: bigint): number {
  if (v < TWO_53) {
    let n = Number(v);
    while (n >= 0x80) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[pos++] = n;
    return pos;
  }
  while (v >= 0x80n) {
    buf[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  buf[pos++] = Number(v);
  return pos;
}

/** Encodes as cosmjs-types' BaseAccount.encode would (canonical key: 33 bytes). */
export function encodeBaseAccount(a: AccountFields): Uint8Array {
  if (a.pubKey !== undefined && a.pubKey.length !== KEY_LEN) return encodeWithCosmjs(a);
  const addrLen = a.address.length; // bech32 is ASCII and under 128 characters
  if (addrLen >= 0x80) return encodeWithCosmjs(a);
  const number = a.accountNumber !== 0n ? 1 + bigVarintLen(a.accountNumber) : 0;
  const sequence = a.sequence !== 0n ? 1 + bigVarintLen(a.sequence) : 0;
  const pubKey = a.pubKey ? 2 + ANY_LEN : 0;
  const out = Buffer.allocUnsafe((addrLen > 0 ? 2 + addrLen : 0) + pubKey + number + sequence);
  let p = 0;
  if (addrLen > 0) {
    out[p++] = 0x0a;
    out[p++] = addrLen;
    p += out.write(a.address, p, 'latin1');
  }
  if (a.pubKey) {
    out[p++] = 0x12;
    out[p++] = ANY_LEN;
    out[p++] = 0x0a;
    out[p++] = TYPE_URL.length;
    out.set(TYPE_URL, p);
    p += TYPE_URL.length;
    out[p++] = 0x12;
    out[p++] = PUBKEY_MSG_LEN;
    out[p++] = 0x0a;
    out[p++] = KEY_LEN;
    out.set(a.pubKey, p);
    p += KEY_LEN;
  }
  if (number) {
    out[p++] = 0x18;
    p = writeVarint(out, p, a.accountNumber);
  }
  if (sequence) {
    out[p++] = 0x20;
    p = writeVarint(out, p, a.sequence);
  }
  return new Uint8Array(out.buffer, out.byteOffset, p);
}

function encodeWithCosmjs(a: AccountFields): Uint8Array {
  return BaseAccount.encode(
    BaseAccount.fromPartial({
      address: a.address,
      accountNumber: a.accountNumber,
      sequence: a.sequence,
      pubKey: a.pubKey ? { typeUrl: SECP256K1_PUBKEY_URL, value: PubKey.encode({ key: a.pubKey }).finish() } : undefined,
    }),
  ).finish();
}

/** Reads a varint of at most 10 bytes at pos: [value, next pos], or undefined when malformed. */
function readVarint(buf: Uint8Array, pos: number): [bigint, number] | undefined {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 7 && pos < buf.length; i++) {
    const b = buf[pos++]!;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return [BigInt(n), pos];
    scale *= 0x80;
  }
  let v = BigInt(n);
  for (let shift = 49n; shift < 70n && pos < buf.length; shift += 7n) {
    const b = buf[pos++]!;
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v < 1n << 64n ? [v, pos] : undefined;
  }
  return undefined;
}

/** The decoded number, sequence and key; the address text is not needed (the state key has it). */
export function decodeBaseAccount(raw: Uint8Array): Omit<AccountFields, 'address'> {
  return decodeCanonical(raw) ?? decodeWithCosmjs(raw);
}

function decodeCanonical(raw: Uint8Array): Omit<AccountFields, 'address'> | undefined {
  let p = 0;
  if (raw[p] === 0x0a) {
    const len = raw[p + 1]!;
    if (len >= 0x80) return undefined;
    p += 2 + len;
  }
  let pubKey: Uint8Array | undefined;
  if (raw[p] === 0x12) {
    if (raw[p + 1] !== ANY_LEN || raw[p + 2] !== 0x0a || raw[p + 3] !== TYPE_URL.length) return undefined;
    for (let i = 0; i < TYPE_URL.length; i++) if (raw[p + 4 + i] !== TYPE_URL[i]) return undefined;
    const v = p + 4 + TYPE_URL.length;
    if (raw[v] !== 0x12 || raw[v + 1] !== PUBKEY_MSG_LEN || raw[v + 2] !== 0x0a || raw[v + 3] !== KEY_LEN) return undefined;
    if (v + 4 + KEY_LEN > raw.length) return undefined;
    pubKey = raw.slice(v + 4, v + 4 + KEY_LEN);
    p = v + 4 + KEY_LEN;
  }
  let accountNumber = 0n;
  let sequence = 0n;
  if (raw[p] === 0x18) {
    const r = readVarint(raw, p + 1);
    if (!r) return undefined;
    [accountNumber, p] = r;
  }
  if (raw[p] === 0x20) {
    const r = readVarint(raw, p + 1);
    if (!r) return undefined;
    [sequence, p] = r;
  }
  return p === raw.length ? { accountNumber, sequence, pubKey } : undefined;
}

function decodeWithCosmjs(raw: Uint8Array): Omit<AccountFields, 'address'> {
  const b = BaseAccount.decode(raw);
  return { accountNumber: b.accountNumber, sequence: b.sequence, pubKey: b.pubKey ? PubKey.decode(b.pubKey.value).key : undefined };
}
