import { Observable, Subscription } from 'rxjs';

/**
 * `switchMap((socket) => pick(socket).pipe(catchError(() => EMPTY)))` by hand: the values of each socket's
 * stream in turn (a new socket ends the previous one's subscription), a socket's error ending only its own
 * stream; it completes once `sockets$` has completed and the last socket's stream has ended, and errors when
 * `sockets$` does. The operator pair held two operator subscribers and their closures per connection.
 */
export function eachSocket<S, T>(sockets$: Observable<S>, pick: (socket: S) => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let inner: Subscription | undefined;
    let outerDone = false;
    const outer = sockets$.subscribe({
      next: (socket) => {
        inner?.unsubscribe();
        const current = new Subscription();
        inner = current;
        const end = () => {
          if (inner !== current) return;
          inner = undefined;
          if (outerDone) subscriber.complete();
        };
        current.add(pick(socket).subscribe({ next: (value) => subscriber.next(value), error: end, complete: end }));
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        outerDone = true;
        if (!inner) subscriber.complete();
      },
    });
    return () => {
      inner?.unsubscribe();
      outer.unsubscribe();
    };
  });
}
