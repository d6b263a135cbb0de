// A pass-through HTTP proxy in front of the sandbox that notes the time and status of every CRM
// call the sidecar processes make (the sandbox's own stats keep counts, not times). Bench-only:
// the bench's own reads go to the sandbox directly and are not recorded.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';

export interface CrmCall {
  at: number;
  search: boolean;
  status: number;
  /** Method and path with ids and the query left out, e.g. `POST /crm/v3/objects/companies/batch/read`. */
  endpoint: string;
}

/** A call's endpoint: numeric path segments become `{id}`, the query string is dropped. */
export function endpointOf(method: string, path: string): string {
  const bare = path.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${method} ${bare}`;
}

/** Calls per endpoint, most first. */
export function callsByEndpoint(calls: readonly CrmCall[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.endpoint, (counts.get(c.endpoint) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

export interface Recorder {
  url: string;
  calls: CrmCall[];
  close(): Promise<void>;
}

export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  const calls: CrmCall[] = [];
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const path = req.url ?? '/';
    const crm = !path.startsWith('/oauth') && !path.startsWith('/__sandbox');
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (reply) => {
      if (crm) calls.push({ at, search: /\/search(\?|$)/.test(path), status: reply.statusCode ?? 0, endpoint: endpointOf(req.method ?? 'GET', path) });
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
