// Test validators with real ed25519 keys (node:crypto), and signed votes.
import type { BlockID, Vote } from 'cosmjs-types/tendermint/types/types';
import {
  ValidatorSet, addressFromPubKey, ed25519PrivateKeyObject, ed25519PublicKeyFromSeed, ed25519Sign, emptyBlockId, msToTimestamp, voteSignBytes,
} from '../../../src/consensus/index.js';

export function testValidators(n: number, power = 10n) {
  const keys = Array.from({ length: n }, (_, i) => {
    const seed = new Uint8Array(32).fill(i + 11);
    return { key: ed25519PrivateKeyObject(seed), pubKey: ed25519PublicKeyFromSeed(seed) };
  });
  const set = ValidatorSet.fromUpdates(keys.map((k) => ({ pubKey: k.pubKey, power })));
  const byIndex = set.validators.map((v) => keys.find((k) => Buffer.from(addressFromPubKey(k.pubKey)).equals(Buffer.from(v.address)))!);
  return { set, keys: byIndex };
}

export function signedVote(
  chainId: string, set: ValidatorSet, keys: ReturnType<typeof testValidators>['keys'], index: number,
  type: number, height: bigint, round: number, blockId: BlockID = emptyBlockId(), timeMs = 1_000n,
): Vote {
  const vote: Vote = {
    type, height, round, blockId, timestamp: msToTimestamp(timeMs),
    validatorAddress: set.validators[index].address, validatorIndex: index,
    signature: new Uint8Array(), extension: new Uint8Array(), extensionSignature: new Uint8Array(),
  };
  vote.signature = ed25519Sign(keys[index].key, voteSignBytes(chainId, vote));
  return vote;
}
