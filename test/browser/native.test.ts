import { expect, inject, it } from 'vitest';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

it('runs in a real browser with a native WebSocket', () => {
  expect(typeof window).toBe('object');
  expect(navigator.userAgent).toContain('Chrome');
  expect(typeof WebSocket).toBe('function');
});

describeSocketBehaviour('Chromium native WebSocket', {
  WebSocket: undefined,
  url: () => inject('wsUrl'),
  binaryTypes: true,
  cleanAppCodes: true,
});
