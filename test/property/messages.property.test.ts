// Property tests (fast-check): whatever a server sends (any JSON value, any text) interleaved with valid
// messages, through every message operator. Nothing throws into the stream or out of a subscriber, every valid
// message arrives in order, and every invalid one is reported exactly once.
import fc from 'fast-check';
import {
  type InvalidMessageError,
  json,
  match,
  ofType,
  ofTypeBy,
  SchemaValidationError,
  webSocket,
} from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { config, from, type Observable, type OperatorFunction } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ServerMessage, schemas, valid } from '../helpers/chat-schemas.js';

/** A frame: a valid chat message's JSON, any JSON value's text, or any text at all. */
const frame: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...valid).map((message) => JSON.stringify(message)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom('null', '42', '"text"', 'true', '[]', '{"type":["ok"]}', '{"type":{}}', '{"type":null}'),
  fc.constantFrom('{"type":"constructor"}', '{"type":"__proto__"}', '{"__proto__":{"type":"message"}}'),
  fc.string(),
);
const frames = fc.array(frame, { maxLength: 40 });

/** The model: what JSON.parse makes of a frame, or `undefined` when it is not JSON. */
function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
/** The model of a routable message: an own `type` that is a string or a finite number. */
function typeOf(value: unknown): string | number | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'type')) return undefined;
  const type = (value as { type: unknown }).type;
  return typeof type === 'string' || (typeof type === 'number' && Number.isFinite(type)) ? type : undefined;
}

/** Errors thrown out of a subscriber, which rxjs reports here instead of crashing the process. */
let unhandled: unknown[] = [];
beforeEach(() => {
  unhandled = [];
  config.onUnhandledError = (error) => unhandled.push(error);
});
afterEach(() => {
  config.onUnhandledError = null;
});

interface Outcome<T> {
  values: T[];
  reported: InvalidMessageError[];
  error: unknown;
  completed: boolean;
}
/** Subscribes to what `pipeline` makes, giving it the reporter to use, and records everything. */
function run<T>(pipeline: (report: (e: InvalidMessageError) => void) => Observable<T>): Outcome<T> {
  const outcome: Outcome<T> = { values: [], reported: [], error: undefined, completed: false };
  pipeline((e) => outcome.reported.push(e)).subscribe({
    next: (value) => outcome.values.push(value),
    error: (error: unknown) => {
      outcome.error = error;
    },
    complete: () => {
      outcome.completed = true;
    },
  });
  return outcome;
}
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}
function checkClean(outcome: Outcome<unknown>, completes = true): void {
  check(unhandled.length === 0, `thrown out of a subscriber: ${String(unhandled[0])}`);
  check(outcome.error === undefined, `the stream errored: ${String(outcome.error)}`);
  if (completes) check(outcome.completed, 'the stream did not complete');
}
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const HANDLED = ['message', 'userlist'] as const;
const handlers = {
  message: (m: Extract<ServerMessage, { type: 'message' }>) => `message:${JSON.stringify(m)}`,
  userlist: (m: Extract<ServerMessage, { type: 'userlist' }>) => `userlist:${JSON.stringify(m)}`,
};
/** What match(handlers, otherwise) and ofTypeBy emit for a frame, and whether the frame is reported. */
function expectedRouting(texts: readonly string[], withOtherwise: boolean) {
  const out: string[] = [];
  let invalid = 0;
  for (const text of texts) {
    const result = parsed(text);
    const type = result && typeOf(result.value);
    if (result === undefined || type === undefined) {
      invalid++;
    } else if ((HANDLED as readonly unknown[]).includes(type)) {
      out.push(`${type}:${JSON.stringify(result.value)}`);
    } else if (withOtherwise) {
      out.push(`other:${String(type)}`);
    }
  }
  return { out, invalid };
}

