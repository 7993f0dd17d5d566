import { Observable, Subscriber } from 'rxjs';

type Callback = (value: never) => void;

/**
 * An Observable whose user callbacks cannot take the process down. rxjs reports a throwing `next` (or an error
 * nobody handles) as unhandled, thrown on a later tick, which ends a Node process; here the callbacks are
 * wrapped before rxjs sees them and failures go to `onError`. Streams piped from it are wrapped the same way.
 */
export function containedStream<T>(source: Observable<T>, onError: (error: unknown) => void): Observable<T> {
  class ContainedStream<V> extends Observable<V> {
    override lift<R>(operator: unknown): Observable<R> {
      const lifted = new ContainedStream<R>();
      Object.assign(lifted, { source: this, operator });
      return lifted;
    }

    override subscribe(...args: unknown[]): ReturnType<Observable<V>['subscribe']> {
      return super.subscribe(guard(args) as never);
    }
  }

  const guarded =
    (callback: Callback | undefined): Callback | undefined =>
    callback &&
    ((value) => {
      try {
        callback(value);
      } catch (error) {
        onError(error);
      }
    });
  const unhandled = (error: unknown) => onError(error);

  function guard([observer, error, complete]: unknown[]): unknown {
    // a Subscriber is rxjs's own link in a piped chain, not a user's callback
    if (observer instanceof Subscriber) return observer;
    if (observer === undefined || observer === null || typeof observer === 'function') {
      return {
        next: guarded(observer as Callback | undefined),
        error: guarded(error as Callback | undefined) ?? unhandled,
        complete: guarded(complete as Callback | undefined),
      };
    }
    const partial = observer as { next?: Callback; error?: Callback; complete?: Callback };
    return {
      next: guarded(partial.next?.bind(partial)),
      error: guarded(partial.error?.bind(partial)) ?? unhandled,
      complete: guarded(partial.complete?.bind(partial)),
    };
  }

  return new ContainedStream<T>((subscriber) => source.subscribe(subscriber));
}
