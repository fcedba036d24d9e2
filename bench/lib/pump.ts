// Drives pre-signed txs into nodes over CometBFT websockets and times each from broadcast to the
// NewBlock event that carries it. One websocket per target node carries the broadcasts (in order,
// pipelined, at most `window` unanswered); another, on `blocksRpc`, the NewBlock events.
import WebSocket from 'ws';

export interface PumpOptions {
  /** RPC URL per target; tx k goes to targets[route[k]] (keep one account's txs on one node). */
  targets: string[];
  route: (k: number) => number;
  blocksRpc: string;
  txs: Uint8Array[];
  window?: number;
  /** Open loop: tx k is released at k / ratePerSec seconds after the start (default: all at once). */
  ratePerSec?: number;
  timeoutMs?: number;
  debug?: boolean;
}

export interface PumpResult {
  committed: number;
  rejected: number;
  /** Broadcast of the first tx to the commit of the last one. */
  seconds: number;
  /** Sorted, ms. */
  latencies: number[];
  /** NewBlock events seen between the first broadcast and the last commit. */
  blocks: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The figures every throughput bench reports for one pump run (its JSON shape). */
export function summarize(r: PumpResult) {
  return {
    committed: r.committed,
    rejected: r.rejected,
    seconds: Number(r.seconds.toFixed(2)),
    committed_tps: Math.round(r.committed / r.seconds),
    latency_ms: { p50: Math.round(percentile(r.latencies, 50)), p99: Math.round(percentile(r.latencies, 99)) },
    blocks_per_minute: Math.round((r.blocks * 60) / r.seconds),
  };
}

async function open(rpc: string): Promise<WebSocket> {
  const ws = new WebSocket(rpc.replace(/^http/, 'ws') + '/websocket');
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  ws.on('close', (code, reason) => code !== 1000 && code !== 1005 && console.error(`websocket ${rpc} closed: ${code} ${reason}`));
  return ws;
}

export async function pumpTxs(o: PumpOptions): Promise<PumpResult> {
  const window = o.window ?? 1000;
  // Requests are built before the clock starts, and a tx is known in a block by its base64 text:
  // the load generator shares the cores with the nodes, so it does as little as it can while timed.
  const base64 = o.txs.map((tx) => Buffer.from(tx).toString('base64'));
  const requests = base64.map((tx, k) => JSON.stringify({ jsonrpc: '2.0', id: k, method: 'broadcast_tx_sync', params: { tx } }));
  const sentAt = new Map<string, number>(); // base64 tx -> time of its first send
  const latencies: number[] = [];
  let rejected = 0;
  let lastCommit = 0;
  let blocks = 0;
  let t0 = performance.now();
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  const check = () => latencies.length + rejected >= o.txs.length && settle();

  let resendFull = (): void => {};
  const blocksWs = await open(o.blocksRpc);
  blocksWs.on('message', (raw) => {
    const msg = JSON.parse(String(raw));
    const block = msg.result?.data?.value?.block;
    if (!block) return;
    const now = performance.now();
    blocks++;
    if (o.debug) console.error(`block ${block.header.height} at +${Math.round(now - t0)} ms: ${block.data.txs?.length ?? 0} txs`);
    for (const b64 of block.data.txs ?? []) {
      const t = sentAt.get(b64);
      if (t !== undefined) {
        latencies.push(now - t);
        sentAt.delete(b64);
        lastCommit = now;
      }
    }
    resendFull();
    check();
  });
  blocksWs.send(JSON.stringify({ jsonrpc: '2.0', id: 'blocks', method: 'subscribe', params: { query: "tm.event='NewBlock'" } }));
  await new Promise((r) => setTimeout(r, 200));

  // Per target: its own queue of tx indexes, its own window.
  const sockets = await Promise.all(o.targets.map(open));
  const queues: number[][] = o.targets.map(() => []);
  o.txs.forEach((_, k) => queues[o.route(k)]!.push(k));
  const next = o.targets.map(() => 0);
  const answered = o.targets.map(() => 0);
  // A tx refused because the mempool is full is sent again after the next block, as a wallet
  // would retry; its latency still counts from the first send. So is the account's next tx if
  // it reached a freed mempool first and was refused for the sequence the refused one holds: the
  // wallet sends it again after that one, in sequence order (an account's txs are in index order,
  // on one target), at most 3 times.
  const full: number[][] = o.targets.map(() => []);
  const resent = o.targets.map(() => 0);
  const retries = new Map<number, number>();
  const send = (t: number, k: number) => sockets[t]!.send(requests[k]!);
  resendFull = () =>
    full.forEach((ks, t) => {
      full[t] = [];
      resent[t]! += ks.length;
      for (const k of ks.sort((a, b) => a - b)) send(t, k);
    });
  const retryable = (k: number, log: string): boolean => {
    if (/mempool is full/.test(log)) return true;
    const tries = retries.get(k) ?? 0;
    if (!/account sequence mismatch/.test(log) || tries >= 3) return false;
    retries.set(k, tries + 1);
    return true;
  };
  // How many of each target's queued txs are released (open loop releases them over time).
  const released = o.ratePerSec ? o.targets.map(() => 0) : queues.map((q) => q.length);
  const pump = (t: number) => {
    const q = queues[t]!;
    while (next[t]! < released[t]! && next[t]! + resent[t]! - answered[t]! < window) {
      const k = q[next[t]!++]!;
      sentAt.set(base64[k]!, performance.now());
      send(t, k);
    }
  };
  sockets.forEach((ws, t) =>
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      answered[t]!++;
      if (retryable(msg.id, String(msg.error?.data ?? msg.result?.log ?? ''))) full[t]!.push(msg.id);
      else if (msg.error || msg.result?.code) {
        rejected++;
        sentAt.delete(base64[msg.id]!);
        if (rejected <= 3) console.error('refused:', JSON.stringify(msg.error ?? msg.result).slice(0, 300));
      }
      pump(t);
      check();
    }),
  );
  t0 = performance.now();
  const blocksBefore = blocks;
  let ticker: NodeJS.Timeout | undefined;
  if (o.ratePerSec) {
    const rate = o.ratePerSec;
    let due = 0;
    const release = () => {
      const upTo = Math.min(o.txs.length, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      for (; due < upTo; due++) released[o.route(due)]!++;
      o.targets.forEach((_, t) => pump(t));
      if (due >= o.txs.length) clearInterval(ticker);
    };
    ticker = setInterval(release, 5);
    release();
  } else o.targets.forEach((_, t) => pump(t));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, o.timeoutMs ?? 120_000)))]);
  clearTimeout(timer);
  clearInterval(ticker);
  blocksWs.close();
  for (const ws of sockets) ws.close();

  latencies.sort((a, b) => a - b);
  return { committed: latencies.length, rejected, seconds: Math.max(0.001, (lastCommit - t0) / 1000), latencies, blocks: blocks - blocksBefore };
}
