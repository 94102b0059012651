// The browser client: MDN's chat client rebuilt with rx-websocket. Everything goes through one
// webSocket() subject: typed messages through a schema, reconnection with backoff, messages typed while
// offline queued and delivered after reconnecting, the connection state and bufferedAmount on screen. Tabs that join
// with the same name share one connection (sharedWebSocket()).
import {
  bufferedAmount$,
  type ConnectionState,
  type Delivery,
  delivery,
  reconnect,
  sendQueue,
  sharedWebSocket,
  type WebSocketSubject,
  webSocket,
} from 'rx-websocket';
import { EMPTY, interval, map, of, Subject, startWith, switchMap, takeWhile } from 'rxjs';
import { type ClientMessage, ServerMessage } from '../protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messages = $<HTMLUListElement>('messages');
const users = $<HTMLUListElement>('users');
const badge = $<HTMLSpanElement>('state');
const retry = $<HTMLButtonElement>('retry');
const buffered = $<HTMLSpanElement>('buffered');
const login = $<HTMLFormElement>('login');
const compose = $<HTMLFormElement>('compose');
const nameInput = $<HTMLInputElement>('name');
const textInput = $<HTMLInputElement>('text');

/**
 * How the chat delivers: each message the user sends gets an id (`mid`) and waits until the server acknowledges it,
 * going out again after a reconnection (the server drops a second copy); the server numbers what it broadcasts
 * (`seq`), and a page that reconnects asks for what it missed from the server's short history.
 */
function reliableChat(): Delivery<ServerMessage, ClientMessage> {
  const page = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let mids = 0;
  return delivery<ServerMessage, ClientMessage>({
    id: () => `${page}-${++mids}`,
    stamp: (message, mid) => (message.type === 'message' ? { ...message, mid: String(mid) } : message),
    ack: (message) => (message.type === 'ack' ? message.mid : undefined),
    position: (message) => (message.type === 'message' ? message.seq : undefined),
    resume: (last) => (last === undefined ? undefined : { type: 'resume', after: last }),
    // After a server restart the positions jump (its history is gone): wait a second for a backfill, not five.
    gapTimeout: 1000,
  });
}

/** Clicks on "Retry now": each one ends the wait for the next attempt (reconnect()'s `reconnectNow`). */
const retryNow = new Subject<void>();
retry.addEventListener('click', () => retryNow.next());

/** The chat's connection, made when the user joins: its name decides which tabs share it. */
function connect(
  name: string,
  reliable: Delivery<ServerMessage, ClientMessage>,
): WebSocketSubject<ServerMessage, ClientMessage> {
  return webSocket<ServerMessage, ClientMessage>({
    delivery: reliable,
    url: `${location.origin.replace(/^http/, 'ws')}/chat`,
    schema: ServerMessage,
    reconnect: reconnect({ initialDelay: 1000, maxDelay: 8000, reconnectNow: retryNow }),
    queue: sendQueue({ maxMessages: 200, overflow: 'drop-oldest' }),
    // In MDN's protocol a connection is one user: the tabs where the same name joined share one connection (the
    // server sees one client), others have their own. Where the browser cannot share, each tab has its own socket.
    WebSocket: sharedWebSocket({ name: `rx-websocket-chat:${name}` }),
    // Called on every (re)connection before the queued messages are sent: introduce ourselves first, so the
    // server knows our name when the messages typed while offline arrive.
    openObserver: {
      next: (event) => {
        const hello: ClientMessage = { type: 'username', id: clientId, name: myName, date: Date.now() };
        event.target.send(JSON.stringify(hello));
      },
    },
  });
}
let reliable: Delivery<ServerMessage, ClientMessage> | undefined;
/** This page's messages on screen, by id, from their first send until the server's copy fills them in. */
const mine = new Map<string, HTMLElement>();

let myName = '';
let clientId = 0;

function add(line: HTMLElement | string): void {
  const item = document.createElement('li');
  if (typeof line === 'string') {
    item.className = 'notice';
    item.textContent = line;
  } else item.append(line);
  messages.append(item);
  messages.scrollTop = messages.scrollHeight;
}

// The connection state badge: not joined / connecting / open / reconnecting in N s / closed. Before joining nothing
// has failed: the badge says so in a neutral colour, not a red "closed".
const notJoined = (state: ConnectionState) => state.status === 'closed' && state.reason === 'idle';
const label = (state: ConnectionState) =>
  state.status !== 'reconnecting'
    ? of(notJoined(state) ? 'not joined' : state.status)
    : state.offline
      ? of('offline')
      : interval(250).pipe(
          startWith(0),
          map(() => Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000))),
          takeWhile((seconds) => seconds > 0, true),
          map((seconds) => `reconnecting in ${seconds} s`),
        );

