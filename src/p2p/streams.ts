// Frames over libp2p 3 streams (event based): write one, read one, or read them all.
import type { Stream } from '@libp2p/interface';
import { P2PError } from './errors.js';
import { FrameDecoder, frameHeader } from './framing.js';

type StreamData = Uint8Array | { subarray(): Uint8Array };

export function streamBytes(data: StreamData): Uint8Array {
  return data instanceof Uint8Array ? data : data.subarray();
}

/** Queues one frame (header, then the payload without copying it). */
export function sendFrame(stream: Stream, payload: Uint8Array): void {
  stream.send(frameHeader(payload.length));
  stream.send(payload);
}

/**
 * Calls onFrame for every frame the stream delivers. A frame over the cap calls onError once
 * and aborts the stream; so does an exception thrown by onFrame.
 */
export function readFrames(stream: Stream, maxFrameBytes: number, onFrame: (frame: Uint8Array) => void, onError: (err: unknown) => void): void {
  const decoder = new FrameDecoder(maxFrameBytes);
  let failed = false;
  stream.addEventListener('message', (evt) => {
    if (failed) return;
    try {
      for (const frame of decoder.push(streamBytes(evt.data))) onFrame(frame);
    } catch (err) {
      failed = true;
      onError(err);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** Resolves with the first frame; rejects on an oversized frame, a closed stream or the signal. */
export function readOneFrame(stream: Stream, maxFrameBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const decoder = new FrameDecoder(maxFrameBytes);
    const finish = (err: Error | undefined, frame?: Uint8Array): void => {
      stream.removeEventListener('message', onMessage);
      stream.removeEventListener('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(frame!);
    };
    const onMessage = (evt: { data: StreamData }): void => {
      try {
        const frames = decoder.push(streamBytes(evt.data));
        if (frames.length > 0) finish(undefined, frames[0]);
      } catch (err) {
        finish(err as Error);
      }
    };
    const onClose = (): void => finish(new P2PError('P2P_STREAM_CLOSED', 'stream closed before a whole frame arrived', { pending: decoder.pendingBytes }));
    const onAbort = (): void => finish(new P2PError('P2P_TIMEOUT', 'no answer in time', { protocol: stream.protocol }));
    if (signal.aborted) return onAbort();
    stream.addEventListener('message', onMessage);
    stream.addEventListener('close', onClose);
    signal.addEventListener('abort', onAbort);
  });
}
