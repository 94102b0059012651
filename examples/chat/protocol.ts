// MDN's chat protocol ("Writing WebSocket client applications"), as schemas shared by the server, the
// browser client and the terminal client. valibot keeps the browser bundle small.
import * as v from 'valibot';

/** What the server sends. */
export const ServerMessage = v.variant('type', [
  v.object({ type: v.literal('id'), id: v.number() }),
  v.object({ type: v.literal('message'), id: v.number(), name: v.string(), text: v.string(), date: v.number() }),
  v.object({ type: v.literal('rejectusername'), name: v.string() }),
  v.object({ type: v.literal('userlist'), users: v.array(v.string()) }),
]);
export type ServerMessage = v.InferOutput<typeof ServerMessage>;

/** What a client sends. */
export const ClientMessage = v.variant('type', [
  v.object({
    type: v.literal('username'),
    id: v.number(),
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40)),
    date: v.number(),
  }),
  v.object({
    type: v.literal('message'),
    id: v.number(),
    text: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
    date: v.number(),
  }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;
