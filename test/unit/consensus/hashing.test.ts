import { createHash } from 'node:crypto';
import type { Header } from 'cosmjs-types/tendermint/types/types';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import {
  GO_ZERO_TIME, blockIdOf, blockParts, headerHash, makeBlock, merkleRoot, partSetHeader, proposalSignBytes, rfc3339ToMs,
  msToTimestamp, stateFromGenesis, toHex, voteSignBytes, ed25519PublicKeyFromSeed, BLOCK_PART_SIZE, emptyBlockId,
} from '../../../src/consensus/index.js';

const sum = (s: string) => new Uint8Array(createHash('sha256').update(s).digest());

// CometBFT types/block_test.go TestHeaderHash "Generates expected hash".
function goldenHeader(): Header {
  return {
    version: { block: 1n, app: 2n },
    chainId: 'chainId',
    height: 3n,
    time: msToTimestamp(rfc3339ToMs('2019-10-13T16:14:44Z')),
    lastBlockId: { hash: new Uint8Array(32), partSetHeader: { total: 6, hash: new Uint8Array(32) } },
    lastCommitHash: sum('last_commit_hash'),
    dataHash: sum('data_hash'),
    validatorsHash: sum('validators_hash'),
    nextValidatorsHash: sum('next_validators_hash'),
    consensusHash: sum('consensus_hash'),
    appHash: sum('app_hash'),
    lastResultsHash: sum('last_results_hash'),
    evidenceHash: sum('evidence_hash'),
    proposerAddress: sum('proposer_address').subarray(0, 20),
  };
}

describe('merkle root (RFC 6962 as CometBFT)', () => {
  const leaf = (b: string) => createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(b)])).digest();
  const inner = (l: Buffer, r: Buffer) => createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest();
  test('empty, one, three items', () => {
    expect(toHex(merkleRoot([]))).toBe('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
    expect(Buffer.from(merkleRoot([Buffer.from('a')]))).toEqual(leaf('a'));
    const three = merkleRoot(['a', 'b', 'c'].map((s) => Buffer.from(s)));
    expect(Buffer.from(three)).toEqual(inner(inner(leaf('a'), leaf('b')), leaf('c')));
    const five = merkleRoot(['a', 'b', 'c', 'd', 'e'].map((s) => Buffer.from(s)));
    expect(Buffer.from(five)).toEqual(inner(inner(inner(leaf('a'), leaf('b')), inner(leaf('c'), leaf('d'))), leaf('e')));
  });
});

describe('header hash', () => {
  test("matches CometBFT's golden vector", () => {
    expect(toHex(headerHash(goldenHeader()))).toBe('F740121F553B5418C3EFBD343C2DBFE9E007BB67B0D020A0741374BAB65242A4');
  });

  test('is empty without a validators hash', () => {
    expect(headerHash({ ...goldenHeader(), validatorsHash: new Uint8Array() }).length).toBe(0);
  });

  test('changes when any field changes', () => {
    const base = toHex(headerHash(goldenHeader()));
    const mutations: ((h: Header) => void)[] = [
      (h) => { h.version = { block: 11n, app: 2n }; },
      (h) => { h.chainId = 'other'; },
      (h) => { h.height = 4n; },
      (h) => { h.time = { seconds: h.time.seconds, nanos: 1 }; },
      (h) => { h.lastBlockId = { ...h.lastBlockId, partSetHeader: { total: 7, hash: new Uint8Array(32) } }; },
      (h) => { h.lastCommitHash = sum('x'); },
      (h) => { h.dataHash = sum('x'); },
      (h) => { h.validatorsHash = sum('x'); },
      (h) => { h.nextValidatorsHash = sum('x'); },
      (h) => { h.consensusHash = sum('x'); },
      (h) => { h.appHash = sum('x'); },
      (h) => { h.lastResultsHash = sum('x'); },
      (h) => { h.evidenceHash = sum('x'); },
      (h) => { h.proposerAddress = sum('x').subarray(0, 20); },
    ];
    const seen = new Set([base]);
    for (const m of mutations) {
      const h = goldenHeader();
      m(h);
      seen.add(toHex(headerHash(h)));
    }
    expect(seen.size).toBe(mutations.length + 1);
  });
});

describe('block parts and block id', () => {
  test('parts are 64 KiB slices and the id covers them', () => {
    const state = stateFromGenesis({ chainId: 'c', initialHeight: 1n, genesisTimeMs: 0n, validators: [{ pubKey: ed25519PublicKeyFromSeed(new Uint8Array(32).fill(1)), power: 1n }] });
    const big = makeBlock(state, 1n, [new Uint8Array(150_000).fill(7)], undefined, 1n, state.validators.proposer.address);
    const id = blockIdOf(big);
    expect(id.partSetHeader.total).toBe(3);
    expect(id.hash).toEqual(headerHash(big.header));
    const bytes = Buffer.alloc(BLOCK_PART_SIZE * 2 + 1);
    expect(blockParts(bytes).map((p) => p.length)).toEqual([BLOCK_PART_SIZE, BLOCK_PART_SIZE, 1]);
    expect(partSetHeader(bytes).hash).toEqual(merkleRoot(blockParts(bytes)));
    const other = makeBlock(state, 1n, [new Uint8Array(150_000).fill(8)], undefined, 1n, state.validators.proposer.address);
    expect(toHex(blockIdOf(other).hash)).not.toBe(toHex(id.hash));
  });
});

describe('sign bytes (CometBFT types/vote_test.go vectors)', () => {
  const zeroTs = [0x2a, 0x0b, 0x08, 0x80, 0x92, 0xb8, 0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x01];
  const base = { blockId: emptyBlockId(), timestamp: GO_ZERO_TIME };
  test('empty vote', () => {
    expect([...voteSignBytes('', { ...base, type: 0, height: 0n, round: 0 })]).toEqual([0x0d, ...zeroTs]);
  });
  test('precommit at height 1 round 1', () => {
    const got = voteSignBytes('', { ...base, type: SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, height: 1n, round: 1 });
    expect([...got]).toEqual([0x21, 0x08, 0x02, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x19, 1, 0, 0, 0, 0, 0, 0, 0, ...zeroTs]);
  });
  test('prevote with chain id', () => {
    const got = voteSignBytes('test_chain_id', { ...base, type: SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, height: 1n, round: 1 });
    expect([...got]).toEqual([0x30, 0x08, 0x01, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x19, 1, 0, 0, 0, 0, 0, 0, 0, ...zeroTs,
      0x32, 0x0d, ...Buffer.from('test_chain_id')]);
  });
  test('votes for a block and proposals differ from nil and from each other', () => {
    const id = { hash: sum('b'), partSetHeader: { total: 1, hash: sum('p') } };
    const nil = voteSignBytes('c', { ...base, type: 1, height: 5n, round: 0 });
    const forBlock = voteSignBytes('c', { ...base, blockId: id, type: 1, height: 5n, round: 0 });
    expect(toHex(forBlock)).not.toBe(toHex(nil));
    const p = proposalSignBytes('c', { type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: 5n, round: 0, polRound: -1, blockId: id, timestamp: GO_ZERO_TIME });
    // pol_round -1 is a 10-byte varint under field 4.
    expect(Buffer.from(p).includes(Buffer.from([0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(true);
    expect(p[0]).toBe(p.length - 1);
  });
});
