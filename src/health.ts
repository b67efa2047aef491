import { createServer, type Server } from 'node:http';
import type { PlatformAdapter } from './core/platform.js';
import type { Storage } from './db/open.js';

/** GET /healthz: 200 with adapter and database status, 503 when an adapter or the database is down. */
export function healthReport(adapters: readonly PlatformAdapter[], storage: Storage): { ok: boolean; body: object } {
  let database = 'ok';
  try {
    storage.sqlite.prepare('SELECT 1').get();
  } catch (err) {
    database = `error: ${(err as Error).message}`;
  }
  const status = Object.fromEntries(adapters.map((a) => [a.name, a.healthy() ? 'connected' : 'down']));
  const ok = database === 'ok' && adapters.every((a) => a.healthy());
  return { ok, body: { status: ok ? 'ok' : 'degraded', database, adapters: status } };
}

export function startHealthServer(port: number, adapters: readonly PlatformAdapter[], storage: Storage): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found: try GET /healthz"}');
      return;
    }
    const { ok, body } = healthReport(adapters, storage);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`HEALTH_PORT: cannot listen on ${port}: ${err.message}`)));
    server.listen(port, () => resolve(server));
  });
}
