import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import { FileWal } from '../../../src/consensus/wal.js';
import { makeBlock, stateFromGenesis, blockIdOf, type ConsensusEvent } from '../../../src/consensus/index.js';
import { signedVote, testValidators } from './helpers.js';

const { set, keys } = testValidators(4);
const chainId = 'wal-chain';
const genesis = stateFromGenesis({ chainId, initialHeight: 1n, genesisTimeMs: 1_000n, validators: set.validators.map((v) => ({ pubKey: v.pubKey, power: v.votingPower })) });

function tmpDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-wal-')); }

function sampleEvents(height: bigint): ConsensusEvent[] {
  const block = makeBlock(genesis, height, [new Uint8Array([1, 2, 3])], undefined, 2_000n, set.validators[0].address);
  const blockId = blockIdOf(block);
  return [
    { type: 'proposal', valid: true, block, proposal: { type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height, round: 0, polRound: -1, blockId, timestamp: { seconds: 2n, nanos: 0 }, signature: new Uint8Array(64).fill(7) } },
    { type: 'vote', vote: signedVote(chainId, set, keys, 1, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, height, 0, blockId) },
    { type: 'timeout', height, round: 0, step: 'prevote' },
    { type: 'txsAvailable' },
    { type: 'vote', vote: signedVote(chainId, set, keys, 2, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, height, 1) },
  ];
}

/** Byte offsets where each record starts. */
function recordOffsets(file: string): number[] {
  const buf = fs.readFileSync(file);
  const out: number[] = [];
  for (let off = 0; off < buf.length; off += 8 + buf.readUInt32BE(off)) out.push(off);
  return out;
}

describe('FileWal', () => {
  test('replays exactly the events of the current height, after the previous end marker', async () => {
    const dir = tmpDir();
    const wal = FileWal.open(dir);
    for (const ev of sampleEvents(1n)) await wal.append({ type: 'event', event: ev });
    await wal.append({ type: 'endHeight', height: 1n });
    await wal.append({ type: 'event', event: { type: 'startHeight', start: { height: 2n, validators: set, round: 3 } } });
    const h2 = sampleEvents(2n);
    for (const ev of h2) await wal.append({ type: 'event', event: ev }, { fsync: true });
    wal.close();

    const again = FileWal.open(dir);
    expect(again.truncatedBytes).toBe(0);
    const r = again.replayFor(2n);
    expect(r.startRound).toBe(3);
    expect(r.events).toEqual(h2); // byte-exact round trip of proposals (with blocks), votes, timeouts
    expect(() => again.replayFor(1n)).toThrow(/WAL_AHEAD/);
    expect(again.replayFor(3n)).toEqual({ startRound: 0, events: [] });
    again.close();
  });

  test('a torn last record (partial header, partial payload, or bad CRC at the end) is cut off', async () => {
    for (const tear of ['header', 'payload', 'crc'] as const) {
      const dir = tmpDir();
      const wal = FileWal.open(dir);
      const evs = sampleEvents(1n);
      for (const ev of evs) await wal.append({ type: 'event', event: ev });
      wal.close();
      const file = path.join(dir, 'wal');
      const offs = recordOffsets(file);
      const last = offs[offs.length - 1];
      const size = fs.statSync(file).size;
      if (tear === 'header') fs.truncateSync(file, last + 5);
      else if (tear === 'payload') fs.truncateSync(file, size - 3);
      else { const b = fs.readFileSync(file); b[size - 1] ^= 0xff; fs.writeFileSync(file, b); }
      const reopened = FileWal.open(dir);
      expect(reopened.truncatedBytes).toBeGreaterThan(0);
      expect(reopened.replayFor(1n).events).toEqual(evs.slice(0, -1));
      expect(fs.statSync(file).size).toBe(last);
      await reopened.append({ type: 'event', event: evs[evs.length - 1] }); // appends after the cut
      reopened.close();
      expect(FileWal.open(dir).replayFor(1n).events).toEqual(evs);
    }
  });

  test('a corrupt record with records after it is an error naming the offset', async () => {
    const dir = tmpDir();
    const wal = FileWal.open(dir);
    for (const ev of sampleEvents(1n)) await wal.append({ type: 'event', event: ev });
    wal.close();
    const file = path.join(dir, 'wal');
    const offs = recordOffsets(file);
    const b = fs.readFileSync(file);
    b[offs[1] + 12] ^= 0x01; // a payload byte of the second record
    fs.writeFileSync(file, b);
    expect(() => FileWal.open(dir)).toThrow(new RegExp(`WAL_CORRUPT: .*offset ${offs[1]}`));
    const b2 = fs.readFileSync(file);
    b2.writeUInt32BE(0xfffffff0, offs[2]); // absurd length in the middle
    b2[offs[1] + 12] ^= 0x01;
    fs.writeFileSync(file, b2);
    expect(() => FileWal.open(dir)).toThrow(/WAL_CORRUPT: .*claims/);
  });

  test('the file is trimmed at an end marker once past its size limit; replay still works', async () => {
    const dir = tmpDir();
    const wal = FileWal.open(dir, { maxBytes: 4096 });
    let peak = 0;
    for (let h = 1n; h <= 20n; h++) {
      for (const ev of sampleEvents(h)) await wal.append({ type: 'event', event: ev });
      peak = Math.max(peak, wal.byteSize);
      await wal.append({ type: 'endHeight', height: h });
    }
    const h21 = sampleEvents(21n);
    for (const ev of h21) await wal.append({ type: 'event', event: ev });
    wal.close();
    expect(fs.statSync(path.join(dir, 'wal')).size).toBeLessThan(peak + 4096);
    expect(FileWal.open(dir).replayFor(21n).events).toEqual(h21);
  });
});
