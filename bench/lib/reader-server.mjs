// A ws server in its own process for the backpressure benchmark.
// argv: mode ('sink' | 'flood'), rate (bytes per second read from TCP in 'sink' mode; 0 = unlimited),
// count and size (messages to send in 'flood' mode). Prints {"port":n}; in 'sink' mode prints
// {"received":bytes} when the client closes.
import { WebSocketServer } from 'ws';

const [mode = 'sink', rateArg = '0', countArg = '0', sizeArg = '0'] = process.argv.slice(2);
const rate = Number(rateArg);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 24, perMessageDeflate: false });
wss.on('listening', () => process.stdout.write(`${JSON.stringify({ port: wss.address().port })}\n`));
wss.on('connection', (socket) => {
  if (mode === 'flood-text') {
    // As fast as a server can: the frames (text, unmasked) are built once and written in batches of
    // 10,000 straight to the TCP socket, waiting for 'drain' between batches.
    const size = Number(sizeArg);
    const body = Buffer.from(JSON.stringify({ type: 'message', id: 1, text: 'x'.repeat(Math.max(0, size - 36)) }));
    const frame = Buffer.concat([Buffer.from([0x81, body.length]), body]);
    const batch = Buffer.concat(Array.from({ length: 10_000 }, () => frame));
    const tcp = socket._socket;
    let sent = 0;
    const pump = () => {
      while (sent < Number(countArg)) {
        const frames = Math.min(10_000, Number(countArg) - sent);
        sent += frames;
        const ok = tcp.write(frames === 10_000 ? batch : batch.subarray(0, frames * frame.length));
        if (!ok) return tcp.once('drain', pump);
      }
    };
    pump();
    return;
  }
  if (mode === 'flood') {
    const payload = Buffer.alloc(Number(sizeArg), 97);
    const binary = true;
    let sent = 0;
    const pump = () => {
      while (sent < Number(countArg) && socket.bufferedAmount < 8 << 20) {
        socket.send(payload, { binary });
        sent++;
      }
      if (sent < Number(countArg)) setTimeout(pump, 1);
      else socket.close(1000);
    };
    pump();
    return;
  }
  let received = 0;
  socket.on('message', (data) => (received += data.length));
  socket.on('close', () => {
    process.stdout.write(`${JSON.stringify({ received })}\n`);
    process.exit(0);
  });
  if (rate > 0) {
    // Read at most `rate` bytes per second from TCP: pause the socket when ahead, resume on schedule.
    const tcp = socket._socket;
    const start = Date.now();
    let bytes = 0;
    tcp.on('data', (chunk) => {
      bytes += chunk.length;
      const ahead = bytes / rate - (Date.now() - start) / 1000;
      if (ahead > 0.005) {
        tcp.pause();
        setTimeout(() => tcp.resume(), ahead * 1000);
      }
    });
  }
});
