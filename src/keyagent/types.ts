// What a key agent needs from its node: committed chain state and a source of key material.
import type { Logger } from '../consensus/interface.js';
import type { VerifyItem } from '../crypto/verifyPool.js';

/** A license as committed state has it. */
export interface LicenseInfo {
  id: bigint;
  contentId: Uint8Array;
  number: bigint;
  /** bech32 seed1… account address of the owner. */
  owner: string;
}

/**
 * Key material for one license, fresh for each call: the agent zeroes it after sealing.
 * `mark` binds the bundle to the license (licenseKey for K, shareMark for a share).
 */
export type KeyMaterial =
  | { kind: 'key'; contentKey: Uint8Array; mark: Uint8Array }
  | { kind: 'share'; index: number; threshold: number; value: Uint8Array; mark: Uint8Array };

export interface KeyAgentDeps {
  chainId: string;
  /** The latest committed height. */
  latestHeight(): bigint;
  /** The license at the latest committed height, undefined when there is none. */
  license(id: bigint): Promise<LicenseInfo | undefined>;
  /** Material for this license; undefined → NO_KEY. */
  material(license: LicenseInfo): Promise<KeyMaterial | undefined>;
  log: Logger;
  /** The node's secp256k1 verify pool (VerifyPool.verify): signatures checked off the main thread. */
  verifyBatch?: (items: VerifyItem[]) => Promise<boolean[]>;
}

export interface KeyAgentStats {
  served: number;
  /** Refusals by RefusalCode name ('NOT_OWNER': 3). */
  refused: Record<string, number>;
  /** Streams dropped without an answer (a frame over the cap, nothing sent in time). */
  dropped: number;
}
