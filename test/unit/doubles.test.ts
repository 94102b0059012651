// The shared behaviour suite on the two test doubles: FakeWebSocket, and an `on*`-only double of the kind apps write
// for rxjs/webSocket. Each plays the test server's command protocol itself (test/helpers/scripted-doubles.ts).
import { scriptedDoubles } from '../helpers/scripted-doubles.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

const fake = scriptedDoubles();
describeSocketBehaviour('FakeWebSocket', {
  WebSocket: fake.FakeWebSocket,
  url: () => fake.server.url,
  binaryTypes: true,
  cleanAppCodes: true,
});

const handlers = scriptedDoubles();
describeSocketBehaviour('an on*-only double (handler properties, events without type)', {
  WebSocket: handlers.HandlerOnly,
  url: () => handlers.server.url,
  binaryTypes: true,
  cleanAppCodes: true,
});
