export {
  type CloseCall,
  FakeWebSocket,
  type FakeWebSocketFactory,
  type FakeWebSocketOptions,
  fakeWebSocket,
  type Listener,
} from './fake-websocket.js';
