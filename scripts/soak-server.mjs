// The soak's server, in its own process so that it can crash: a ws echo server on 127.0.0.1 that reports
// every text message it receives to the parent over IPC (batched every 20 ms and before it exits).
// IPC in: {crash: true} flushes and exits without closing a socket (clients see a reset, 1006);
// {bad: n} sends n invalid JSON messages to random clients. argv: [port] [mode] [store]: with `delivery`, it speaks
// the protocol delivery() asks of a server: a message with an `id` is acknowledged ({"ack": id}), also a second copy,
// and taken (reported and echoed) only once. The ids taken are kept in the file `store`, written before the
// acknowledgement, as a server keeps what it took in its database: a crash does not make it take a message twice.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 0);
const deliveryMode = process.argv[3] === 'delivery';
const store = process.argv[4];
/** Ids taken, in delivery mode, as the store has them (the soak is bounded, and so is this). */
const taken = new Set(
  deliveryMode && store && existsSync(store) ? readFileSync(store, 'utf8').split('\n').filter(Boolean) : [],
);
const send = (value) => process.send?.(value);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
let batch = [];
const flush = () => {
  if (batch.length > 0) send({ received: batch });
  batch = [];
};
setInterval(flush, 20);
wss.on('listening', () => send({ listening: wss.address().port }));
wss.on('error', (error) => {
  send({ error: error.code ?? String(error) });
  process.exit(1);
});
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    if (deliveryMode && text !== 'ping') {
      let id;
      try {
        id = JSON.parse(text).id;
      } catch {}
      if (id !== undefined) {
        if (!taken.has(id)) {
          taken.add(id);
          if (store) appendFileSync(store, `${id}\n`);
          batch.push(text);
          socket.send(text);
        }
        socket.send(JSON.stringify({ ack: id }));
        return;
      }
    }
    batch.push(text);
    socket.send(text);
  });
});
// The soak runner went away: so does its server.
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  if (message.crash) {
    flush();
    // Exit once the last batch is out, with every socket still open: the kernel resets them.
    process.send({ crashed: true }, () => process.exit(0));
  } else if (message.bad) {
    const clients = [...wss.clients];
    for (let i = 0; i < message.bad && clients.length > 0; i++) {
      clients[(i * 7919) % clients.length].send('{"not json');
    }
  }
});
