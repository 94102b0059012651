import {
  type InvalidMessageError,
  json,
  MessageParseError,
  MessageTooLargeError,
  SchemaValidationError,
  type StandardSchemaV1,
} from 'rx-websocket';
import { firstValueFrom, from, lastValueFrom, type OperatorFunction, Subject, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { schemas, valid } from '../../helpers/chat-schemas.js';

const text = (value: unknown) => JSON.stringify(value);
const bytes = (value: string) => new TextEncoder().encode(value);

async function run<T>(inputs: unknown[], operator: OperatorFunction<unknown, T>) {
  return { values: await lastValueFrom(from(inputs).pipe(operator, toArray())) };
}

describe('json() without a schema', () => {
  it('parses text into values', async () => {
    const { values } = await run(['{"a":1}', '[1,2]', '"s"', '3', 'null'], json());
    expect(values).toEqual([{ a: 1 }, [1, 2], 's', 3, null]);
  });

  it('takes the options as json(options) and as json(undefined, options)', async () => {
    for (const operator of [
      (report: () => void) => json({ report }),
      (report: () => void) => json(undefined, { report }),
    ]) {
      const report = vi.fn();
      const { values } = await run(['{"not json', '{"a":1}'], operator(report));
      expect(values).toEqual([{ a: 1 }]);
      expect(report).toHaveBeenCalledTimes(1);
    }
  });

  it('applies a reviver, or a codec parse function instead of JSON.parse', async () => {
    const revived = await run(
      ['{"at":"2024-01-01T00:00:00.000Z"}'],
      json({ reviver: (k, v) => (k === 'at' ? new Date(v as string) : v) }),
    );
    expect(revived.values[0]).toEqual({ at: new Date('2024-01-01T00:00:00.000Z') });
    const custom = await run(['a=1'], json({ parse: (t) => Object.fromEntries([t.split('=')]) }));
    expect(custom.values).toEqual([{ a: '1' }]);
  });

  it('never pollutes a prototype: __proto__ and constructor are plain keys', async () => {
    const { values } = await run(['{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}}}'], json());
    const value = values[0] as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });
});

// The bad-input table: each row must be reported as its typed error, skipped, and the next
// valid message still delivered.
const badInputs: Array<[string, unknown, new (...args: never[]) => InvalidMessageError, Record<string, unknown>]> = [
  ['invalid JSON', '{"type":', MessageParseError, { reason: 'syntax' }],
  ['an empty frame', '', MessageParseError, { reason: 'syntax' }],
  ['a binary frame where text is expected', bytes('{"type":"id","id":1}'), MessageParseError, { reason: 'binary' }],
  ['a Blob frame where text is expected', new Blob(['{"type":"id","id":1}']), MessageParseError, { reason: 'binary' }],
  [
    'a message over maxBytes',
    text({ type: 'message', text: 'x'.repeat(2000) }),
    MessageTooLargeError,
    { maxBytes: 1024 },
  ],
  [
    'multi-byte text over maxBytes',
    text({ type: 'message', text: '€'.repeat(400) }),
    MessageTooLargeError,
    { size: 1228 },
  ],
  ['binary over maxBytes', new Uint8Array(2000), MessageTooLargeError, { size: 2000 }],
  ['nesting deeper than maxDepth', `${'['.repeat(100)}${']'.repeat(100)}`, MessageParseError, { reason: 'depth' }],
  ['a wrong type field', text({ type: 'id', id: 'seven' }), SchemaValidationError, {}],
  ['an unknown message type', text({ type: 'nope' }), SchemaValidationError, {}],
  ['a missing field', text({ type: 'userlist' }), SchemaValidationError, {}],
  ['a non-object', '42', SchemaValidationError, {}],
];

describe.each(schemas)('json(schema) with %s', (_name, schema) => {
  it('emits the valid messages', async () => {
    const { values } = await run(valid.map(text), json(schema));
    expect(values).toEqual(valid);
  });

  it.each(badInputs)(
    'reports %s as its typed error, skips it and delivers the next message',
    async (_case, input, Type, fields) => {
      const reported: InvalidMessageError[] = [];
      const values = await lastValueFrom(
        from([input, text(valid[0])]).pipe(
          json(schema, { maxBytes: 1024, report: (e) => reported.push(e) }),
          toArray(),
        ),
      );
      expect(values).toEqual([valid[0]]);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeInstanceOf(Type);
      expect(reported[0]).toMatchObject(fields);
      expect(reported[0]?.message.length).toBeLessThan(400);
    },
  );

  it('carries the issues of the schema library in SchemaValidationError', async () => {
    const reported: InvalidMessageError[] = [];
    await lastValueFrom(
      from([text({ type: 'id', id: 'x' })]).pipe(json(schema, { report: (e) => reported.push(e) }), toArray()),
    );
    const error = reported[0] as SchemaValidationError;
    expect(error.issues.length).toBeGreaterThan(0);
    expect(typeof error.issues[0]?.message).toBe('string');
  });
});

describe('json() policies', () => {
  it("'error' errors the stream with the typed error after the values before it", async () => {
    const values: unknown[] = [];
    const error = await lastValueFrom(from(['1', 'oops', '2']).pipe(json({ onInvalid: 'error' })))
      .catch((e: unknown) => e)
      .finally(() => undefined);
    expect(error).toBeInstanceOf(MessageParseError);
    from(['1', 'oops'])
      .pipe(json({ onInvalid: 'error' }))
      .subscribe({ next: (v) => values.push(v), error: () => {} });
    expect(values).toEqual([1]);
  });

  it('closes the socket with the application code and goes on skipping', async () => {
    const socket = { close: vi.fn() };
    const values = await lastValueFrom(
      from(['1', 'oops', '2']).pipe(
        json({ onInvalid: { close: socket, code: 4400, reason: 'bad message' } }),
        toArray(),
      ),
    );
    expect(socket.close).toHaveBeenCalledWith(4400, 'bad message');
    expect(values).toEqual([1, 2]);
  });

  it('reports to an Observer such as a Subject: the invalid$ stream', async () => {
    const invalid$ = new Subject<InvalidMessageError>();
    const reported = firstValueFrom(invalid$);
    await lastValueFrom(from(['nope']).pipe(json({ report: invalid$ }), toArray()));
    expect(await reported).toBeInstanceOf(MessageParseError);
  });

  it('keeps only a short preview of the payload in the error', async () => {
    const reported: InvalidMessageError[] = [];
    const secret = `{"token":"${'s'.repeat(5000)}"`;
    await lastValueFrom(from([secret]).pipe(json({ report: (e) => reported.push(e) }), toArray()));
    expect(reported[0]?.preview.length).toBeLessThan(100);
    expect(reported[0]?.message).toContain('5011 characters');
    expect(reported[0]?.message).not.toContain('s'.repeat(100));
  });

  it('checks maxBytes before parsing', async () => {
    const parse = vi.fn((t: string) => t);
    await lastValueFrom(from(['x'.repeat(11)]).pipe(json({ maxBytes: 10, parse }), toArray()));
    expect(parse).not.toHaveBeenCalled();
  });

  it('reports a RangeError of a parser as a depth error, never raw', async () => {
    const reported: InvalidMessageError[] = [];
    const parse = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    await lastValueFrom(from(['x']).pipe(json({ parse, report: (e) => reported.push(e) }), toArray()));
    expect(reported[0]).toMatchObject({ name: 'MessageParseError', reason: 'depth' });
  });

  it('reports a throwing schema as a SchemaValidationError', async () => {
    const reported: InvalidMessageError[] = [];
    const schema: StandardSchemaV1<unknown, never> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => {
          throw new RangeError('too deep');
        },
      },
    };
    await lastValueFrom(from(['1']).pipe(json(schema, { report: (e) => reported.push(e) }), toArray()));
    expect(reported[0]).toBeInstanceOf(SchemaValidationError);
    expect((reported[0] as Error).cause).toBeInstanceOf(RangeError);
  });
});

