// A runtime's close event with a code that no close event can carry: Deno's WebSocket reports 0 for a link lost
// without a close frame, where the standard says 1006. Every code a runtime may report, on both faces that build
// close events (RxWebSocket, and the socket a webSocket() subject drives), for clean and unclean closes.
import fc from 'fast-check';
import { CloseEvent, RxWebSocket, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';

/** What the standard's close event says for what the runtime reported after an open connection. */
const expected = (code: number, wasClean: boolean) => (code >= 1000 && code <= 4999 ? code : wasClean ? 1005 : 1006);

const reported = fc.oneof(
  fc.constantFrom(0, 1, 999, 5000, 65535, -1, Number.NaN),
  fc.integer({ min: -70000, max: 70000 }),
  fc.integer({ min: 1000, max: 4999 }),
);

describe('close codes a runtime reports (Deno: 0 for a lost link)', () => {
  it('RxWebSocket fires the standard code: kept from 1000 to 4999, else 1006 (unclean) or 1005 (clean)', () => {
    fc.assert(
      fc.property(reported, fc.boolean(), (code, wasClean) => {
        const fake = fakeWebSocket();
        const socket = new RxWebSocket('ws://test', [], { WebSocket: fake.WebSocket });
        const codes: number[] = [];
        socket.close$.subscribe((event) => codes.push(event.code));
        fake.last.open();
        fake.last.serverClose(code, 'why', wasClean);
        expect(codes).toEqual([expected(code, wasClean)]);
      }),
    );
  });

  it("webSocket() errors with the standard code, and Deno's lost link reads as the 1006 it is", () => {
    fc.assert(
      fc.property(reported, (code) => {
        const fake = fakeWebSocket();
        const subject = webSocket({ url: 'ws://test', WebSocket: fake.WebSocket });
        const errors: unknown[] = [];
        subject.subscribe({ error: (error: unknown) => errors.push(error) });
        fake.last.open();
        fake.last.serverClose(code, '', false);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(CloseEvent);
        expect((errors[0] as CloseEvent).code).toBe(expected(code, false));
      }),
    );
  });
});
