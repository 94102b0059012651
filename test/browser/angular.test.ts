// rx-websocket/angular under TestBed in headless Chromium: zoneless, JIT, FakeWebSocket for the network. The server
// platform is PLATFORM_ID 'server' here; test/e2e/angular.test.ts renders the example app with platform-server itself.
import '@angular/compiler';
import {
  ApplicationRef,
  Component,
  ErrorHandler,
  Injectable,
  inject,
  PLATFORM_ID,
  provideZonelessChangeDetection,
} from '@angular/core';
import { getTestBed, TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { InvalidOptionError, reconnect } from 'rx-websocket';
import { injectWebSocket, provideWebSocket, webSocketResource } from 'rx-websocket/angular';
import { fakeWebSocket } from 'rx-websocket/testing';
import { firstValueFrom, ObjectUnsubscribedError, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLastMessageComponent } from './last-message-spec.js';

type Message = { type: 'chat'; text: string } | { type: 'users'; names: string[] };

function setUp(platform: 'browser' | 'server' = 'browser', config: Parameters<typeof provideWebSocket>[0] = {}) {
  const fake = fakeWebSocket();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      { provide: PLATFORM_ID, useValue: platform },
      provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket, ...config }),
    ],
  });
  const socket = TestBed.runInInjectionContext(() => injectWebSocket<Message>());
  return { fake, socket };
}

getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), {
  teardown: { destroyAfterEach: true },
});

afterEach(() => TestBed.resetTestingModule());