describe('json() binary frames', () => {
  it("decodes UTF-8 with binary: 'decode', from ArrayBuffer, typed arrays and Blob, in order", async () => {
    const encoded = bytes('{"n":"é"}');
    const { values } = await run(
      [new Blob(['{"n":1}']), encoded.buffer, encoded, '{"n":3}'],
      json({ binary: 'decode' }),
    );
    expect(values).toEqual([{ n: 1 }, { n: 'é' }, { n: 'é' }, { n: 3 }]);
  });

  it('fails on invalid UTF-8 instead of inserting U+FFFD', async () => {
    const reported: InvalidMessageError[] = [];
    const invalid = new Uint8Array([0x22, 0xff, 0x22]);
    const values = await lastValueFrom(
      from([invalid, '"ok"']).pipe(json({ binary: 'decode', report: (e) => reported.push(e) }), toArray()),
    );
    expect(values).toEqual(['ok']);
    expect(reported[0]).toMatchObject({ name: 'MessageParseError', reason: 'encoding' });
  });
});

describe('json() with an asynchronous schema', () => {
  it('keeps messages in order whatever each validation takes', async () => {
    let call = 0;
    const delays = [30, 0, 10, 0];
    const schema: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          new Promise((resolve) => {
            const delay = delays[call++] ?? 0;
            setTimeout(
              () => resolve(value === 3 ? { issues: [{ message: 'no threes' }] } : { value: value as number }),
              delay,
            );
          }),
      },
    };
    const reported: InvalidMessageError[] = [];
    const values = await lastValueFrom(
      from(['1', '2', '3', '4']).pipe(json(schema, { report: (e) => reported.push(e) }), toArray()),
    );
    expect(values).toEqual([1, 2, 4]);
    expect(reported).toHaveLength(1);
  });

  it('delivers completion after the pending messages', async () => {
    const schema: StandardSchemaV1<unknown, unknown> = {
      '~standard': { version: 1, vendor: 'test', validate: async (value) => ({ value }) },
    };
    expect(await lastValueFrom(from(['1', '2']).pipe(json(schema), toArray()))).toEqual([1, 2]);
  });
});

describe('json() options', () => {
  it.each([
    [{ maxBytes: -1 }, 'maxBytes'],
    [{ maxBytes: 1.5 }, 'maxBytes'],
    [{ maxDepth: Number.NaN }, 'maxDepth'],
    [{ binary: 'text' }, 'binary'],
    [{ parse: 'JSON' }, 'parse'],
    [{ onInvalid: 'ignore' }, 'onInvalid'],
    [{ onInvalid: { close: {}, code: 4000 } }, 'onInvalid.close'],
    [{ onInvalid: { close: { close() {} }, code: 1001 } }, 'onInvalid.code'],
    [{ onInvalid: { close: { close() {} } } }, 'onInvalid.code'],
    [{ report: 'console' }, 'report'],
  ])('rejects %j at the call, naming %s', (options, option) => {
    expect(() => json(options as never)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });
});

describe('json() with a throwing reporter', () => {
  it('errors the stream with the reporter error instead of swallowing it', async () => {
    const failing = from(['oops', '1']).pipe(
      json({
        report: () => {
          throw new Error('reporter bug');
        },
      }),
    );
    await expect(lastValueFrom(failing)).rejects.toThrow('reporter bug');
  });
});
