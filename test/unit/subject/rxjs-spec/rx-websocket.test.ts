// rxjs's own spec of webSocket() with only the import changed: rx-websocket's webSocket() where the spec imports
// rxjs's. The harness lists the differences README's migration table gives a reason for; every other test must pass.
import { vi } from 'vitest';
import './webSocket-spec.js';

vi.mock('rxjs/webSocket', async () => ({ webSocket: (await import('rx-websocket')).webSocket }));
