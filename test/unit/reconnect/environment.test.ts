import { browserEnvironment, type EnvironmentChange } from 'rx-websocket';
import { describe, expect, it } from 'vitest';

function browserLike(onLine: boolean, visibilityState: 'visible' | 'hidden') {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState });
  return { window, document, navigator: { onLine } };
}

describe('browserEnvironment()', () => {
  it('is undefined outside a browser (Node, workers without a document)', () => {
    expect(browserEnvironment()).toBeUndefined();
    expect(browserEnvironment({ navigator: { onLine: true } })).toBeUndefined();
  });

  it('reads navigator.onLine and document.visibilityState when asked', () => {
    const scope = browserLike(false, 'hidden');
    const environment = browserEnvironment(scope);
    expect([environment?.isOnline(), environment?.isVisible()]).toEqual([false, false]);
    scope.navigator.onLine = true;
    scope.document.visibilityState = 'visible';
    expect([environment?.isOnline(), environment?.isVisible()]).toEqual([true, true]);
  });

  it('reports online, offline and visibility changes, and stops listening', () => {
    const scope = browserLike(true, 'visible');
    const changes: EnvironmentChange[] = [];
    const stop = browserEnvironment(scope)?.listen((change) => changes.push(change));
    scope.window.dispatchEvent(new Event('offline'));
    scope.window.dispatchEvent(new Event('online'));
    scope.document.visibilityState = 'hidden';
    scope.document.dispatchEvent(new Event('visibilitychange'));
    scope.document.visibilityState = 'visible';
    scope.document.dispatchEvent(new Event('visibilitychange'));
    stop?.();
    scope.window.dispatchEvent(new Event('online'));
    expect(changes).toEqual(['offline', 'online', 'hidden', 'visible']);
  });
});
