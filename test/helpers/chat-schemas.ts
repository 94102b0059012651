// MDN's chat protocol ("Writing WebSocket client applications"): what the server sends, in the three
// schema libraries, so every test runs against each of them.
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';

export const zodServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('id'), id: z.number() }),
  z.object({ type: z.literal('message'), id: z.number(), name: z.string(), text: z.string(), date: z.number() }),
  z.object({ type: z.literal('rejectusername'), name: z.string() }),
  z.object({ type: z.literal('userlist'), users: z.array(z.string()) }),
]);

export const valibotServerMessage = v.variant('type', [
  v.object({ type: v.literal('id'), id: v.number() }),
  v.object({ type: v.literal('message'), id: v.number(), name: v.string(), text: v.string(), date: v.number() }),
  v.object({ type: v.literal('rejectusername'), name: v.string() }),
  v.object({ type: v.literal('userlist'), users: v.array(v.string()) }),
]);

export const arktypeServerMessage = type({ type: "'id'", id: 'number' })
  .or({ type: "'message'", id: 'number', name: 'string', text: 'string', date: 'number' })
  .or({ type: "'rejectusername'", name: 'string' })
  .or({ type: "'userlist'", users: 'string[]' });

export type ServerMessage = z.output<typeof zodServerMessage>;

export const schemas = [
  ['zod', zodServerMessage],
  ['valibot', valibotServerMessage],
  ['arktype', arktypeServerMessage],
] as const;

export const valid: readonly ServerMessage[] = [
  { type: 'id', id: 7 },
  { type: 'message', id: 7, name: 'ada', text: 'hello', date: 1_700_000_000_000 },
  { type: 'rejectusername', name: 'ada' },
  { type: 'userlist', users: ['ada', 'grace'] },
];
