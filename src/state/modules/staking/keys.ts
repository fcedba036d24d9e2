// State keys of the staking module, all under prefix 0x04. Execution cannot iterate the
// store, so the lists it walks every block (all validators, the last bonded set, the
// unbonding queue) are single keys holding small sorted lists.
import { lengthPrefixed, prefixed } from '../../store/kv.js';

export const STAKING_PREFIX = 0x04;
const VALIDATOR = Uint8Array.of(0x01);
const VALIDATOR_BY_CONS = Uint8Array.of(0x02);
const DELEGATION = Uint8Array.of(0x03);
const UNBONDING = Uint8Array.of(0x04);
const PARAMS = Uint8Array.of(0x05);
const VALIDATOR_LIST = Uint8Array.of(0x06);
const LAST_SET = Uint8Array.of(0x07);
const UNBONDING_QUEUE = Uint8Array.of(0x08);
const KEY_AGENT = Uint8Array.of(0x09);

export const validatorKey = (operator: Uint8Array): Uint8Array => prefixed(STAKING_PREFIX, VALIDATOR, operator);
export const validatorsPrefix = (): Uint8Array => prefixed(STAKING_PREFIX, VALIDATOR);
export const validatorByConsKey = (consAddress: Uint8Array): Uint8Array => prefixed(STAKING_PREFIX, VALIDATOR_BY_CONS, consAddress);
export const delegationKey = (delegator: Uint8Array, operator: Uint8Array): Uint8Array =>
  prefixed(STAKING_PREFIX, DELEGATION, lengthPrefixed(delegator), operator);
export const delegationsPrefix = (delegator?: Uint8Array): Uint8Array =>
  delegator ? prefixed(STAKING_PREFIX, DELEGATION, lengthPrefixed(delegator)) : prefixed(STAKING_PREFIX, DELEGATION);
export const unbondingKey = (delegator: Uint8Array, operator: Uint8Array): Uint8Array =>
  prefixed(STAKING_PREFIX, UNBONDING, lengthPrefixed(delegator), operator);
export const unbondingPrefix = (delegator?: Uint8Array): Uint8Array =>
  delegator ? prefixed(STAKING_PREFIX, UNBONDING, lengthPrefixed(delegator)) : prefixed(STAKING_PREFIX, UNBONDING);
export const paramsKey = (): Uint8Array => prefixed(STAKING_PREFIX, PARAMS);
export const validatorListKey = (): Uint8Array => prefixed(STAKING_PREFIX, VALIDATOR_LIST);
export const lastSetKey = (): Uint8Array => prefixed(STAKING_PREFIX, LAST_SET);
export const unbondingQueueKey = (): Uint8Array => prefixed(STAKING_PREFIX, UNBONDING_QUEUE);
export const keyAgentKey = (operator: Uint8Array): Uint8Array => prefixed(STAKING_PREFIX, KEY_AGENT, operator);
export const keyAgentsPrefix = (): Uint8Array => prefixed(STAKING_PREFIX, KEY_AGENT);
