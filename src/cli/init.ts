// `seedcast init`: create a node home (optionally the one-validator devnet).
import { initHome } from '../node/home.js';
import { homeOf, parse, print, requirePositionals, str } from './common.js';

export const INIT_USAGE = 'seedcast init [--home DIR] [--chain-id ID] [--moniker NAME] [--devnet] [--output json|text]';

export async function initCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('init', argv, {
    'chain-id': { type: 'string' },
    moniker: { type: 'string' },
    devnet: { type: 'boolean' },
  });
  requirePositionals('init', positionals, [], INIT_USAGE);
  const home = homeOf(values);
  const r = await initHome({ home, chainId: str(values, 'chain-id'), moniker: str(values, 'moniker'), devnet: values.devnet === true });
  const summary = { home, chain_id: r.chainId, moniker: r.config.moniker, validator_address: r.validatorAddress, validator_pub_key: r.validatorPubKey, keys: r.keys };
  print(output, summary, [
    `Initialised ${values.devnet ? 'devnet ' : ''}home ${home}`,
    `  chain id:   ${r.chainId}`,
    `  moniker:    ${r.config.moniker}`,
    `  validator:  ${r.validatorAddress}`,
    ...(r.keys.length ? [`  keys (test keyring, DEVNET ONLY): ${r.keys.join(', ')}`] : []),
  ].join('\n'));
}
