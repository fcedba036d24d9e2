// Terminal input: the mnemonic on stdin, the keyring passphrase from env or a no-echo TTY prompt, y/N confirms.
import { createInterface } from 'node:readline';

/** Reads all of stdin (piped mnemonic); on a TTY, reads one line without echo. Capped to stay bounded. */
export async function readStdinLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    return readLine(true); // a mnemonic is a secret: no echo
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('stdin input is too long (over 4096 bytes)');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from the TTY; with `silent`, typed characters are not echoed. */
function readLine(silent: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (silent) {
      // Swallow echo: readline writes each keystroke through _writeToOutput.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    }
    // Settle before close(): close() emits 'close' synchronously, which would resolve '' first.
    rl.once('line', (line) => { resolve(line); if (silent) process.stderr.write('\n'); rl.close(); });
    rl.once('SIGINT', () => { reject(new PromptError('CLI_CANCELLED', 'cancelled')); rl.close(); });
    rl.once('close', () => resolve(''));
  });
}

export class PromptError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PromptError';
  }
}

/** SEEDCAST_KEYRING_PASSPHRASE, else asked on the TTY (twice when creating keys). */
export async function readPassphrase(prompt: string, confirm: boolean): Promise<string> {
  const env = process.env.SEEDCAST_KEYRING_PASSPHRASE;
  if (env) return env;
  if (!process.stdin.isTTY) {
    throw new PromptError('CLI_NO_PASSPHRASE', 'the file keyring needs a passphrase: set SEEDCAST_KEYRING_PASSPHRASE or run in a terminal');
  }
  process.stderr.write(prompt);
  const first = await readLine(true);
  if (first.length < 8) throw new PromptError('CLI_WEAK_PASSPHRASE', 'the passphrase must be at least 8 characters');
  if (confirm) {
    process.stderr.write('Repeat passphrase: ');
    if ((await readLine(true)) !== first) throw new PromptError('CLI_PASSPHRASE_MISMATCH', 'the passphrases do not match');
  }
  return first;
}

/** y/N on the TTY; non-interactive runs (scripts, CI) proceed as if --yes. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  process.stderr.write(`${question} [y/N]: `);
  const answer = (await readLine(false)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes';
}
