import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs';
import type { ConnectedSocket } from '../types.js';
import type { ConnectionState } from './connection-state.js';

/** The hidden method by which webSocket() gives a {@link ReconnectOperator} its own state reporter and scheduler. */
export const withConnection = Symbol('rx-websocket.reconnect');

/** What the connection behind webSocket() hands to its reconnect operator for each run. */
export interface ConnectionHooks {
  /** Called with every state change, after the app's own `onState`. */
  readonly onState: (state: ConnectionState) => void;
  /** The subject's scheduler, used unless the operator was given one. */
  readonly scheduler: SchedulerLike;
  /**
   * Whether the app asked to close while the attempt in progress connected (`complete()` or `error({ code })` on the
   * subject). That attempt's failure, whatever it is (a close, the connection timeout), is then final and the app's
   * close, as rxjs's subject ends rather than reconnect.
   */
  readonly closing: () => boolean;
}

/**
 * What {@link reconnect} returns: an operator for `fromWebSocket()` pipelines, which `webSocket({ reconnect })` also
 * takes. Passing the operator rather than options is what keeps reconnection out of bundles that do not import it.
 */
export interface ReconnectOperator {
  /**
   * Reconnects a stream of connections: a new subscription to `source` after each drop, with backoff.
   * @param source - `fromWebSocket()`'s stream of connections.
   * @returns every open socket in turn.
   */
  <S extends ConnectedSocket>(source: Observable<S>): Observable<S>;
  /** @internal What the connection behind webSocket() needs of it. */
  readonly [withConnection]: {
    /**
     * The same operator, reporting its states to the connection too.
     * @param hooks - the connection's state reporter and scheduler.
     * @returns the operator for one run.
     */
    readonly run: <S extends ConnectedSocket>(hooks: ConnectionHooks) => MonoTypeOperatorFunction<S>;
    /** Which payloads are heartbeat pongs, which the subject's messages leave out; undefined without a heartbeat. */
    readonly isPong: ((data: unknown) => boolean) | undefined;
  };
}
