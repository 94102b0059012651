// rxjs's own spec of webSocket() on rxjs's webSocket(): the harness reproduces what it was written against.
import './webSocket-spec.js';