describe('any JSON value and any text through every message operator', () => {
  it('json(): each JSON text arrives as its value, in order; each other text is reported once', () => {
    fc.assert(
      fc.property(frames, (texts) => {
        const outcome = run((report) => from(texts).pipe(json({ report })));
        checkClean(outcome);
        const model = texts.map(parsed);
        const values = model.flatMap((p) => (p ? [p.value] : []));
        check(sameJson(outcome.values, values), 'values differ from JSON.parse');
        check(outcome.reported.length === model.length - values.length, 'every invalid frame reported once');
      }),
    );
  });

  it.each(schemas)(
    'json(%s schema): exactly the valid messages arrive, in order; the rest are reported once',
    (_, schema) => {
      fc.assert(
        fc.property(frames, (texts) => {
          const outcome = run((report) => from(texts).pipe(json(schema, { report })));
          checkClean(outcome);
          // A random frame can be a valid message too (say `{"type":"id","id":0}`): the model asks the schema.
          const accepts = (value: unknown) => {
            const result = schema['~standard'].validate(value);
            if (result instanceof Promise) throw new Error('the chat schemas are synchronous');
            return result.issues === undefined;
          };
          const accepted = texts.filter((text) => {
            const result = parsed(text);
            return result !== undefined && accepts(result.value);
          });
          check(
            sameJson(
              outcome.values,
              accepted.map((t) => JSON.parse(t)),
            ),
            'the valid messages, in order',
          );
          check(outcome.reported.length === texts.length - accepted.length, 'every invalid frame reported once');
        }),
      );
    },
  );

  it('json() + match(): routes on an own string or number type only; the rest is reported once, never thrown', () => {
    fc.assert(
      fc.property(frames, fc.boolean(), (texts, withOtherwise) => {
        const outcome = run((report) =>
          from(texts).pipe(
            json<ServerMessage>({ report }),
            match(handlers, {
              report,
              ...(withOtherwise ? { otherwise: (m: ServerMessage) => `other:${String(m.type)}` } : {}),
            }),
          ),
        );
        checkClean(outcome);
        const { out, invalid } = expectedRouting(texts, withOtherwise);
        check(
          sameJson(outcome.values, out),
          `routed ${JSON.stringify(outcome.values)}, expected ${JSON.stringify(out)}`,
        );
        check(outcome.reported.length === invalid, `${outcome.reported.length} reports for ${invalid} invalid frames`);
      }),
    );
  });

  it('json() + ofTypeBy() and ofType(): filter on an own string or number type only, reported once, never thrown', () => {
    fc.assert(
      fc.property(frames, (texts) => {
        const { out, invalid } = expectedRouting(texts, false);
        const outcome = run((report) =>
          from(texts).pipe(json<ServerMessage>({ report }), ofTypeBy('type', { report })(...HANDLED)),
        );
        checkClean(outcome);
        const routed = outcome.values.map((m) => `${m.type}:${JSON.stringify(m)}`);
        check(sameJson(routed, out), 'ofTypeBy let through something else');
        check(outcome.reported.length === invalid, `${outcome.reported.length} reports for ${invalid} invalid frames`);

        const plain = run(() => from(texts).pipe(json<ServerMessage>(), ofType(...HANDLED)));
        checkClean(plain);
        check(sameJson(plain.values, outcome.values), 'ofType and ofTypeBy("type") differ');
      }),
    );
  });

  it('webSocket(), by default: the first frame JSON.parse rejects ends the stream with its SyntaxError, as in rxjs', () => {
    fc.assert(
      fc.property(frames, (texts) => {
        const fake = fakeWebSocket();
        const subject = webSocket<unknown>({ url: 'ws://test', WebSocketCtor: fake.WebSocket });
        const values: unknown[] = [];
        const reported: string[] = [];
        let ended: unknown;
        subject.invalid$.subscribe((e) => reported.push(e.name));
        subject.subscribe({ next: (v) => values.push(v), error: (e) => (ended = e) });
        fake.last.open();
        for (const text of texts) fake.last.receive(text);
        const bad = texts.findIndex((text) => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        });
        const good = bad === -1 ? texts : texts.slice(0, bad);
        check(
          sameJson(
            values,
            good.map((text) => JSON.parse(text)),
          ),
          'delivered values differ',
        );
        if (bad === -1) {
          check(ended === undefined && reported.length === 0, 'ended without a bad frame');
        } else {
          let expected = '';
          try {
            JSON.parse(texts[bad] as string);
          } catch (error) {
            expected = (error as Error).message;
          }
          check(ended instanceof SyntaxError && ended.message === expected, `ended with ${String(ended)}`);
          check(sameJson(reported, ['MessageParseError']), `reported ${reported.join()}`);
        }
      }),
    );
  });

  it("webSocket() with onInvalid: 'skip': invalid$ gets each invalid frame once; match and ofType never throw", () => {
    fc.assert(
      fc.property(frames, (texts) => {
        const fake = fakeWebSocket();
        const subject = webSocket<ServerMessage>({
          url: 'ws://test',
          WebSocketCtor: fake.WebSocket,
          onInvalid: 'skip',
        });
        const typed = run(() => subject.pipe(ofType(...HANDLED)));
        const outcome = run((report) => {
          subject.invalid$.subscribe(report);
          return subject.pipe(match(handlers, { report }));
        });
        fake.last.open();
        for (const text of texts) fake.last.receive(text);
        fake.last.serverClose(1000);
        checkClean(outcome);
        checkClean(typed);
        const { out, invalid } = expectedRouting(texts, false);
        check(sameJson(outcome.values, out), 'routed messages differ');
        check(typed.values.length === out.length, 'ofType let through something else');
        check(outcome.reported.length === invalid, `${outcome.reported.length} reports for ${invalid} invalid frames`);
      }),
    );
  });
});

