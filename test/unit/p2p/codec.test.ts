import { Block } from 'cosmjs-types/tendermint/types/block';
import { Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import { protoRoot } from '../../../src/codec/proto.js';
import { decodeConsensusMessage, encodeConsensusMessage } from '../../../src/p2p/consensusCodec.js';
import { P2PError } from '../../../src/p2p/errors.js';
import { decodeBlockRequest, decodeBlockResponse, decodeStatus, decodeTxBatch, encodeBlockRequest, encodeBlockResponse, encodeStatus, encodeTxBatch } from '../../../src/p2p/syncCodec.js';
import { makeBlock, makeCommit, makeEvidence, makeProposal, makeVote } from './fixtures.js';

const MAX_BLOCK = 4 * 1024 * 1024;

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(P2PError);
    expect((err as P2PError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('consensus codec', () => {
  test('proposal with block, vote and evidence round-trip', () => {
    const block = makeBlock(5n, [100, 200]);
    const proposal = makeProposal(5n);
    const got = decodeConsensusMessage(encodeConsensusMessage({ type: 'proposal', proposal, block }), MAX_BLOCK);
    expect(got).toEqual({ type: 'proposal', proposal, block });
    expect(decodeConsensusMessage(encodeConsensusMessage({ type: 'vote', vote: makeVote(5n) }), MAX_BLOCK)).toEqual({ type: 'vote', vote: makeVote(5n) });
    expect(decodeConsensusMessage(encodeConsensusMessage({ type: 'evidence', evidence: makeEvidence(5n) }), MAX_BLOCK)).toEqual({ type: 'evidence', evidence: makeEvidence(5n) });
  });

  test('junk, truncation, unknown fields and missing parts are P2P_DECODE', () => {
    const vote = encodeConsensusMessage({ type: 'vote', vote: makeVote(5n) });
    expectCode(() => decodeConsensusMessage(new Uint8Array(0), MAX_BLOCK), 'P2P_DECODE');
    expectCode(() => decodeConsensusMessage(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), MAX_BLOCK), 'P2P_DECODE');
    expectCode(() => decodeConsensusMessage(vote.subarray(0, vote.length - 3), MAX_BLOCK), 'P2P_DECODE');
    expectCode(() => decodeConsensusMessage(Uint8Array.from([...vote, 0x08, 0x01]), MAX_BLOCK), 'P2P_DECODE');
    expectCode(() => decodeConsensusMessage(Uint8Array.from([(9 << 3) | 2, 0]), MAX_BLOCK), 'P2P_DECODE');
    expectCode(() => decodeConsensusMessage(Uint8Array.from([(1 << 3) | 2, 0]), MAX_BLOCK), 'P2P_DECODE'); // proposal without block
    expectCode(() => decodeConsensusMessage(Uint8Array.from([(3 << 3) | 2, 0]), MAX_BLOCK), 'P2P_DECODE'); // evidence without votes
    expectCode(() => decodeConsensusMessage(new Uint8Array(100_000).fill(0x0b), MAX_BLOCK), 'P2P_DECODE'); // nested groups
  });

  test('each message type has its own byte cap', () => {
    const bigVote = makeVote(5n);
    bigVote.extension = new Uint8Array(10_000);
    expectCode(() => decodeConsensusMessage(encodeConsensusMessage({ type: 'vote', vote: bigVote }), MAX_BLOCK), 'P2P_FRAME_TOO_LARGE');
    const big = encodeConsensusMessage({ type: 'proposal', proposal: makeProposal(5n), block: makeBlock(5n, [1536 * 1024]) });
    expect(() => decodeConsensusMessage(big, 2 * 1024 * 1024)).not.toThrow();
    expectCode(() => decodeConsensusMessage(big, 1024), 'P2P_FRAME_TOO_LARGE');
  });
});

test('hand-written envelopes match proto/seedcast/p2p/v1 as protobufjs reads it', () => {
  const root = protoRoot();
  const vote = makeVote(5n);
  const asVote = root.lookupType('seedcast.p2p.v1.ConsensusMessage').decode(encodeConsensusMessage({ type: 'vote', vote })) as unknown as { vote: Uint8Array };
  expect(Buffer.from(asVote.vote).equals(Vote.encode(vote).finish())).toBe(true);
  const block = makeBlock(5n, [10]);
  const asProposal = root.lookupType('seedcast.p2p.v1.ConsensusMessage').decode(encodeConsensusMessage({ type: 'proposal', proposal: makeProposal(5n), block })) as unknown as { proposal: { proposal: Uint8Array; block: Uint8Array } };
  expect(Buffer.from(asProposal.proposal.proposal).equals(Proposal.encode(makeProposal(5n)).finish())).toBe(true);
  expect(Buffer.from(asProposal.proposal.block).equals(Block.encode(block).finish())).toBe(true);
  const status = root.lookupType('seedcast.p2p.v1.Status').toObject(root.lookupType('seedcast.p2p.v1.Status').decode(encodeStatus({ chainId: 'c-1', height: 9n, base: 2n })), { longs: String });
  expect(status).toEqual({ chainId: 'c-1', height: '9', base: '2' });
  const batch = root.lookupType('seedcast.p2p.v1.TxBatch').decode(encodeTxBatch([Uint8Array.from([1]), Uint8Array.from([2, 3])])) as unknown as { txs: Uint8Array[] };
  expect(batch.txs.map((t) => [...t])).toEqual([[1], [2, 3]]);
});

describe('sync and tx codecs', () => {
  test('status round-trips and rejects a missing chain id or negative height', () => {
    expect(decodeStatus(encodeStatus({ chainId: 'seedcast-1', height: 42n, base: 1n }))).toEqual({ chainId: 'seedcast-1', height: 42n, base: 1n });
    expectCode(() => decodeStatus(encodeStatus({ chainId: '', height: 1n, base: 1n })), 'P2P_DECODE');
    expectCode(() => decodeStatus(encodeStatus({ chainId: 'x', height: -1n, base: 1n })), 'P2P_DECODE');
    expectCode(() => decodeStatus(Uint8Array.from([0x0a, 0x50])), 'P2P_DECODE');
  });

  test('block request and response round-trip; a block without commit is junk', () => {
    expect(decodeBlockRequest(encodeBlockRequest(7n))).toBe(7n);
    expectCode(() => decodeBlockRequest(encodeBlockRequest(0n)), 'P2P_DECODE');
    const found = { block: makeBlock(7n, [10]), commit: makeCommit(7n) };
    expect(decodeBlockResponse(encodeBlockResponse(found))).toEqual(found);
    expect(decodeBlockResponse(encodeBlockResponse(undefined))).toBeUndefined();
    const blockOnly = Uint8Array.from([0x0a, ...lengthOf(Block.encode(found.block).finish())]);
    expectCode(() => decodeBlockResponse(blockOnly), 'P2P_DECODE');
  });

  test('tx batches round-trip; empty batches, empty txs and stray fields are junk', () => {
    const txs = [Uint8Array.from([1, 2, 3]), new Uint8Array(1000).fill(9)];
    expect(decodeTxBatch(encodeTxBatch(txs))).toEqual(txs);
    expectCode(() => decodeTxBatch(new Uint8Array(0)), 'P2P_DECODE');
    expectCode(() => decodeTxBatch(Uint8Array.from([0x0a, 0x00])), 'P2P_DECODE');
    expectCode(() => decodeTxBatch(Uint8Array.from([0x10, 0x01])), 'P2P_DECODE');
  });
});

function lengthOf(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let n = bytes.length;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return [...out, n, ...bytes];
}
