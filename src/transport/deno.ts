import { type EventTargetSocket, EventTargetTransport } from './event-target.js';
import type { Immediates } from './immediates.js';
import { deliver, received, type TransportClose, type TransportSink } from './transport.js';

/** An event that waits for the end of the open's turn: a message's payload, or the error or close behind it. */
type Held = readonly ['message', unknown] | readonly ['error', unknown, unknown] | readonly ['close', TransportClose];

/**
 * Whether this is Deno, whose global `WebSocket` fires the first messages in the open's own turn (see
 * {@link DenoTransport}).
 *
 * @returns true on Deno.
 */
export function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno === 'object';
}

/**
 * The sink between an {@link EventTargetTransport} and the socket while the open's turn lasts: from `open` to the end
 * of that turn of the event loop, the runtime's messages wait here, and an error or close behind them waits too.
 */
class OpenTurn implements TransportSink {
  /** What waits, in order; undefined outside the open's turn. */
  #held: Held[] | undefined;
  #handle: unknown;
  /** Whether the socket above listens for messages; what waits for nobody is dropped at the end of the turn. */
  listening = false;
  /** Called at the end of the turn, before what waited goes on. */
  ended: () => void = () => {};

  /**
   * @param sink - the socket above.
   * @param timers - where the end of the turn comes from.
   */
  constructor(
    private readonly sink: TransportSink,
    private readonly timers: Immediates,
  ) {}

  [deliver](event: 'open' | 'error' | 'close', detail?: unknown, errorEvent?: unknown): void {
    if (event === 'open') {
      this.#held = [];
      this.#handle = this.timers.setImmediate(() => this.#end());
      this.sink[deliver]('open');
    } else if (this.#held?.length) this.#held.push([event, detail, errorEvent] as Held);
    else if (event === 'error') this.sink[deliver]('error', detail, errorEvent);
    else this.sink[deliver]('close', detail as TransportClose);
  }

  [received](data: unknown): void {
    this.message(data, false);
  }

  /**
   * Reports a message: the runtime's own waits while the open's turn lasts, and one a script dispatched waits only
   * behind those.
   * @param data - the payload.
   * @param runtime - whether the runtime fired it.
   */
  message(data: unknown, runtime: boolean): void {
    if (this.#held && (runtime || this.#held.length > 0)) this.#held.push(['message', data]);
    else if (this.listening) this.sink[received](data);
  }

  /** Drops what waits, and the end of the turn (the transport is detached). */
  cancel(): void {
    if (this.#held) this.timers.clearImmediate(this.#handle);
    this.#held = undefined;
  }

  #end(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.ended();
    for (const [event, detail, errorEvent] of held) {
      if (event === 'message') this.message(detail, false);
      else this[deliver](event, detail, errorEvent);
    }
  }
}

/**
 * The transport for Deno's global `WebSocket`. Deno fires `open`, and then the messages that came with the handshake,
 * from promise jobs of one turn of its event loop; a browser fires each message as a task of its own, after the
 * microtasks `open` queued. So code after `await`ing the open would miss a server's greeting on Deno. Here the
 * runtime's own messages wait from `open` to the end of its turn, and go on in order then; listening starts at `open`,
 * because Deno drops a message that nothing listened for when it fired. A message a script dispatches (a test
 * double's: `isTrusted` is false) is not the runtime's and does not wait.
 */
export class DenoTransport extends EventTargetTransport {
  readonly #turn: OpenTurn;
  #onMessage: ((event: unknown) => void) | undefined;

  /**
   * @param ws - Deno's socket, just constructed.
   * @param sink - where the standard's events go.
   * @param timers - where the end of a turn comes from.
   */
  constructor(ws: EventTargetSocket, sink: TransportSink, timers: Immediates) {
    const turn = new OpenTurn(sink, timers);
    super(ws, turn);
    this.#turn = turn;
    turn.ended = () => {
      if (!turn.listening) this.#unlisten();
    };
  }

  override receive(): void {
    this.#turn.listening = true;
    this.#listen();
  }

  override opened(): void {
    super.opened();
    this.#listen();
  }

  override detach(): void {
    super.detach();
    this.#turn.cancel();
    this.#unlisten();
  }

  #listen(): void {
    if (this.#onMessage) return;
    const turn = this.#turn;
    this.#onMessage = (event) => {
      const { data, isTrusted } = event as { data: unknown; isTrusted?: boolean };
      turn.message(data, isTrusted === true);
    };
    this.ws.addEventListener('message', this.#onMessage);
  }

  #unlisten(): void {
    if (this.#onMessage) this.ws.removeEventListener('message', this.#onMessage);
    this.#onMessage = undefined;
  }
}