describe('injectWebSocket()', () => {
  it('opens nothing when injected, and reads as closed (idle) until connect()', () => {
    const { fake, socket } = setUp();
    expect(fake.sockets).toHaveLength(0);
    expect(socket.state()).toMatchObject({ status: 'closed', reason: 'idle' });
    expect(socket.connected()).toBe(false);
    expect(socket.latest()).toBeUndefined();
    expect(fake.sockets).toHaveLength(0); // reading the signals opened nothing either
  });

  it('connect() opens one socket; state, latest and latestOfType follow it, narrowed by type', () => {
    const { fake, socket } = setUp();
    const chat = socket.latestOfType('chat');
    socket.connect();
    socket.connect(); // already connected: nothing more
    expect(fake.sockets).toHaveLength(1);
    expect(fake.last.url).toBe('ws://chat.test/socket');
    expect(socket.state().status).toBe('connecting');
    expect(socket.connected()).toBe(true);
    fake.last.open();
    expect(socket.state().status).toBe('open');
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'hi' }));
    fake.last.receive(JSON.stringify({ type: 'users', names: ['ann'] }));
    expect(socket.latest()).toEqual({ type: 'users', names: ['ann'] });
    expect(chat()?.text).toBe('hi');
    expect(socket.latestOfType('chat')).toBe(chat);
    expect(socket.latestOfType('users')()).toBeUndefined(); // follows from its first call on
  });

  it("runs the README's testing recipe as written", () => {
    const { fake, socket: chat } = setUp();
    const lastChat = chat.latestOfType('chat'); // a signal that follows from this call on
    chat.send({ type: 'chat', text: 'hello' }); // opens the connection; queued until open
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"type":"chat","text":"hello"}']);
    fake.last.receive('{"type":"chat","text":"hi"}');
    expect(lastChat()?.text).toBe('hi');
  });

  it('send() opens the connection first (first use) and queues until open', () => {
    const { fake, socket } = setUp();
    socket.send({ type: 'chat', text: 'queued' });
    expect(fake.sockets).toHaveLength(1);
    expect(fake.last.sent).toEqual([]);
    fake.last.open();
    expect(fake.last.sent).toEqual([JSON.stringify({ type: 'chat', text: 'queued' })]);
  });

  it('disconnect() closes without a code, as the subject does; connect() then opens a new socket', () => {
    const { fake, socket } = setUp();
    socket.connect();
    fake.last.open();
    socket.disconnect();
    expect(fake.last.closeCalls).toEqual([{}]);
    expect(socket.connected()).toBe(false);
    fake.last.finishClose();
    socket.connect();
    expect(fake.sockets).toHaveLength(2);
  });

  it('connect() after disconnect() starts afresh: latest() and every latestOfType() read undefined until a message', () => {
    const { fake, socket } = setUp();
    const chat = socket.latestOfType('chat');
    const users = socket.latestOfType('users');
    socket.connect();
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'users', names: ['ada'] }));
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'old' }));
    expect([socket.latest(), chat(), users()].map((m) => m?.type)).toEqual(['chat', 'chat', 'users']);
    socket.disconnect();
    fake.last.finishClose();
    socket.connect();
    expect([socket.latest(), chat(), users()]).toEqual([undefined, undefined, undefined]);
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'new' }));
    expect(chat()?.text).toBe('new');
    expect(users()).toBeUndefined();
  });

  it('is torn down with its injector: the socket closes, every listener is removed and messages$ completes', () => {
    const { fake, socket } = setUp();
    const seen: string[] = [];
    const subscription = socket.messages$.subscribe({
      next: (message) => seen.push(message.type),
      complete: () => seen.push('complete'),
    });
    socket.connect();
    fake.last.open();
    fake.last.receive('{"type":"chat","text":"hi"}');
    TestBed.resetTestingModule();
    expect(seen).toEqual(['chat', 'complete']); // a component's own subscribe() needs no unsubscribe
    expect(subscription.closed).toBe(true);
    expect(fake.last.closeCalls).toEqual([{}]);
    fake.last.finishClose();
    expect(fake.last.listenerCount()).toBe(0);
    // The subject ended, as rxjs's does after unsubscribe(): a later next() is ignored, a later subscribe() throws.
    socket.subject.next({ type: 'chat', text: 'late' });
    expect(fake.last.sent).toEqual([]);
    expect(() => socket.subject.subscribe()).toThrow(ObjectUnsubscribedError);
  });

  it('on the server platform opens no socket, whatever the app calls', () => {
    const { fake, socket } = setUp('server');
    socket.connect();
    // More than the queue's 1000: nothing is queued for a socket that will never open, so nothing overflows.
    for (let i = 0; i < 1001; i++) socket.send({ type: 'chat', text: 'from the server' });
    expect(fake.sockets).toHaveLength(0);
    expect(socket.state()).toMatchObject({ status: 'closed', reason: 'idle' });
  });

  it('takes its own configuration over the provided one, key by key', () => {
    const { fake } = setUp();
    const socket = TestBed.runInInjectionContext(() => injectWebSocket<Message>({ url: 'ws://other.test/' }));
    socket.connect();
    expect(fake.last.url).toBe('ws://other.test/');
  });

  it('throws InvalidOptionError naming url when none is configured', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.runInInjectionContext(() => injectWebSocket())).toThrow(InvalidOptionError);
    expect(() => TestBed.runInInjectionContext(() => injectWebSocket())).toThrow(/url/);
  });

  it('outside an injection context, says so naming injectWebSocket() or webSocketResource(), and takes { injector }', () => {
    const { socket } = setUp();
    expect(() => injectWebSocket<Message>({ url: 'ws://chat.test/' })).toThrow(/NG0203.*injectWebSocket\(\)/);
    expect(() => webSocketResource(socket)).toThrow(/NG0203.*webSocketResource\(\)/);
    const injector = TestBed.inject(ApplicationRef).injector;
    expect(injectWebSocket<Message>({ url: 'ws://chat.test/' }, { injector }).state().status).toBe('closed');
    expect(webSocketResource(socket, { injector }).status()).toBe('idle');
  });

  it("reports bad configuration to Angular's ErrorHandler as well as in state(), and network failures only in state()", () => {
    const handled: unknown[] = [];
    const fake = fakeWebSocket();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        { provide: ErrorHandler, useValue: { handleError: (error: unknown) => handled.push(error) } },
        provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket }),
      ],
    });
    const misconfigured = TestBed.runInInjectionContext(() => injectWebSocket<Message>({ url: 'ftp://chat.test/' }));
    misconfigured.connect();
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ name: 'SyntaxError' });
    expect(misconfigured.state()).toMatchObject({ status: 'closed', error: handled[0] });

    const dropped = TestBed.runInInjectionContext(() => injectWebSocket<Message>());
    dropped.connect();
    fake.last.fail();
    expect(dropped.state()).toMatchObject({ status: 'closed', error: { name: 'WebSocketCloseError' } });
    expect(handled).toHaveLength(1);
  });

  it('reconnects under reconnect(), and the state signal shows it', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 150); // flushes the first 150 ms only
    const { fake, socket } = setUp('browser', { reconnect: reconnect({ initialDelay: 100, jitter: 0 }), scheduler });
    socket.connect();
    fake.last.open();
    fake.last.serverClose(1011, 'restart', true);
    expect(socket.state().status).toBe('reconnecting');
    scheduler.flush();
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    expect(socket.state().status).toBe('open');
  });
});

