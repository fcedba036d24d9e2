// Stateless rules for provider records: who serves a content, and where to dial it.
import { multiaddr } from '@multiformats/multiaddr';
import type { MsgAnnounceProvider, MsgWithdrawProvider } from '../../../codec/seedcast/content.js';
import { accountAddress, invalid, validateContentId, validatePeerId } from './msgs.js';

export const PROVIDER_LIMITS = { addrs: 4, addrChars: 256 } as const;

function validateAddr(addr: string, peerId: string): void {
  if (addr.length > PROVIDER_LIMITS.addrChars) throw invalid(`provider addr is ${addr.length} characters long, at most ${PROVIDER_LIMITS.addrChars}`);
  let components;
  try {
    components = multiaddr(addr).getComponents();
  } catch (err) {
    throw invalid(`provider addr ${JSON.stringify(addr.slice(0, 60))} is not a multiaddr (${(err as Error).message})`);
  }
  // A /p2p/ part naming another peer would send leechers to a node that is not the provider.
  const named = components.filter((c) => c.name === 'p2p').pop()?.value;
  if (named !== undefined && named !== peerId) throw invalid(`provider addr ${JSON.stringify(addr.slice(0, 60))} names peer ${named.slice(0, 60)}, not the announced peer_id`);
}

export function validateAnnounce(msg: MsgAnnounceProvider): void {
  accountAddress('provider', msg.provider);
  validateContentId('provider content_id', msg.contentId);
  validatePeerId('provider peer_id', msg.peerId);
  if (msg.addrs.length > PROVIDER_LIMITS.addrs) throw invalid(`provider has ${msg.addrs.length} addrs, at most ${PROVIDER_LIMITS.addrs}`);
  for (const addr of msg.addrs) validateAddr(addr, msg.peerId);
}

export function validateWithdraw(msg: MsgWithdrawProvider): void {
  accountAddress('provider', msg.provider);
  validateContentId('provider content_id', msg.contentId);
}