describe('the members of the class, one by one', () => {
  const route = <T>(values: unknown[], operator: OperatorFunction<ServerMessage, T>) =>
    run(() => from(values as ServerMessage[]).pipe(operator));

  it.each([
    [null],
    [42],
    ['text'],
    [true],
    [[]],
    [{ type: ['ok'] }],
    [{ type: {} }],
    [{ type: true }],
    [{ kind: 'm' }],
  ])('match() and ofType() report %j as a SchemaValidationError and go on', (value) => {
    const reported: InvalidMessageError[] = [];
    const report = (e: InvalidMessageError) => reported.push(e);
    const values = [value, valid[1], value, valid[3]];
    const matched = route(values, match(handlers, { report }));
    const filtered = route(values, ofTypeBy('type', { report })('message', 'userlist'));
    expect(unhandled).toEqual([]);
    expect(matched).toMatchObject({ error: undefined, completed: true });
    expect(matched.values).toEqual([handlers.message(valid[1] as never), handlers.userlist(valid[3] as never)]);
    expect(filtered.values).toEqual([valid[1], valid[3]]);
    expect(reported).toHaveLength(4);
    expect(reported[0]).toBeInstanceOf(SchemaValidationError);
    expect(reported[0]?.message).toMatch(/own 'type' property set to a string or a number/);
  });

  it("never reads ['ok'] as the key 'ok', nor a type inherited from the prototype", () => {
    const reported: InvalidMessageError[] = [];
    const ok = { type: 'ok' };
    const inherited = Object.create({ type: 'ok' }) as { type: string };
    const out = run(() =>
      from([{ type: ['ok'] }, inherited, ok] as Array<{ type: 'ok' }>).pipe(
        match({ ok: () => 'ok' }, { report: (e) => reported.push(e) }),
      ),
    );
    expect(out.values).toEqual(['ok']);
    expect(reported).toHaveLength(2);
  });

  it("errors the stream under onInvalid: 'error', and closes the socket under { close, code }", () => {
    const errored = route([null], match(handlers, { onInvalid: 'error' }));
    expect(errored.error).toBeInstanceOf(SchemaValidationError);
    const closes: Array<[number | undefined, string | undefined]> = [];
    const socket = { close: (code?: number, reason?: string) => closes.push([code, reason]) };
    const closed = route(
      [null, valid[1]],
      ofTypeBy('type', { onInvalid: { close: socket, code: 4400, reason: 'bad' } })('message'),
    );
    expect(closes).toEqual([[4400, 'bad']]);
    expect(closed.values).toEqual([valid[1]]);
  });
});