describe('pendingUntilFirstMessage', () => {
  it('holds the app unstable from connect() until the first message', async () => {
    const { fake, socket } = setUp('browser', { pendingUntilFirstMessage: true });
    const app = TestBed.inject(ApplicationRef);
    socket.connect();
    fake.last.open();
    let stable = false;
    const whenStable = app.whenStable().then(() => {
      stable = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(stable).toBe(false);
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'first' }));
    await whenStable;
    expect(stable).toBe(true);
  });

  it('lets go after its timeout, in the configured scheduler time', async () => {
    const scheduler = new VirtualTimeScheduler();
    const { socket } = setUp('browser', { pendingUntilFirstMessage: { timeout: 5000 }, scheduler });
    const app = TestBed.inject(ApplicationRef);
    socket.connect();
    let stable = false;
    const whenStable = app.whenStable().then(() => {
      stable = true;
    });
    await Promise.resolve();
    expect(stable).toBe(false);
    scheduler.flush();
    await whenStable;
    expect(stable).toBe(true);
  });

  it('with timeout Infinity, holds until the first message (no timer that fires at once)', async () => {
    const { fake, socket } = setUp('browser', { pendingUntilFirstMessage: { timeout: Number.POSITIVE_INFINITY } });
    const app = TestBed.inject(ApplicationRef);
    socket.connect();
    fake.last.open();
    let stable = false;
    const whenStable = app.whenStable().then(() => {
      stable = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0)); // a timer given Infinity would have fired by now
    expect(stable).toBe(false);
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'first' }));
    await whenStable;
    expect(stable).toBe(true);
  });

  it.each([-1, 0, Number.NaN, '5000', null])('rejects the timeout %s, which is not a positive number', (timeout) => {
    const pendingUntilFirstMessage = { timeout } as unknown as { timeout: number };
    expect(() => setUp('browser', { pendingUntilFirstMessage })).toThrow(
      expect.objectContaining({
        name: 'InvalidOptionError',
        option: 'pendingUntilFirstMessage.timeout',
        value: timeout,
      }),
    );
    TestBed.resetTestingModule();
    expect(() => setUp('browser', { pendingUntilFirstMessage })).toThrow(/Expected a positive number of milliseconds/);
  });

  it('rejects what is neither a boolean nor { timeout }, naming the option', () => {
    const pendingUntilFirstMessage = 5000 as unknown as { timeout: number };
    expect(() => setUp('browser', { pendingUntilFirstMessage })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option: 'pendingUntilFirstMessage' }),
    );
  });
});

describe('in a zoneless component', () => {
  it('renders the state and messages as they arrive', async () => {
    const fake = fakeWebSocket();
    const Chat = Component({
      selector: 'app-chat',
      template: `<b>{{ chat.state().status }}</b> <i>{{ chat.latestOfType('chat')()?.text }}</i>`,
    })(
      class {
        readonly chat = injectWebSocket<Message>({ url: 'ws://chat.test/', WebSocket: fake.WebSocket });
      },
    );
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), { provide: PLATFORM_ID, useValue: 'browser' }],
    });
    const fixture = TestBed.createComponent(Chat);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('b')?.textContent).toBe('closed');
    expect(element.querySelector('i')?.textContent).toBe('');
    expect(fake.sockets).toHaveLength(0);
    (fixture.componentInstance as { chat: ReturnType<typeof injectWebSocket<Message>> }).chat.connect();
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'hello' }));
    await fixture.whenStable();
    expect(element.querySelector('b')?.textContent).toBe('open');
    expect(element.querySelector('i')?.textContent).toBe('hello');
    fixture.destroy();
    expect(fake.last.closeCalls).toEqual([{}]);
  });
});

describe("the README's component recipes", () => {
  it('a root service holds one connection that every component injecting it shares', async () => {
    const fake = fakeWebSocket();
    const ChatConnection = Injectable({ providedIn: 'root' })(
      class {
        readonly socket = injectWebSocket<Message>();
      },
    );
    type Shared = { socket: ReturnType<typeof injectWebSocket<Message>> };
    const Users = Component({ selector: 'app-users', template: `<p>{{ users()?.names?.join(', ') }}</p>` })(
      class {
        readonly users = (inject(ChatConnection) as Shared).socket.latestOfType('users');
      },
    );
    const Compose = Component({ selector: 'app-compose', template: '<button>Say hello</button>' })(
      class {
        readonly chat = (inject(ChatConnection) as Shared).socket;
      },
    );
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket }),
      ],
    });
    const users = TestBed.createComponent(Users);
    const compose = TestBed.createComponent(Compose);
    (compose.componentInstance as { chat: Shared['socket'] }).chat.send({ type: 'chat', text: 'hello' });
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'users', names: ['ada', 'grace'] }));
    await users.whenStable();
    expect(fake.sockets).toHaveLength(1);
    expect(fake.last.sent).toEqual([JSON.stringify({ type: 'chat', text: 'hello' })]);
    expect((users.nativeElement as HTMLElement).textContent).toBe('ada, grace');
  });

  it('a component test: the component connects in its constructor and shows what the fake server sends', () =>
    checkLastMessageComponent(provideZonelessChangeDetection(), false));

  it('without provideWebSocket(), creating a component that injects a socket throws InvalidOptionError naming url', () => {
    const Needs = Component({ selector: 'app-needs', template: '' })(
      class {
        readonly chat = injectWebSocket<Message>();
      },
    );
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.createComponent(Needs)).toThrow(expect.objectContaining({ option: 'url' }));
  });
});

