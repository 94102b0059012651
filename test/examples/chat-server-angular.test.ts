// How the chat server serves the Angular client's build at /angular/: its browser files as they are (and nothing
// outside them), every other path through the build's server bundle, and a hint when there is no build. A stand-in
// build keeps this fast; test/e2e/angular-chat.test.ts serves the real one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, startChatServer } from '../../examples/chat/server.js';

/** A GET with the path exactly as written (fetch would resolve `..` segments before sending them). */
function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('the chat server without an Angular build', () => {
  let server: ChatServer;
  beforeAll(async () => {
    server = await startChatServer({ port: 0, log: () => {} });
  }, 60_000);
  afterAll(() => server.close());

  it('serves the shared stylesheet, and says how to build the Angular client', async () => {
    const style = await get(server.port, '/style.css');
    expect(style).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(style.body).toContain('.badge');
    const angular = await get(server.port, '/angular/');
    expect(angular.status).toBe(404);
    expect(angular.body).toContain('npm run chat:angular');
  });
});

describe('the chat server with an Angular build', () => {
  let server: ChatServer;
  let build: string;
  const log: string[] = [];
  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'rx-websocket-angular-build-'));
    mkdirSync(join(build, 'browser'));
    mkdirSync(join(build, 'server'));
    writeFileSync(join(build, 'browser', 'main.js'), 'console.log("app");');
    writeFileSync(join(build, 'browser', 'index.csr.html'), '<p>client-side only</p>');
    writeFileSync(join(build, 'secret.js'), 'outside browser/');
    writeFileSync(
      join(build, 'server', 'server.mjs'),
      `export async function renderPage(request, response) {
         if (request.url === '/angular/boom') throw new Error('render failed');
         if (!request.url.startsWith('/angular/page')) return false;
         response.writeHead(200, { 'content-type': 'text/html' });
         response.end('rendered ' + request.url);
         return true;
       }`,
    );
    server = await startChatServer({ port: 0, angular: build, log: (line) => log.push(line) });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(build, { recursive: true, force: true });
  });

  it('serves the files of browser/ as they are', async () => {
    expect(await get(server.port, '/angular/main.js')).toEqual({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'console.log("app");',
    });
  });

  it('renders every other path through the server bundle, HTML files included', async () => {
    expect((await get(server.port, '/angular/page?x=1')).body).toBe('rendered /angular/page?x=1');
    expect((await get(server.port, '/angular/page/index.csr.html')).body).toBe('rendered /angular/page/index.csr.html');
    expect((await get(server.port, '/angular/elsewhere')).status).toBe(404);
  });

  it('serves nothing outside browser/, however the path is spelled', async () => {
    for (const path of ['/angular/../secret.js', '/angular/%2e%2e/secret.js', '/angular/..%2fsecret.js']) {
      const response = await get(server.port, path);
      expect(response.body, path).not.toContain('outside browser/');
    }
  });

  it('answers a malformed path with 400, and keeps serving', async () => {
    expect((await get(server.port, '/angular/%E0%A4%A')).status).toBe(400);
    expect((await get(server.port, '/angular/main.js')).status).toBe(200);
  });

  it('answers 500 and logs the cause when the render fails', async () => {
    const response = await get(server.port, '/angular/boom');
    expect(response.status).toBe(500);
    expect(log).toContain('could not render /angular/boom: render failed');
  });
});