/** Shows a connection's state, buffer and user-list freshness, and logs what the server sent that was invalid. */
function watch(subject: WebSocketSubject<ServerMessage, ClientMessage>): void {
  subject.state$
    .pipe(switchMap((state) => label(state).pipe(map((text) => [state.status, text] as const))))
    .subscribe(([status, text]) => {
      badge.dataset.status = text === 'not joined' ? 'idle' : status;
      badge.textContent = text;
      // Offline, an attempt would only wait for the network again.
      retry.hidden = status !== 'reconnecting' || text === 'offline';
    });

  // While disconnected, the user list is the last one the server sent: marked as such until a new one arrives.
  subject.state$.subscribe((state) => {
    if (state.status !== 'open' && !notJoined(state)) users.dataset.stale = '';
  });

  // bufferedAmount of the open socket.
  subject.state$
    .pipe(switchMap((state) => (state.status === 'open' ? bufferedAmount$(state.socket) : EMPTY)))
    .subscribe((bytes) => {
      buffered.textContent = `buffered ${bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`}`;
    });

  subject.invalid$.subscribe((error) => console.warn('ignored a message from the server:', error.message));
}

// Join and leave notices, from the difference between two user lists (MDN's protocol has no such messages). After
// a reconnection, the first list tells who came and went while this page was away.
let known: Set<string> | undefined;
function announce(list: readonly string[]): void {
  const now = new Set(list);
  if (known) {
    for (const name of now) if (!known.has(name) && name !== myName) add(`${name} joined`);
    for (const name of known) if (!now.has(name) && name !== myName) add(`${name} left`);
  }
  known = now;
}

function join(): void {
  reliable = reliableChat();
  const subject = connect(myName, reliable);
  watch(subject);
  reliable.gaps$.subscribe(() => add('Some messages were missed while you were away (the server restarted).'));
  subject.subscribe({
    next: (message) => {
      switch (message.type) {
        case 'id':
          clientId = message.id; // a new one for every connection
          break;
        case 'rejectusername':
          myName = message.name;
          add(`Your name was taken: you are ${message.name}.`);
          break;
        case 'userlist':
          announce(message.users);
          delete users.dataset.stale;
          users.replaceChildren(
            ...message.users.map((user) => {
              const item = document.createElement('li');
              item.textContent = user === myName ? `${user} (you)` : user;
              return item;
            }),
          );
          break;
        case 'message': {
          // This page's own message comes back from the server: it fills in the line typed here.
          const own = message.mid === undefined ? undefined : mine.get(message.mid);
          if (message.mid !== undefined) mine.delete(message.mid);
          const line = own ?? document.createElement('span');
          line.replaceChildren(...lineParts(new Date(message.date).toLocaleTimeString(), message.name, message.text));
          if (!own) add(line);
          break;
        }
      }
    },
    error: (error) => add(`Disconnected: ${(error as Error).message}`),
    complete: () => add('The server closed the chat.'),
  });
}

login.addEventListener('submit', (event) => {
  event.preventDefault();
  myName = nameInput.value.trim();
  if (!myName) return;
  login.hidden = true;
  compose.hidden = false;
  textInput.focus();
  join();
});

function lineParts(when: string, name: string, text: string): Node[] {
  const time = document.createElement('span');
  time.className = 'when';
  time.textContent = when;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = name;
  return [time, who, document.createTextNode(text)];
}

compose.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value.trim();
  if (!text || !reliable) return;
  // Shown at once as pending; sent now, or after reconnecting, until the server acknowledges it.
  const line = document.createElement('span');
  line.replaceChildren(...lineParts('', myName, text));
  add(line);
  const item = line.parentElement as HTMLElement;
  item.dataset.delivery = 'pending';
  reliable.send({ type: 'message', id: clientId, text, date: Date.now() }).subscribe({
    next: (receipt) => {
      // Kept until the server's copy fills the line in (it may come after the acknowledgement).
      if (receipt.attempt === 1 && receipt.status === 'sent') mine.set(String(receipt.id), line);
      if (receipt.status === 'acknowledged') item.dataset.delivery = 'delivered';
    },
    error: (error: Error) => {
      item.dataset.delivery = 'failed';
      item.title = error.message;
    },
  });
  textInput.value = '';
});
