// Errors of the key agent client. Messages and context name codes, peers and ids, never key bytes.
import { refusalCodeName, type RefusalCode } from '../codec/seedcast/keys.js';

export type KeyAgentErrorCode =
  | 'KEY_REFUSED'
  | 'KEY_UNREACHABLE'
  | 'KEY_TIMEOUT'
  | 'KEY_BAD_ANSWER'
  | 'KEY_BAD_REQUEST'
  | 'KEY_NOT_ENOUGH_SHARES'
  | 'KEY_CHECK_FAILED'
  | 'KEY_NO_AGENTS';

export class KeyAgentError extends Error {
  constructor(
    readonly code: KeyAgentErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KeyAgentError';
  }

  /** The refusal code when the agent refused (code KEY_REFUSED). */
  get refusal(): RefusalCode | undefined {
    return this.context.refusal as RefusalCode | undefined;
  }

  /** 'NOT_OWNER', 'UNREACHABLE', ...: one word per outcome, for summaries. */
  get outcome(): string {
    if (this.code === 'KEY_REFUSED' && this.refusal !== undefined) return refusalCodeName(this.refusal);
    return this.code.replace(/^KEY_/, '');
  }
}
