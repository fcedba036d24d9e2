// At first start the node compares the CometBFT `validators` of genesis.json with the set the
// staking genesis bonds: the same keys and powers (any order), or the node refuses to start.
import type { ValidatorUpdate } from '../../../consensus/validatorSet.js';

export class GenesisValidatorsError extends Error {
  readonly code = 'GENESIS_VALIDATORS_MISMATCH';
  constructor(message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'GenesisValidatorsError';
  }
}

const key = (u: ValidatorUpdate) => Buffer.from(u.pubKey).toString('base64');

/**
 * The validator set consensus starts with. Empty genesis `validators`: the app's set. An app
 * without staking validators (a hand-written genesis with a fixed set): genesis's, with
 * `static: true` so the caller can say so. Otherwise both must agree exactly.
 */
export function reconcileGenesisValidators(genesis: ValidatorUpdate[], app: ValidatorUpdate[]): { validators: ValidatorUpdate[]; static: boolean } {
  if (genesis.length === 0) {
    if (app.length === 0) throw new GenesisValidatorsError('genesis has no validators: neither genesis.json `validators` nor app_state.staking bonds any');
    return { validators: app, static: false };
  }
  if (app.length === 0) return { validators: genesis, static: true };
  const fromApp = new Map(app.map((u) => [key(u), u.power]));
  const problems: string[] = [];
  for (const g of genesis) {
    const p = fromApp.get(key(g));
    if (p === undefined) problems.push(`${key(g)} is in genesis.json validators but not bonded in app_state.staking`);
    else if (p !== g.power) problems.push(`${key(g)} has power ${g.power} in genesis.json but ${p} from its staked tokens`);
    fromApp.delete(key(g));
  }
  for (const k of fromApp.keys()) problems.push(`${k} is bonded in app_state.staking but missing from genesis.json validators`);
  if (problems.length > 0) {
    throw new GenesisValidatorsError(`genesis.json validators do not match the staking genesis: ${problems.slice(0, 5).join('; ')}`, { problems: problems.length });
  }
  return { validators: genesis, static: false };
}
