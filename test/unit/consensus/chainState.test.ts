import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import {
  stateFromGenesis, nextState, encodeChainState, decodeChainState, makeBlock, validateBlock, blockIdOf, proposalTimeMs, genesisFromJson,
  InvalidBlockError, ConsensusError, VoteSet, sha256, toHex, DEFAULT_CONSENSUS_PARAMS, commitHash,
} from '../../../src/consensus/index.js';
import { signedVote, testValidators } from './helpers.js';

const CHAIN = 'state-chain';

function setup() {
  const { set, keys } = testValidators(4);
  const state = stateFromGenesis({ chainId: CHAIN, initialHeight: 1n, genesisTimeMs: 1_000_000n, validators: set.validators.map((v) => ({ pubKey: v.pubKey, power: v.votingPower })), appHash: sha256(new Uint8Array([1])) });
  return { state, keys };
}

function commitFor(state: ReturnType<typeof setup>['state'], keys: ReturnType<typeof setup>['keys'], block: ReturnType<typeof makeBlock>) {
  const id = blockIdOf(block);
  const vs = new VoteSet(CHAIN, block.header.height, 0, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, state.validators);
  for (let i = 0; i < 3; i++) vs.addVote(signedVote(CHAIN, state.validators, keys, i, SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT, block.header.height, 0, id, 2_000_000n));
  return { id, commit: vs.makeCommit() };
}

describe('chain state', () => {
  test('genesis, two blocks, validate each, and deterministic encoding', () => {
    const { state: s0, keys } = setup();
    expect(s0.consensusParams).toEqual(DEFAULT_CONSENSUS_PARAMS);
    expect(s0.consensusParams.blockMaxBytes).toBe(4194304n);
    const proposer = s0.validators.proposer.address;
    const b1 = makeBlock(s0, 1n, [new Uint8Array([1, 2])], undefined, proposalTimeMs(s0, 0n), proposer);
    expect(b1.header.time.seconds).toBe(1000n); // never before genesis time
    validateBlock(s0, b1);
    const { id: id1, commit: c1 } = commitFor(s0, keys, b1);
    const s1 = nextState(s0, b1, id1, { appHash: sha256(new Uint8Array([2])), lastResultsHash: sha256(new Uint8Array([3])), validatorUpdates: [] });
    expect(s1.lastBlockHeight).toBe(1n);
    expect(toHex(s1.validators.hash())).toBe(toHex(s0.nextValidators.hash()));

    const b2 = makeBlock(s1, 2n, [], c1, proposalTimeMs(s1, 0n), s1.validators.proposer.address);
    expect(b2.header.time.seconds * 1000n + BigInt(b2.header.time.nanos / 1e6)).toBe(s1.lastBlockTime + 1n); // +1 ms minimum
    validateBlock(s1, b2);
    expect(b2.header.appHash).toEqual(s1.appHash);

    const bytes = encodeChainState(s1);
    const back = decodeChainState(bytes);
    expect(toHex(encodeChainState(back))).toBe(toHex(bytes));
    expect(back.validators.proposer.address).toEqual(s1.validators.proposer.address);
    validateBlock(back, b2);
  });

  test('validateBlock names the wrong field', () => {
    const { state: s0, keys } = setup();
    const b1 = makeBlock(s0, 1n, [], undefined, 5_000_000n, s0.validators.proposer.address);
    const { id: id1, commit: c1 } = commitFor(s0, keys, b1);
    const s1 = nextState(s0, b1, id1, { appHash: sha256(new Uint8Array([2])), lastResultsHash: sha256(new Uint8Array([3])), validatorUpdates: [] });
    const good = () => makeBlock(s1, 2n, [new Uint8Array([9])], c1, 6_000_000n, s1.validators.proposer.address);
    const field = (mutate: (b: ReturnType<typeof good>) => void) => {
      const b = good(); mutate(b);
      try { validateBlock(s1, b); } catch (e) { expect(e).toBeInstanceOf(InvalidBlockError); return (e as InvalidBlockError).field; }
      return 'accepted';
    };
    expect(field(() => {})).toBe('accepted');
    expect(field((b) => { b.header.chainId = 'x'; })).toBe('chain_id');
    expect(field((b) => { b.header.height = 3n; })).toBe('height');
    expect(field((b) => { b.header.time = { seconds: 5000n, nanos: 0 }; })).toBe('time');
    expect(field((b) => { b.header.lastBlockId = { ...b.header.lastBlockId, hash: new Uint8Array(32) }; })).toBe('last_block_id');
    expect(field((b) => { b.data.txs.push(new Uint8Array([1])); })).toBe('data_hash');
    expect(field((b) => { b.header.validatorsHash = new Uint8Array(32); })).toBe('validators_hash');
    expect(field((b) => { b.header.nextValidatorsHash = new Uint8Array(32); })).toBe('next_validators_hash');
    expect(field((b) => { b.header.consensusHash = new Uint8Array(32); })).toBe('consensus_hash');
    expect(field((b) => { b.header.appHash = new Uint8Array(32); })).toBe('app_hash');
    expect(field((b) => { b.header.lastResultsHash = new Uint8Array(32); })).toBe('last_results_hash');
    expect(field((b) => { b.header.evidenceHash = new Uint8Array(32); })).toBe('evidence_hash');
    expect(field((b) => { b.header.proposerAddress = new Uint8Array(20); })).toBe('proposer_address');
    expect(field((b) => { b.header.version = { block: 10n, app: 0n }; })).toBe('version');
    expect(field((b) => { b.lastCommit!.signatures[0] = { ...b.lastCommit!.signatures[0], signature: new Uint8Array(64) }; })).toBe('last_commit_hash');
    // A commit that hashes right but carries a bad signature: caught by the signature check.
    expect(field((b) => {
      b.lastCommit = { ...b.lastCommit!, signatures: b.lastCommit!.signatures.map((s, i) => (i === 0 ? { ...s, signature: new Uint8Array(64) } : s)) };
      b.header.lastCommitHash = commitHash(b.lastCommit);
    })).toBe('last_commit');
  });

  test('bad state bytes and bad genesis give typed errors', () => {
    expect(() => decodeChainState(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(ConsensusError);
    expect(() => decodeChainState(new Uint8Array())).toThrow(/format version/);
    const { state } = setup();
    const bytes = encodeChainState(state);
    expect(() => decodeChainState(bytes.subarray(0, bytes.length - 5))).toThrow(ConsensusError);
    expect(() => genesisFromJson({ chain_id: 'x', genesis_time: '2024-01-01T00:00:00Z', validators: [{ pub_key: { type: 'tendermint/PubKeySecp256k1', value: '' }, power: '1' }] })).toThrow(/PubKeyEd25519/);
    expect(() => stateFromGenesis({ chainId: 'x', initialHeight: 1n, genesisTimeMs: 0n, validators: [] })).toThrow(/at least one validator/);
    const g = genesisFromJson({
      chain_id: 'seedcast-devnet', initial_height: '1', genesis_time: '2024-01-01T00:00:00Z',
      consensus_params: { block: { max_bytes: '1048576', max_gas: '-1' } },
      validators: [{ pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.alloc(32, 3).toString('base64') }, power: '10' }],
    });
    expect(g.consensusParams).toEqual({ blockMaxBytes: 1048576n, blockMaxGas: -1n });
    expect(stateFromGenesis(g).validators.size).toBe(1);
  });
});
