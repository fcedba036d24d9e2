// Threshold custody from the creator's side (docs/custody.md): the creator splits a content key
// into Shamir shares, t of n, each sealed to one bonded validator's registered X25519 key, and
// posts them on chain in MsgDealCustody. `publish` deals automatically; `seedcast custody deal`
// re-deals (after the validator set changed). `tx staking register-key-agent` is the validator side.
import { setupStakingExtension } from '@cosmjs/stargate';
import { custodyQuery } from '../client/custody.js';
import { contentQuery } from '../client/content.js';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../codec/address.js';
import type { KeyAgent } from '../codec/seedcast/custody.js';
import { contentKey, contentMasterSecret, custodyPolynomialSeed, keyCheck } from '../crypto/contentKeys.js';
import { sealTo } from '../crypto/ecies.js';
import { splitSecret } from '../crypto/shamir.js';
import { callNode } from './adminClient.js';
import { broadcastTx, signAndBroadcast, TX_OPTIONS } from './broadcast.js';
import { CLIENT_OPTIONS, CliError, homeOf, nodeUrl, openKeyring, parse, print, requirePositionals, str, type Values } from './common.js';
import { contentIdArg } from './content.js';
import { withQueries } from './nodeErrors.js';

export const CUSTODY_USAGE = `seedcast custody deal CONTENT_ID --from CREATOR_KEY [--threshold T]   deals Shamir shares of the content key to the bonded validators' key agents
seedcast custody show CONTENT_ID
seedcast tx staking register-key-agent --from OPERATOR_KEY                  registers the home node's X25519 key and peer id for the validator`;

/** The most shares one deal may carry (the custody module's limit). */
const MAX_SHARES = 64;

/** t of n: more than two thirds, so fewer than a third of validators cannot decrypt, and the rest can serve. */
export const defaultThreshold = (n: number): number => Math.floor((2 * n) / 3) + 1;

/** Key agents of bonded validators, by operator address (the same order every time). */
export async function custodyAgents(url: string): Promise<KeyAgent[]> {
  return withQueries(url, async (q) => {
    const bonded = new Set((await setupStakingExtension(q).staking.validators('BOND_STATUS_BONDED')).validators.map((v) => v.operatorAddress));
    const agents: KeyAgent[] = [];
    let key: Uint8Array | undefined;
    do {
      const page = await custodyQuery(q).keyAgents({ limit: 100n, ...(key ? { key } : {}) });
      agents.push(...page.keyAgents.filter((a) => bonded.has(a.operator)));
      key = page.pagination?.nextKey.length ? page.pagination.nextKey : undefined;
    } while (key);
    return agents.sort((a, b) => (a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0)).slice(0, MAX_SHARES);
  });
}

/** The MsgDealCustody value for a content, or undefined when no bonded validator runs a key agent. */
export function dealCustodyMsg(creator: string, master: Uint8Array, contentId: Uint8Array, agents: KeyAgent[], threshold?: number) {
  if (agents.length === 0) return undefined;
  const t = threshold ?? defaultThreshold(agents.length);
  if (!Number.isInteger(t) || t < 1 || t > agents.length) {
    throw new CliError('CLI_BAD_ARGS', `--threshold must be from 1 to ${agents.length} (the validators with key agents), got ${t}`);
  }
  const key = contentKey(master);
  const seed = custodyPolynomialSeed(master, contentId);
  try {
    const cid = Buffer.from(contentId).toString('hex');
    const shares = splitSecret(key, t, agents.length, seed).map((s, i) => {
      const sealedShare = sealTo(agents[i]!.x25519PublicKey, s.value, `custody-share/${cid}/${s.index}`);
      s.value.fill(0);
      return { operator: agents[i]!.operator, index: s.index, sealedShare };
    });
    return { typeUrl: '/seedcast.custody.v1.MsgDealCustody', value: { creator, contentId, threshold: t, keyCheck: keyCheck(key), shares } };
  } finally {
    key.fill(0);
    seed.fill(0);
  }
}

export function thresholdFlag(values: Values): number | undefined {
  const s = str(values, 'threshold');
  if (s === undefined) return undefined;
  if (!/^[1-9]\d{0,2}$/.test(s)) throw new CliError('CLI_BAD_ARGS', `--threshold must be a positive integer, got "${s}"`);
  return Number(s);
}

