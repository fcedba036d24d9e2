// The paper's rules on one core, message by message (Algorithm 1 line numbers).
import { SignedMsgType, type BlockID, type Proposal } from 'cosmjs-types/tendermint/types/types';
import {
  ConsensusCore, DEFAULT_CONSENSUS_OPTIONS, blockIdOf, ed25519Sign, makeBlock, msToTimestamp, proposalSignBytes, stateFromGenesis,
  type ConsensusAction, type ConsensusEvent,
} from '../../../src/consensus/index.js';
import { signedVote, testValidators } from './helpers.js';

const chainId = 'core-chain';
const { set, keys } = testValidators(4);
const genesis = stateFromGenesis({ chainId, initialHeight: 1n, genesisTimeMs: 0n, validators: set.validators.map((v) => ({ pubKey: v.pubKey, power: v.votingPower })) });
const vals = genesis.validators;
const order = vals.validators.map((v) => keys[set.validators.findIndex((s) => Buffer.from(s.address).equals(Buffer.from(v.address)))]);
const PREVOTE = SignedMsgType.SIGNED_MSG_TYPE_PREVOTE;
const PRECOMMIT = SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT;

function proposerIndex(round: number): number {
  const p = round === 0 ? vals.proposer : vals.copyIncrementProposerPriority(round).proposer;
  return vals.validators.findIndex((v) => Buffer.from(v.address).equals(Buffer.from(p.address)));
}

function value(tag: number) {
  const block = makeBlock(genesis, 1n, [new Uint8Array([tag])], undefined, 1n, vals.validators[0].address);
  return { block, blockId: blockIdOf(block) };
}

function proposal(round: number, v: ReturnType<typeof value>, polRound = -1): ConsensusEvent {
  const p: Proposal = { type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: 1n, round, polRound, blockId: v.blockId, timestamp: msToTimestamp(1n), signature: new Uint8Array() };
  p.signature = ed25519Sign(order[proposerIndex(round)].key, proposalSignBytes(chainId, p));
  return { type: 'proposal', proposal: p, block: v.block, valid: true };
}

const vote = (i: number, type: number, round: number, id?: BlockID): ConsensusEvent => ({ type: 'vote', vote: signedVote(chainId, vals, order, i, type, 1n, round, id) });

/** A core for validator `me` that is not the proposer of rounds 0..2 where avoidable. */
function setup(me: number) {
  void me;
  const core = new ConsensusCore({ chainId, ownAddress: vals.validators[me].address, options: DEFAULT_CONSENSUS_OPTIONS });
  const out: ConsensusAction[] = [];
  // Like the driver: our own signed votes come back to our core as events.
  const feed = (ev: ConsensusEvent): void => {
    const actions = core.handle(ev);
    out.push(...actions);
    for (const a of actions) if (a.type === 'vote') feed(vote(me, a.vote.type, a.vote.round, a.vote.blockId));
  };
  feed({ type: 'startHeight', start: { height: 1n, validators: vals } });
  const votes = (type: number) => out.flatMap((a) => (a.type === 'vote' && a.vote.type === type ? [a.vote] : []));
  return { core, feed, out, votes };
}

const others = (me: number) => [0, 1, 2, 3].filter((i) => i !== me);
const me = [0, 1, 2, 3].find((i) => ![0, 1, 2].map(proposerIndex).includes(i)) ?? 3;

