// A crowd of real websocket clients in a child process (each in-process connection would cost
// the test process two file descriptors). Driven over IPC by the test:
//   {type:'start', url, count, queries}  -> opens `count` sockets at once, each subscribes with
//                                           queries[i % queries.length]; answers {type:'ready', ...}
//   {type:'report'}                      -> {type:'report', perClient: [events received], lastAt: [ms]}
//   {type:'stop'}                        -> closes everything and exits
import { WebSocket } from 'ws';

let sockets = [];
let received = [];
let lastAt = [];

function start({ url, count, queries }) {
  let subscribed = 0;
  let failed = 0;
  let closedEarly = 0;
  const errors = new Set();
  const t0 = Date.now();
  received = new Array(count).fill(0);
  lastAt = new Array(count).fill(0);
  const settle = () => {
    if (subscribed + failed === count) process.send({ type: 'ready', subscribed, failed, closedEarly, errors: [...errors].slice(0, 5), ms: Date.now() - t0 });
  };
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let done = false;
    const fail = (why) => {
      if (done) return;
      done = true;
      failed++;
      errors.add(why);
      settle();
    };
    ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'subscribe', params: { query: queries[i % queries.length] } })));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.result?.query !== undefined) {
        received[i]++;
        lastAt[i] = Date.now();
        return;
      }
      if (done) return;
      if (msg.error) return fail(`subscribe error: ${msg.error.data}`);
      done = true;
      subscribed++;
      settle();
    });
    ws.on('error', (err) => fail(`socket error: ${err.message}`));
    ws.on('close', (code, reason) => {
      if (!done) fail(`closed ${code} ${reason}`);
      else closedEarly++;
    });
    sockets.push(ws);
  }
}

process.on('message', (msg) => {
  if (msg.type === 'start') start(msg);
  else if (msg.type === 'report') process.send({ type: 'report', perClient: received, lastAt });
  else if (msg.type === 'stop') {
    for (const ws of sockets) ws.terminate();
    sockets = [];
    process.exit(0);
  }
});
