// Four real drivers over an in-memory network: equivocation caught, WAL crash replay.
import fs from 'node:fs';
import path from 'node:path';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import { ConsensusDriver, bytesEqual } from '../../../src/consensus/index.js';
import { FileWal } from '../../../src/consensus/wal.js';
import {
  CapturingLogger, HashingExecutor, Hub, fastTimeouts, genesisFor, makeValidators, peerBlockSource, privvalOf, stopAll, track, waitFor,
} from './driverHelpers.js';

afterEach(stopAll);

describe('drivers over an in-memory network', () => {
  test('an equivocating validator is caught: its evidence is committed in a block and reported to the app', async () => {
    const vals = makeValidators(4);
    const genesis = genesisFor(vals);
    const hub = new Hub();
    const execs = vals.map(() => new HashingExecutor());
    const drivers = vals.map((v, i) => track(new ConsensusDriver({ ...fastTimeouts, equivocate: i === 3 }, {
      state: genesis, privval: privvalOf(v), executor: execs[i], transport: hub.transport(`p${i}`), clock: () => BigInt(Date.now()),
      blockSource: peerBlockSource(execs.filter((_, j) => j !== i)), // a node that misses a height catches up
    })));
    for (const d of drivers) await d.start();
    const withEvidence = () => execs[0].stored.find((s) => s.block.evidence.evidence.length > 0);
    await waitFor(() => withEvidence() !== undefined, 'a block with evidence').catch((err) => {
      throw new Error(`${err.message}: ${drivers.map((d) => `h=${d.chainState.lastBlockHeight} r=${d.roundState.round} pending=${d.evidence.pendingCount} err=${d.error?.message}`).join('; ')}`);
    });
    const s = withEvidence()!;
    const offender = s.context.misbehavior[0];
    expect(bytesEqual(offender.address, vals[3].address)).toBe(true);
    expect(offender.power).toBe(10n);
    expect(offender.totalVotingPower).toBe(40n);
    expect(hub.sent.some((m) => m.msg.type === 'evidence')).toBe(true);
    // Every node stored the same chain.
    await waitFor(() => execs.every((e) => e.stored.length >= s.block.header.height), 'all at that height');
    const h = Number(s.block.header.height) - 1;
    for (const e of execs) expect(Buffer.from(e.stored[h].blockId.hash)).toEqual(Buffer.from(s.blockId.hash));
    for (const d of drivers) expect(d.error).toBeNull();
  });

  test('a validator that crashed mid-height replays its WAL: same round, same signatures, nothing refused', async () => {
    // Two validators, one running: no block can commit, so it sits in height 1 having signed.
    const vals = makeValidators(2);
    const genesis = genesisFor(vals);
    const hub = new Hub();
    const walDir = path.join(vals[0].dir, 'cs.wal');
    const log1 = new CapturingLogger();
    const d1 = track(new ConsensusDriver({ ...fastTimeouts, timeoutProposeMs: 100 }, {
      state: genesis, privval: privvalOf(vals[0]), executor: new HashingExecutor(), transport: hub.transport('a'), clock: () => BigInt(Date.now()), wal: FileWal.open(walDir), logger: log1,
    }));
    await d1.start();
    const ownPrevotes = () => hub.sent.filter((m) => m.from === 'a' && m.msg.type === 'vote' && m.msg.vote.type === SignedMsgType.SIGNED_MSG_TYPE_PREVOTE);
    await waitFor(() => ownPrevotes().length > 0 && d1.roundState.step === 'prevote', 'our prevote');
    await d1.stop();
    const before = d1.roundState;
    const signed = ownPrevotes()[0].msg;
    expect(before.round).toBe(0);

    const restart = async (label: string) => {
      hub.sent.length = 0;
      const log = new CapturingLogger();
      const d = track(new ConsensusDriver({ ...fastTimeouts, timeoutProposeMs: 100 }, {
        state: genesis, privval: privvalOf(vals[0]), executor: new HashingExecutor(), transport: hub.transport('a'), clock: () => BigInt(Date.now()), wal: FileWal.open(walDir), logger: log,
      }));
      await d.start();
      await waitFor(() => ownPrevotes().length > 0, `${label}: the prevote re-sent`);
      expect(d.roundState.round).toBe(0); // resumed where it was, not one round later
      expect(d.roundState.step).toBe('prevote');
      const resent = ownPrevotes()[0].msg;
      expect(resent.type === 'vote' && signed.type === 'vote' && Buffer.from(resent.vote.signature).equals(Buffer.from(signed.vote.signature))).toBe(true);
      expect(log.lines.filter((l) => /refused/.test(l.msg))).toEqual([]);
      await d.stop();
    };
    // Crash after the fsync of the vote: the vote is in the WAL and is re-sent as it was.
    await restart('after fsync');
    // Crash before the fsync: cut the WAL back to just before our first prevote record; the
    // core decides it again, and the signer hands back the same signature.
    const file = path.join(walDir, 'wal');
    const buf = fs.readFileSync(file);
    const sig = Buffer.from(signed.type === 'vote' ? signed.vote.signature : []);
    const at = buf.indexOf(sig);
    let off = 0;
    while (off + 8 + buf.readUInt32BE(off) < at) off += 8 + buf.readUInt32BE(off);
    fs.truncateSync(file, off);
    await restart('before fsync');
  });
});

describe('drivers report peers that send bad data', () => {
  test('a vote with a bad signature and junk evidence get the sender reported; the driver keeps going', async () => {
    const vals = makeValidators(2);
    const genesis = genesisFor(vals);
    const hub = new Hub();
    const d = track(new ConsensusDriver(fastTimeouts, { state: genesis, privval: privvalOf(vals[0]), executor: new HashingExecutor(), transport: hub.transport('a'), clock: () => BigInt(Date.now()) }));
    await d.start();
    const mallory = hub.transport('mallory');
    const idx = genesis.validators.getByAddress(vals[1].address)!.index;
    const forged = {
      type: SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, height: 1n, round: 0, blockId: { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } },
      timestamp: { seconds: 1n, nanos: 0 }, validatorAddress: vals[1].address, validatorIndex: idx,
      signature: new Uint8Array(64).fill(1), extension: new Uint8Array(), extensionSignature: new Uint8Array(),
    };
    mallory.broadcast({ type: 'vote', vote: forged });
    mallory.broadcast({ type: 'vote', vote: forged }); // the same bad vote again: reported, not verified twice
    await waitFor(() => hub.reports.filter((r) => r.peer === 'mallory').length >= 2, 'bad vote reported');
    expect(hub.reports[0].reason).toMatch(/bad signature/);
    const old = { ...forged, height: 0n }; // our future would be ignored, not reported
    mallory.broadcast({ type: 'evidence', evidence: { voteA: old, voteB: old, totalVotingPower: 20n, validatorPower: 10n, timestamp: { seconds: 0n, nanos: 0 } } });
    await waitFor(() => hub.reports.some((r) => /evidence/.test(r.reason)), 'bad evidence reported');
    expect(d.error).toBeNull();
  });
});
