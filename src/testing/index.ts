export { type CloseCall, FakeWebSocket, type FakeWebSocketFactory, fakeWebSocket } from './fake-websocket.js';
