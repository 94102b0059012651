// The cost of json() per message against JSON.parse alone, and of validation with each schema library:
// in-process, 100-byte MDN chat messages pushed through a Subject.

import { json, type StandardSchemaV1 } from 'rx-websocket';
import { map, Subject } from 'rxjs';
import { arktypeServerMessage, valibotServerMessage, zodServerMessage } from '../test/helpers/chat-schemas.js';
import { bench } from './lib/harness.js';

// The parse step's internals, from the built package like everything else here (types from src/, which
// type-checks before any build).
const dist = (path: string) => new URL(`../dist/esm/messages/${path}`, import.meta.url).href;
const { resolveJsonOptions } = (await import(
  dist('json-options.js')
)) as typeof import('../src/messages/json-options.js');
const { createMessageParser } = (await import(
  dist('parse-message.js')
)) as typeof import('../src/messages/parse-message.js');

const COUNT = Number(process.env.BENCH_MESSAGES ?? 500_000);
const messages = Array.from({ length: 1024 }, (_, i) =>
  JSON.stringify({
    type: 'message',
    id: i,
    name: `user${i % 10}`,
    text: `hello number ${i}`.padEnd(30, '.'),
    date: 1_700_000_000_000 + i,
  }),
);

let sink = 0;
const consume = (value: unknown) => {
  sink += (value as { id: number }).id;
};

function nsPerMessage(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / COUNT;
}

function throughSubject(pipeline: (input: Subject<unknown>) => import('rxjs').Observable<unknown>) {
  return {
    run: () => {
      const input = new Subject<unknown>();
      const subscription = pipeline(input).subscribe(consume);
      const ns = nsPerMessage(() => {
        for (let i = 0; i < COUNT; i++) input.next(messages[i & 1023]);
      });
      subscription.unsubscribe();
      return ns;
    },
  };
}

const withSchema = (schema: StandardSchemaV1) => () => throughSubject((input) => input.pipe(json(schema)));

bench({
  file: new URL(import.meta.url).pathname,
  title: `json(): ns per ${Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length)}-byte message (${COUNT} messages)`,
  unit: 'ns/message',
  baseline: 'JSON.parse alone',
  contenders: {
    'JSON.parse alone': () => ({
      run: () =>
        nsPerMessage(() => {
          for (let i = 0; i < COUNT; i++) consume(JSON.parse(messages[i & 1023] as string));
        }),
    }),
    'json() parse step alone (no RxJS)': () => ({
      run: () => {
        const parse = createMessageParser(resolveJsonOptions(), undefined);
        return nsPerMessage(() => {
          for (let i = 0; i < COUNT; i++) consume(parse(messages[i & 1023]));
        });
      },
    }),
    'Subject → map(JSON.parse)': () => throughSubject((input) => input.pipe(map((text) => JSON.parse(text as string)))),
    'Subject → json()': () => throughSubject((input) => input.pipe(json())),
    'Subject → json(zod)': withSchema(zodServerMessage),
    'Subject → json(valibot)': withSchema(valibotServerMessage),
    'Subject → json(arktype)': withSchema(arktypeServerMessage),
  },
});
if (sink === -1) console.log(sink);