export async function custodyCommand(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  const command = `custody ${action ?? ''}`.trim();
  const { values, positionals, output } = parse(command, rest, { ...TX_OPTIONS, ...CLIENT_OPTIONS, from: { type: 'string' }, threshold: { type: 'string' } });
  if (action !== 'deal' && action !== 'show') throw new CliError('CLI_BAD_ARGS', `unknown command "seedcast ${command}"\nusage:\n${CUSTODY_USAGE}`);
  const [id] = requirePositionals(command, positionals, ['CONTENT_ID'], CUSTODY_USAGE.split('\n')[action === 'deal' ? 0 : 1]!);
  const contentId = contentIdArg(id!);
  const url = nodeUrl(values);
  if (action === 'show') {
    const c = await withQueries(url, (qc) => custodyQuery(qc).custody(contentId));
    if (!c) throw new CliError('CLI_NOT_FOUND', `no custody deal for content ${id!.toLowerCase()}`);
    const json = { content_id: id!.toLowerCase(), creator: c.creator, threshold: c.threshold, dealt_height: c.dealtHeight.toString(), shares: c.shares.map((s) => ({ operator: s.operator, index: s.index })) };
    return print(output, json, [`threshold: ${c.threshold} of ${c.shares.length}`, ...json.shares.map((s) => `share ${s.index}: ${s.operator}`)].join('\n'));
  }
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required (the creator account)`);
  const card = await withQueries(url, (qc) => contentQuery(qc).cardByContent(contentId));
  if (!card) throw new CliError('CLI_NOT_FOUND', `no card carries content ${id!.toLowerCase()}`);
  const keyring = await openKeyring(values, { secret: true });
  const creator = keyring.resolve(from);
  if (creator.address !== card.creator) throw new CliError('CLI_NOT_CREATOR', `content ${id!.toLowerCase()} was published by ${card.creator}, not ${creator.address}: only its creator can deal its key`);
  const agents = await custodyAgents(url);
  const secret = await keyring.creatorSecret(creator.name);
  const master = contentMasterSecret(secret, card.salt);
  secret.fill(0);
  const msg = dealCustodyMsg(creator.address, master, contentId, agents, thresholdFlag(values));
  master.fill(0);
  if (!msg) throw new CliError('CLI_NO_KEY_AGENTS', 'no bonded validator has registered a key agent: there is no one to deal shares to');
  const registry = (await import('../client/registry.js')).seedcastRegistry();
  const r = await broadcastTx(values, creator.name, () => [msg], { registry, describe: `Deal ${msg.value.threshold}-of-${agents.length} custody of ${id!.toLowerCase()}` });
  print(output, { content_id: id!.toLowerCase(), threshold: msg.value.threshold, shares: agents.length, tx_hash: r.transactionHash }, `dealt ${msg.value.threshold} of ${agents.length} shares in tx ${r.transactionHash}`);
}

/** `tx staking register-key-agent`: the home node's X25519 key, peer id and addresses, for the signer's validator. */
export async function registerKeyAgentCommand(argv: string[]): Promise<void> {
  const command = 'tx staking register-key-agent';
  const { values, positionals, output } = parse(command, argv, { ...TX_OPTIONS, from: { type: 'string' } });
  requirePositionals(command, positionals, [], CUSTODY_USAGE.split('\n')[2]!);
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required (the validator operator's account)`);
  const node = await callNode<{ peer_id: string; addrs: string[]; rpc: string; agent_x25519: string }>(homeOf(values), 'status', {});
  const registry = (await import('../client/registry.js')).seedcastRegistry();
  await signAndBroadcast({ ...values, node: str(values, 'node') ?? node.rpc }, output, from, (signer) => [{
    typeUrl: '/seedcast.staking.v1.MsgRegisterKeyAgent',
    value: {
      signer, operator: toBech32Address(fromBech32Address(signer), VALOPER_PREFIX), x25519PublicKey: new Uint8Array(Buffer.from(node.agent_x25519, 'base64')),
      peerId: node.peer_id, addrs: node.addrs.slice(0, 4),
    },
  }], { registry, describe: `Register ${node.peer_id} as the key agent of the validator` });
}
