// @libp2p/yamux with receive-window updates sent the way Go's yamux (and the spec's "delta"
// advice) sends them: once the bytes received since the last update reach half the window.
// Stock @libp2p/yamux 8 answers every data frame with its own window-update frame, so every
// small consensus, gossip or request message crossed the wire twice and cost both ends a noise
// encryption, a socket write and a frame decode more. Opening (SYN/ACK), resuming after a pause
// and everything else stay stock: only updates of an established stream are deferred, and the
// sender always keeps at least half a window, so nothing waits on a deferred update.
import { yamux } from '@libp2p/yamux';
import type { MultiaddrConnection } from '@libp2p/interface';

type YamuxInit = Parameters<typeof yamux>[0];

/** StreamState.Established in @libp2p/yamux/stream (a const enum there). */
const ESTABLISHED = 3;

/** The members of @libp2p/yamux's stream this relies on (private in its type declarations). */
interface YamuxStreamInternals {
  state: number;
  recvWindow: number;
  recvWindowCapacity: number;
  sendWindowUpdate: () => void;
}

interface YamuxMuxerInternals {
  _newStream: (...args: unknown[]) => unknown;
}

const isStreamShaped = (s: unknown): s is YamuxStreamInternals => {
  const x = s as Partial<YamuxStreamInternals> | null;
  return typeof x?.sendWindowUpdate === 'function' && typeof x.recvWindow === 'number' && typeof x.recvWindowCapacity === 'number' && typeof x.state === 'number';
};

/** Defers the stream's window updates until half its receive window is used. False if the stream is not shaped as expected. */
export function deferWindowUpdates(stream: unknown): boolean {
  if (!isStreamShaped(stream)) return false;
  const stock = stream.sendWindowUpdate.bind(stream);
  stream.sendWindowUpdate = () => {
    if (stream.state === ESTABLISHED && stream.recvWindow - stream.recvWindowCapacity < stream.recvWindow / 2) return;
    stock();
  };
  return true;
}

/** A yamux factory that hands every muxer it creates to `onMuxer` first (which may patch it). */
export function onEachMuxer(factory: ReturnType<typeof yamux>, onMuxer: (muxer: object) => void): ReturnType<typeof yamux> {
  return () => {
    const muxerFactory = factory();
    const create = muxerFactory.createStreamMuxer.bind(muxerFactory);
    muxerFactory.createStreamMuxer = (maConn: MultiaddrConnection) => {
      const muxer = create(maConn);
      onMuxer(muxer);
      return muxer;
    };
    return muxerFactory;
  };
}

/** `yamux(init)` whose streams send window updates at half a window (see above). */
export function lazyWindowYamux(init?: YamuxInit): ReturnType<typeof yamux> {
  return onEachMuxer(yamux(init), (muxer) => {
    const internals = muxer as unknown as YamuxMuxerInternals;
    if (typeof internals._newStream !== 'function') return;
    const newStream = internals._newStream.bind(muxer);
    internals._newStream = (...args: unknown[]) => {
      const stream = newStream(...args);
      deferWindowUpdates(stream);
      return stream;
    };
  });
}
