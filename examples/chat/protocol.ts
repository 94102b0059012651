// MDN's chat protocol ("Writing WebSocket client applications"), as schemas shared by the server, the
// browser client and the terminal client. valibot keeps the browser bundle small. Three optional additions serve
// rx-websocket's delivery(): message ids and their acknowledgement (`mid`, `ack`), positions (`seq`) and `resume`;
// MDN's own client ignores them.
import * as v from 'valibot';

/** What the server sends. */
export const ServerMessage = v.variant('type', [
  v.object({ type: v.literal('id'), id: v.number() }),
  v.object({
    type: v.literal('message'),
    id: v.number(),
    name: v.string(),
    text: v.string(),
    date: v.number(),
    // Beyond MDN's protocol, for delivery(): the message's place in the chat, and the sender's message id.
    seq: v.optional(v.number()),
    mid: v.optional(v.string()),
  }),
  v.object({ type: v.literal('rejectusername'), name: v.string() }),
  v.object({ type: v.literal('userlist'), users: v.array(v.string()) }),
  // Beyond MDN's protocol: the server took the message with this id.
  v.object({ type: v.literal('ack'), mid: v.string() }),
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
    // Beyond MDN's protocol: the id the server acknowledges, and drops a second copy by.
    mid: v.optional(v.pipe(v.string(), v.maxLength(100))),
  }),
  // Beyond MDN's protocol: send again what came after this position (from the server's short history).
  v.object({ type: v.literal('resume'), after: v.number() }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;
