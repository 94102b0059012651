import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { type ConnectedSocket, type SocketView, socketView } from '../types.js';

/**
 * Checks that `socket` is one the library made (an `RxWebSocket`, or a `webSocket()` subject's socket), whose
 * view the functions that take a socket read: a runtime's own socket (a `ws` one, the browser's) has none.
 *
 * @param socket - what the app passed.
 * @returns the socket, checked.
 * @throws {InvalidOptionError} naming `socket` and the way to get one that works.
 */
export function librarySocket<S extends ConnectedSocket>(socket: S): S {
  if (typeof (socket as { [socketView]?: () => SocketView } | null)?.[socketView] !== 'function') {
    throw new InvalidOptionError(
      'socket',
      socket,
      "a socket rx-websocket made: an RxWebSocket (new RxWebSocket(url, protocols, { WebSocket }) wraps a runtime's constructor), or the socket of a webSocket() subject",
    );
  }
  return socket;
}
