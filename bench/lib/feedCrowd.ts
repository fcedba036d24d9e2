// bench:feed's subscriber crowd, a child process (forked with tsx) holding thousands of real
// websocket clients. Over IPC:
//   {type:'start', url, queries}     opens one socket per query at once, subscribes -> {type:'ready', ...}
//   {type:'collect', commitAt}       -> {type:'collected', ...}: per delivered Tx event, the receive
//                                    time minus its height's commit time (as the probe saw it), as a
//                                    1 ms histogram; counts of messages, drops and unknown heights
//   {type:'stop'}                    closes every socket and exits
// Messages are not fully parsed (the height is read from the head of the data): the crowd
// shares 2 cores with the node, and its CPU would show up as the node's latency.
import { WebSocket } from 'ws';

interface Start { type: 'start'; url: string; queries: string[] }
interface Collect { type: 'collect'; commitAt: Record<string, number> }

const HEIGHT_MARK = '"TxResult":{"height":"';
const sockets: WebSocket[] = [];
const heights: number[] = [];
const times: number[] = [];
let tooSlow = 0;
let otherCloses = 0;

const now = (): number => performance.timeOrigin + performance.now();

function start({ url, queries }: Start): void {
  let subscribed = 0;
  let failed = 0;
  const errors = new Set<string>();
  const t0 = Date.now();
  const settle = () => {
    if (subscribed + failed === queries.length) process.send!({ type: 'ready', subscribed, failed, errors: [...errors].slice(0, 5), ms: Date.now() - t0 });
  };
  queries.forEach((query, i) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let answered = false;
    const fail = (why: string) => {
      if (answered) return;
      answered = true;
      failed++;
      errors.add(why);
      settle();
    };
    ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'subscribe', params: { query } })));
    ws.on('message', (data: Buffer) => {
      const at = now();
      const text = data.toString('latin1');
      const mark = text.indexOf(HEIGHT_MARK);
      if (mark >= 0) {
        const from = mark + HEIGHT_MARK.length;
        heights.push(Number(text.slice(from, text.indexOf('"', from))));
        times.push(at);
        return;
      }
      if (answered) return;
      if (text.includes('"error"')) return fail(`subscribe refused: ${text.slice(0, 200)}`);
      answered = true;
      subscribed++;
      settle();
    });
    ws.on('error', (err) => fail(`socket error: ${err.message}`));
    ws.on('close', (code) => {
      if (!answered) return fail(`closed ${code} before subscribing`);
      if (code === 1008) tooSlow++;
      else otherCloses++;
    });
    sockets.push(ws);
  });
}

function collect({ commitAt }: Collect): void {
  const histogram: number[] = [];
  let unknownHeight = 0;
  let negative = 0;
  for (let i = 0; i < heights.length; i++) {
    const c = commitAt[String(heights[i])];
    if (c === undefined) {
      unknownHeight++;
      continue;
    }
    const ms = Math.max(0, Math.round(times[i]! - c));
    if (times[i]! < c) negative++;
    histogram[ms] = (histogram[ms] ?? 0) + 1;
  }
  process.send!({ type: 'collected', received: heights.length, histogram: Array.from(histogram, (n) => n ?? 0), unknownHeight, negative, tooSlow, otherCloses, open: sockets.filter((s) => s.readyState === s.OPEN).length });
}

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'start') start(msg as Start);
  else if (msg.type === 'collect') collect(msg as Collect);
  else if (msg.type === 'stop') {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