describe('webSocketResource()', () => {
  /** Runs effects (the resource's loader) and lets its promise settle. */
  async function settle(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }

  it('is idle until connect(), loading until the first message, then resolved with each message', async () => {
    const { fake, socket } = setUp();
    const latest = TestBed.runInInjectionContext(() => webSocketResource(socket));
    await settle();
    expect(latest.status()).toBe('idle');
    socket.connect();
    await settle();
    expect(latest.status()).toBe('loading');
    expect(latest.isLoading()).toBe(true);
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'one' }));
    await settle();
    expect(latest.status()).toBe('resolved');
    expect(latest.value()).toEqual({ type: 'chat', text: 'one' });
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'two' }));
    await settle();
    expect(latest.value()).toEqual({ type: 'chat', text: 'two' });
    socket.disconnect();
    await settle();
    expect(latest.status()).toBe('idle');
    // Connecting again loads afresh: the last connection's message is not this one's.
    fake.last.finishClose();
    socket.connect();
    await settle();
    expect(latest.status()).toBe('loading');
    expect(socket.latest()).toBeUndefined();
  });

  it('reads as reloading while reconnecting, keeping the last message, and resolved once open again', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 150);
    const { fake, socket } = setUp('browser', { reconnect: reconnect({ initialDelay: 100, jitter: 0 }), scheduler });
    const latest = TestBed.runInInjectionContext(() => webSocketResource(socket));
    socket.connect();
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'kept' }));
    await settle();
    expect(latest.status()).toBe('resolved');
    fake.last.serverClose(1012, 'restart', true);
    await settle();
    expect(latest.status()).toBe('reloading');
    expect(latest.value()).toEqual({ type: 'chat', text: 'kept' });
    scheduler.flush();
    fake.last.open();
    await settle();
    expect(latest.status()).toBe('resolved');
    expect(latest.value()).toEqual({ type: 'chat', text: 'kept' });
  });

  it("counts as pending work while loading and reloading, as Angular's own resources do, and only then", async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 150);
    const { fake, socket } = setUp('browser', { reconnect: reconnect({ initialDelay: 100, jitter: 0 }), scheduler });
    const app = TestBed.inject(ApplicationRef);
    const latest = TestBed.runInInjectionContext(() => webSocketResource(socket));
    /** The resource's status and whether the app is stable, once effects and the loader have run. */
    const now = async () => {
      await settle();
      return [latest.status(), await firstValueFrom(app.isStable)];
    };
    expect(await now()).toEqual(['idle', true]);
    socket.connect();
    fake.last.open();
    expect(await now()).toEqual(['loading', false]);
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'first' }));
    expect(await now()).toEqual(['resolved', true]);
    fake.last.serverClose(1012, 'restart', true);
    expect(await now()).toEqual(['reloading', false]);
    scheduler.flush();
    fake.last.open();
    expect(await now()).toEqual(['resolved', true]);
  });

  it('reads as error when the connection fails for good', async () => {
    const { fake, socket } = setUp();
    const latest = TestBed.runInInjectionContext(() => webSocketResource(socket));
    socket.connect();
    await settle();
    fake.last.fail();
    await settle();
    expect(latest.status()).toBe('error');
    expect(latest.error()).toBeInstanceOf(Error);
    // The app still wants the connection, and connect() tries again: reloading, with no message to keep.
    expect(socket.connected()).toBe(true);
    socket.connect();
    await settle();
    expect(fake.sockets).toHaveLength(2);
    expect(latest.status()).toBe('reloading');
    expect(latest.value()).toBeUndefined();
    fake.last.open();
    fake.last.receive(JSON.stringify({ type: 'chat', text: 'back' }));
    await settle();
    expect(latest.status()).toBe('resolved');
    expect(latest.value()).toEqual({ type: 'chat', text: 'back' });
  });

  it('stays idle on the server platform, so nothing holds the render', async () => {
    const { socket } = setUp('server');
    const latest = TestBed.runInInjectionContext(() => webSocketResource(socket));
    socket.connect();
    await settle();
    expect(latest.status()).toBe('idle');
    await TestBed.inject(ApplicationRef).whenStable();
  });
});
