// The tests of the connection engine behind webSocket() (no longer a public entry point) were written against
// connection() with reconnect() options mixed in; this helper keeps them readable: it splits the options and
// always reconnects, as the old connection() did.
import { type ConnectionState, type ReconnectOptions, reconnect } from 'rx-websocket';
import { type Connection, type ConnectionOptions, connection as create } from '../../src/subject/connection.js';

export type { Connection } from '../../src/subject/connection.js';

/** connection()'s options with those of reconnect() beside them. */
export type TestConnectionOptions = Omit<ConnectionOptions, 'reconnect'> &
  Omit<ReconnectOptions, 'onState'> & { onState?: (state: ConnectionState) => void };

// Every key of reconnect()'s options but the scheduler (which the connection passes on): the type check fails when
// ReconnectOptions gains a key that this list would otherwise send to the connection.
const RECONNECT_KEYS = Object.keys({
  initialDelay: true,
  maxDelay: true,
  factor: true,
  jitter: true,
  backoff: true,
  maxAttempts: true,
  minUptime: true,
  connectionTimeout: true,
  shouldReconnect: true,
  random: true,
  environment: true,
  heartbeat: true,
  reconnectNow: true,
  onState: true,
} satisfies Record<Exclude<keyof ReconnectOptions, 'scheduler'>, true>);

/**
 * A reconnecting connection, as webSocket({ reconnect: reconnect(options) }) makes it.
 *
 * @param options - the connection's and reconnect()'s options together.
 * @returns the connection.
 */
export function connection(options: TestConnectionOptions): Connection {
  const reconnectOptions: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (RECONNECT_KEYS.includes(key)) reconnectOptions[key] = value;
    else rest[key] = value;
  }
  return create({
    ...(rest as unknown as ConnectionOptions),
    reconnect: reconnect(reconnectOptions as ReconnectOptions),
  });
}
