/**
 * A tiny static file server for the built site (dist/), on 127.0.0.1 and an ephemeral port, so
 * browser journeys and benches load exactly what `npm run build` ships. Serves under an optional
 * sub-path to prove the site works from one, optionally with extra headers (a Content-Security-Policy)
 * and extra test pages.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface StaticServer {
  /** The site's address, ending in `/` (with the sub-path, if any). */
  readonly url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Headers added to every response (such as a `Content-Security-Policy`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra files that are not in `root` (test pages), by path under the sub-path: `{ 'host.html': '<!doctype html>…' }`. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Serves `root` at `http://127.0.0.1:<port><subPath>`. */
export async function serveStatic(root: string, subPath = '/', options: ServeOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const prefix = subPath.endsWith('/') ? subPath : `${subPath}/`;
  const extra = options.headers ?? {};
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    const virtual = options.files?.[path.slice(prefix.length)];
    if (virtual !== undefined) {
      res.writeHead(200, { ...extra, 'content-type': TYPES[extname(path)] ?? 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(virtual);
      return;
    }
    let file = normalize(join(base, path.slice(prefix.length)));
    if (!file.startsWith(base)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...extra, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
