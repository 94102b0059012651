import { Observable, type OperatorFunction } from 'rxjs';
import type { InvalidMessageError } from '../errors/invalid-message-error.js';
import type { InvalidMessagePolicy } from './json-options.js';
import { Invalid } from './parse-message.js';

/**
 * Decodes each value with a parser made per subscription, keeping the source's order even when a
 * result is a Promise (a Blob, an asynchronous schema), and applies the invalid-message policy: every
 * invalid message is reported, then skipped, errors the stream, or closes the socket.
 */
export function decodeInOrder<I, T>(
  makeParser: () => (data: I) => T | Invalid | Promise<T | Invalid>,
  onInvalid: InvalidMessagePolicy,
  report: ((error: InvalidMessageError) => void) | undefined,
): OperatorFunction<I, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const parseMessage = makeParser();
      // The synchronous path (text, synchronous schema) emits at once; a Blob or an asynchronous
      // schema makes later messages wait behind it, so the order never changes.
      let pending = 0;
      let tail: Promise<void> = Promise.resolve();
      const fail = (error: unknown) => subscriber.error(error);
      const deliver = (result: T | Invalid) => {
        if (!(result instanceof Invalid)) {
          subscriber.next(result);
          return;
        }
        try {
          report?.(result.error);
          if (onInvalid === 'error') fail(result.error);
          else if (onInvalid !== 'skip') onInvalid.close.close(onInvalid.code, onInvalid.reason);
        } catch (error) {
          fail(error); // a throwing reporter is a bug to surface, not to swallow
        }
      };
      const afterPending = (finish: () => void) => {
        if (pending === 0) finish();
        else tail = tail.then(finish);
      };
      return source.subscribe({
        next: (data) => {
          const result = parseMessage(data);
          if (pending === 0 && !(result instanceof Promise)) {
            deliver(result);
            return;
          }
          pending++;
          const settled = Promise.resolve(result);
          tail = tail
            .then(() => settled)
            .then((result) => {
              if (!subscriber.closed) deliver(result);
            }, fail)
            .finally(() => {
              pending--;
            });
        },
        error: (error: unknown) => afterPending(() => fail(error)),
        complete: () => afterPending(() => subscriber.complete()),
      });
    });
}