describe('ConsensusCore rules (Buchman-Kwon-Milosevic, Algorithm 1)', () => {
  const B = value(1), C = value(2);

  test('lines 22 + 36: locks on B after a proposal and 2f+1 prevotes; line 22 then refuses a fresh C, accepts B again', () => {
    const { core, feed, votes } = setup(me);
    feed(proposal(0, B));
    expect(votes(PREVOTE)[0].blockId).toEqual(B.blockId);
    for (const i of others(me).slice(0, 2)) feed(vote(i, PREVOTE, 0, B.blockId));
    expect(votes(PRECOMMIT)[0].blockId).toEqual(B.blockId);
    expect(core.roundState.lockedRound).toBe(0);
    feed({ type: 'timeout', height: 1n, round: 0, step: 'precommit' }); // round 1
    feed(proposal(1, C));
    expect(votes(PREVOTE)[1].blockId.hash.length).toBe(0); // nil: locked on B
    feed({ type: 'timeout', height: 1n, round: 1, step: 'prevote' });
    feed({ type: 'timeout', height: 1n, round: 1, step: 'precommit' }); // round 2
    feed(proposal(2, B));
    expect(votes(PREVOTE)[2].blockId).toEqual(B.blockId);
  });

  test('line 28: a proposal with vr >= lockedRound and a polka at vr unlocks; vr < lockedRound does not', () => {
    const { core, feed, votes } = setup(me);
    feed(proposal(0, B));
    for (const i of others(me).slice(0, 2)) feed(vote(i, PREVOTE, 0, B.blockId));
    expect(core.roundState.lockedRound).toBe(0);
    // Round 1: the others prevote C (we missed its proposal); we move on by timeouts.
    feed({ type: 'timeout', height: 1n, round: 0, step: 'precommit' });
    for (const i of others(me)) feed(vote(i, PREVOTE, 1, C.blockId));
    feed({ type: 'timeout', height: 1n, round: 1, step: 'propose' });
    feed({ type: 'timeout', height: 1n, round: 1, step: 'prevote' });
    feed({ type: 'timeout', height: 1n, round: 1, step: 'precommit' });
    expect(core.roundState.round).toBe(2);
    feed(proposal(2, C, 1)); // vr = 1 >= lockedRound 0, and 2f+1 prevoted C in round 1
    expect(votes(PREVOTE).at(-1)!.blockId).toEqual(C.blockId);
  });

  test('line 28 with vr below the lock: prevote nil', () => {
    const { core, feed, votes } = setup(me);
    // Round 0: a polka for C that we see only as votes (no lock). Round 1: lock on B.
    for (const i of others(me)) feed(vote(i, PREVOTE, 0, C.blockId));
    feed({ type: 'timeout', height: 1n, round: 0, step: 'propose' });
    feed({ type: 'timeout', height: 1n, round: 0, step: 'prevote' });
    feed({ type: 'timeout', height: 1n, round: 0, step: 'precommit' });
    feed(proposal(1, B));
    for (const i of others(me).slice(0, 2)) feed(vote(i, PREVOTE, 1, B.blockId));
    expect(core.roundState.lockedRound).toBe(1);
    feed({ type: 'timeout', height: 1n, round: 1, step: 'precommit' });
    feed(proposal(2, C, 0)); // vr 0 < lockedRound 1
    expect(votes(PREVOTE).at(-1)!.blockId.hash.length).toBe(0);
  });

  test('line 55: f+1 of the power in a higher round makes the node skip to it; 1 validator of 4 does not', () => {
    const { core, feed } = setup(me);
    const [a, b] = others(me);
    feed(vote(a, PREVOTE, 5));
    expect(core.roundState.round).toBe(0);
    feed(vote(b, PRECOMMIT, 5));
    expect(core.roundState.round).toBe(5);
  });

  test('timeouts grow with the round, and line 34 schedules the prevote timeout once per round', () => {
    const { feed, out } = setup(me);
    const durations = () => out.flatMap((a) => (a.type === 'scheduleTimeout' && a.step === 'propose' ? [a.durationMs] : []));
    for (let r = 0; r < 3; r++) {
      feed({ type: 'timeout', height: 1n, round: r, step: 'propose' });
      for (const i of others(me)) feed(vote(i, PREVOTE, r)); // 2f+1 prevotes nil... line 44 precommits nil
      feed({ type: 'timeout', height: 1n, round: r, step: 'precommit' });
    }
    const d = durations();
    expect(d).toEqual([...d].sort((x, y) => x - y));
    expect(d[2] - d[0]).toBe(2 * DEFAULT_CONSENSUS_OPTIONS.timeoutProposeDeltaMs);
    const { feed: feed2, out: out2 } = setup(me);
    feed2({ type: 'timeout', height: 1n, round: 0, step: 'propose' });
    feed2(vote(others(me)[0], PREVOTE, 0, B.blockId));
    feed2(vote(others(me)[1], PREVOTE, 0, C.blockId)); // 2f+1 prevotes for anything: line 34
    feed2(vote(others(me)[2], PREVOTE, 0));
    expect(out2.filter((a) => a.type === 'scheduleTimeout' && a.step === 'prevote')).toHaveLength(1);
  });

  test('an equivocating proposer: the block that +2/3 precommitted is decided even if it came second', () => {
    const { feed, out } = setup(me);
    const p = proposerIndex(0);
    feed(proposal(0, B));
    feed(proposal(0, C)); // second proposal of round 0 from the same proposer
    for (const i of [0, 1, 2, 3].filter((i) => i !== me)) feed(vote(i, PRECOMMIT, 0, C.blockId));
    const decided = out.find((a) => a.type === 'decide');
    expect(decided && decided.type === 'decide' && decided.blockId).toEqual(C.blockId);
    expect(p).toBeGreaterThanOrEqual(0);
  });
});
