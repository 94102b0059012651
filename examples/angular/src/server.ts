// The server bundle's entry: renders the chat page on the server, for the chat server (examples/chat/server.ts),
// which serves the built browser files and the WebSocket itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AngularNodeAppEngine, writeResponseToNodeResponse } from '@angular/ssr/node';

const engine = new AngularNodeAppEngine();

/**
 * Renders the page `request` asks for, when it is one of the app's.
 *
 * @param request - the HTTP request.
 * @param response - where the rendered page goes.
 * @returns whether it answered; `false` leaves the request to the caller.
 */
export async function renderPage(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const page = await engine.handle(request);
  if (!page) return false;
  await writeResponseToNodeResponse(page, response);
  return true;
}
