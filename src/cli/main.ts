// The `seedcast` command: dispatches to one module per command group, loaded on demand.
import { CliError } from './common.js';

const USAGE = `seedcast: a Seedcast appchain node and client

Usage:
  seedcast init [--home DIR] [--chain-id ID] [--moniker NAME] [--devnet]
  seedcast start [--home DIR] [--devnet] [--rpc.laddr tcp://127.0.0.1:26657] [--p2p.laddr tcp://0.0.0.0:26656]
                 [--p2p.persistent_peers /ip4/HOST/tcp/PORT/p2p/PEER_ID,...] [--p2p.bootstrap_peers ...] [--p2p.max_peers 50]
                 [--consensus.create_empty_blocks=false] [--consensus.timeout_commit 1s] (also _propose, _prevote, _precommit)
  seedcast testnet --validators N --home DIR [--no-start] [--chain-id seedcast-testnet] [--base-port 26600] [--accounts 6]
  seedcast keys add|list|show|delete ...   [--keyring-backend test|file]
  seedcast tx bank send FROM TO AMOUNT      [--fees 5000useed | --gas-prices 0.025useed] [--gas auto|N] [--yes]
  seedcast tx social set-profile --name N --bio B --avatar URL --from KEY
  seedcast tx social react|unreact CARD_ID KIND | follow|unfollow ADDRESS | tip CARD_ID 1000useed | view CARD_ID --from KEY
  seedcast tx social comment CARD_ID --body TEXT [--title T] [--tags a,b] --from KEY   a text post replying to the card
  seedcast tx social post --body TEXT [--title T] [--tags a,b] --from KEY              a top-level text post
  seedcast tx staking create-validator|edit-validator|delegate|unbond ..., tx slashing unjail --from KEY
  seedcast query staking validators|validator|delegation|pool|params, query slashing signing-info|params
  seedcast query bank balances|balance, account, tx, block ...   [--node URL]
  seedcast query social card CARD_ID        the card with its counts; also reactions CARD_ID, thread CARD_ID, trending [--limit N]
  seedcast query social feed --following ADDRESS | --tag TAG | --creator ADDRESS, followers|following ADDRESS   [--limit N] [--page-key K]
  seedcast status [--node URL]
  seedcast publish FILE --title T [--body B] [--preview IMG] [--price 5000000useed] [--tags a,b] --from KEY   (the home's node encrypts and seeds)
  seedcast seed CONTENT_ID [--from KEY]     the home's node downloads the ciphertext from the swarm and seeds it
  seedcast fetch CONTENT_ID -o OUT_FILE [--from KEY]   downloads; decrypts with the key the node holds, or obtains it for KEY's license
  seedcast license buy CARD_ID | transfer LICENSE_ID ADDRESS | sell LICENSE_ID --price P | delist | buy-listed LICENSE_ID --from KEY
  seedcast license list --owner ADDRESS | --content CONTENT_ID, license show LICENSE_ID, license listings
  seedcast custody deal CONTENT_ID --from KEY [--threshold T], custody show CONTENT_ID
  seedcast tx staking register-key-agent --from OPERATOR_KEY   the home node becomes its validator's key agent
  seedcast swarm status                     what the home's node holds, its peer id and transfer totals

Global flags: --home DIR (default $SEEDCAST_HOME or ~/.seedcast), --output json|text
Env: SEEDCAST_KEYRING_PASSPHRASE for the file keyring; SEEDCAST_DEBUG=1 prints stack traces.`;

type Command = (argv: string[]) => Promise<void>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init.js')).initCommand,
  start: async () => (await import('./start.js')).startCommand,
  testnet: async () => (await import('./testnet.js')).testnetCommand,
  keys: async () => (await import('./keys.js')).keysCommand,
  tx: async () => (await import('./tx.js')).txCommand,
  query: async () => (await import('./query.js')).queryCommand,
  q: async () => (await import('./query.js')).queryCommand,
  status: async () => (await import('./query.js')).statusCommand,
  publish: async () => (await import('./swarm.js')).publishCommand,
  seed: async () => (await import('./swarm.js')).seedCommand,
  fetch: async () => (await import('./swarm.js')).fetchCommand,
  swarm: async () => (await import('./swarm.js')).swarmCommand,
  license: async () => (await import('./license.js')).licenseCommand,
  custody: async () => (await import('./custody.js')).custodyCommand,
};

/** Errors a user can act on: shown as one line. Anything else is a bug and says so. */
function isUserError(e: unknown): e is Error & { code: string } {
  const name = (e as Error)?.name;
  return ['CliError', 'KeyringError', 'ConfigError', 'PromptError'].includes(name);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 1;
  }
  const load = COMMANDS[command];
  try {
    if (!load) throw new CliError('CLI_UNKNOWN_COMMAND', `unknown command "${command}"; run "seedcast help"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    await (await load())(rest);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`Error: ${e.message}\n`);
    } else {
      process.stderr.write(`Error (internal): ${(e as Error)?.message ?? String(e)}\n`);
      if (process.env.SEEDCAST_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    }
    return 1;
  }
}

// Exit explicitly: cosmjs clients and timers may otherwise keep a finished command alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => { process.stderr.write(`Error (internal): ${String(e)}\n`); process.exit(1); },
);
