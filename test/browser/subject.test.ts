import { inject } from 'vitest';
import { commands } from 'vitest/browser';
import type { WebSocketConstructorLike } from '../../src/index.js';
import { describeSubjectBehaviour } from '../shared/subject-behaviour.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    subjectServerReceived(): Promise<string[]>;
    subjectServerIdle(): Promise<void>;
  }
}

// The drop-in subject on the browser's own WebSocket, against a real ws server in the Node process.
describeSubjectBehaviour('Chromium native WebSocket', {
  WebSocketCtor: WebSocket as unknown as WebSocketConstructorLike,
  url: () => inject('subjectWsUrl'),
  received: () => commands.subjectServerReceived(),
  idle: () => commands.subjectServerIdle(),
});
