// The method table: every CometBFT method the node serves.
import { chainMethods } from './methodsChain.js';
import { txMethods } from './methodsTx.js';
import type { MethodDef } from './methodTypes.js';
import { subscriptionMethods } from './subscriptions.js';

export const METHODS: Readonly<Record<string, MethodDef>> = Object.freeze({
  ...chainMethods,
  ...txMethods,
  ...subscriptionMethods,
});

export function lookupMethod(name: string): MethodDef | undefined {
  return Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
}
