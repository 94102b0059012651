// rx-websocket/angular: the Angular integration (signals, resources, DestroyRef teardown, SSR), an optional entry point
// with @angular/core as an optional peer dependency. Nothing here runs at import time.
export { type AngularWebSocketOptions, provideWebSocket, WEB_SOCKET_CONFIG, type WebSocketConfig } from './config.js';
export { type InjectedWebSocket, injectWebSocket } from './inject-web-socket.js';
export { webSocketResource } from './web-socket-resource.js';
