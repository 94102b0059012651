export {
  type CloseCall,
  FakeWebSocket,
  type FakeWebSocketFactory,
  fakeWebSocket,
  type Listener,
} from './fake-websocket.js';
