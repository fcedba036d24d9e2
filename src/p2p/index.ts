// The p2p layer's public face.
export { P2PHost, type P2PHostOptions } from './host.js';
export { P2PTransport } from './transport.js';
export { TxGossip, type TxHandler, type TxVerdict } from './txGossip.js';
export { P2PBlockSource, type BlockProvider } from './blockSync.js';
export { P2PError, type P2PErrorCode } from './errors.js';
export { DEFAULT_TUNING, type P2PTuning } from './options.js';
export { loadNodeKey, nodePeerId } from './nodeKey.js';
