// A single validator has nobody to talk to: its own messages go straight back to its core.
import type { ConsensusMessage, Transport } from './interface.js';

export class NoopTransport implements Transport {
  broadcast(_msg: ConsensusMessage): void {}
  onMessage(_cb: (msg: ConsensusMessage, from: string) => void): () => void {
    return () => {};
  }
  reportInvalid(_from: string, _reason: string): void {}
}
