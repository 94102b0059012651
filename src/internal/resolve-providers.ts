import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ProviderError } from '../errors/provider-error.js';

/** A value, or a function called for each connection attempt that returns it or a Promise of it. */
export type Provider<T> = T | (() => T | PromiseLike<T>);

/**
 * Checks that an options object has its `url`: `undefined` there is a forgotten or misspelled key (`uri`), said at the
 * call, rather than the URL "undefined" that the standard's stringification would reject at the first connection.
 *
 * @param url - the `url` option as given.
 * @throws {InvalidOptionError} when it is missing, or neither text, a URL nor a function (a port number, `null`).
 */
export function checkUrl(url: unknown): void {
  // A URL object (of any realm) is text to the constructor; a number or null is a mistake, told now, not at subscribe.
  const kind = typeof url;
  if (url === null || (kind !== 'string' && kind !== 'function' && kind !== 'object')) {
    throw new InvalidOptionError('url', url, 'a ws: or wss: URL, or a function that returns one');
  }
}

/** Calls the url and protocols functions, if any: synchronously when neither returns a Promise. */
export function resolveProviders<U, P>(
  url: Provider<U>,
  protocols: Provider<P>,
): [U, P] | ProviderError | Promise<[U, P] | ProviderError> {
  const call = <T>(option: 'url' | 'protocols', value: Provider<T>): T | PromiseLike<T> | ProviderError => {
    if (typeof value !== 'function') return value;
    try {
      return (value as () => T | PromiseLike<T>)();
    } catch (error) {
      return new ProviderError(option, error);
    }
  };
  const u = call('url', url);
  if (u instanceof ProviderError) return u;
  const p = call('protocols', protocols);
  if (p instanceof ProviderError) return p;
  if (!isThenable(u) && !isThenable(p)) return [u, p];
  const settle = <T>(option: 'url' | 'protocols', value: T | PromiseLike<T>) =>
    Promise.resolve(value).then(
      (v) => v,
      (error: unknown) => new ProviderError(option, error),
    );
  return Promise.all([settle('url', u), settle('protocols', p)]).then(([ru, rp]) =>
    ru instanceof ProviderError ? ru : rp instanceof ProviderError ? rp : [ru, rp],
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
