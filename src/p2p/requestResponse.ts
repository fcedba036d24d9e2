// One request frame, one response frame, on a fresh stream; both sides capped and timed out.
import type { Connection, Stream } from '@libp2p/interface';
import type { PeerContext } from './context.js';
import { P2PError, errorMessage } from './errors.js';
import { readOneFrame, sendFrame } from './streams.js';

export interface RequestOptions {
  maxResponseBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends `payload` to `peer` and returns its answer's bytes. P2PError on timeout, close or cap. */
export async function request(ctx: PeerContext, peer: string, protocol: string, payload: Uint8Array, opts: RequestOptions): Promise<Uint8Array> {
  const peerId = ctx.peerIdOf(peer);
  if (!peerId) throw new P2PError('P2P_STREAM_CLOSED', 'peer is not connected', { peer, protocol });
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let stream: Stream | undefined;
  try {
    stream = await ctx.libp2p.dialProtocol(peerId, protocol, { signal });
    sendFrame(stream, payload);
    const answer = await readOneFrame(stream, opts.maxResponseBytes, signal);
    void stream.close().catch(() => {});
    return answer;
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)));
    if (err instanceof P2PError) throw err;
    if (signal.aborted) throw new P2PError('P2P_TIMEOUT', `no answer in ${opts.timeoutMs} ms`, { peer, protocol });
    throw new P2PError('P2P_STREAM_CLOSED', errorMessage(err), { peer, protocol });
  }
}

/**
 * Answers requests on `protocol`. A request over its cap, or one the handler rejects with a
 * P2P_DECODE error, bans the asker; other handler errors just close the stream.
 */
export async function serve(
  ctx: PeerContext,
  protocol: string,
  opts: { maxRequestBytes: number; timeoutMs: number },
  handler: (request: Uint8Array, from: string) => Promise<Uint8Array>,
): Promise<void> {
  await ctx.libp2p.handle(
    protocol,
    async (stream: Stream, connection: Connection) => {
      const from = connection.remotePeer.toString();
      try {
        const req = await readOneFrame(stream, opts.maxRequestBytes, AbortSignal.timeout(opts.timeoutMs));
        const answer = await handler(req, from);
        sendFrame(stream, answer);
        await stream.close({ signal: AbortSignal.timeout(opts.timeoutMs) });
      } catch (err) {
        if (err instanceof P2PError && (err.code === 'P2P_FRAME_TOO_LARGE' || err.code === 'P2P_DECODE')) {
          ctx.penalise(from, 'fatal', `${protocol}: ${err.message}`);
        } else {
          ctx.log.debug('p2p: request not answered', { peer: from, protocol, err: errorMessage(err) });
        }
        stream.abort(err instanceof Error ? err : new Error(String(err)));
      }
    },
    { maxInboundStreams: 16, maxOutboundStreams: 16 },
  );
}
