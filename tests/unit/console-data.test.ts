// The console's overview, progress and "Recompute all" routes on a real express app, over a
// recording backend: "starting" until the sidecar runs, dates validated, writes from the console's
// own page only, failures answered in the error envelope with what to do.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleDataRoutes, type ConsoleBackend } from '../../server/http/routes/console-data.ts';
import type { PortfolioOverview, PortfolioProgress } from '../../server/store/portfolio-overview.ts';

const NONE = { accounts: 0, arr: 0 };
const OVERVIEW: PortfolioOverview = { accounts: 1, arr: 0, accountsWithArr: 0, currency: null, byRisk: { high: NONE, medium: NONE, low: NONE, unknown: { accounts: 1, arr: 0 } }, next90Days: NONE, renewals: [], robBuckets: [], unscored: 1 };
const PROGRESS: PortfolioProgress = { syncing: true, mode: 'full', read: 100, scored: 60, lastComputedAt: '2026-12-06T10:00:00.000Z', written: 40, pendingWrites: 20, failedWrites: 0, lastSyncStartedAt: null };

let server: Server;
let url = '';
let backend: ConsoleBackend | null = null;
const calls: string[] = [];
let failing = false;

beforeAll(async () => {
  const app = express();
  app.use(consoleDataRoutes({ portalId: '62515', backend: () => backend, fromOwnPage: (req) => req.get('origin') === url }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const recording: ConsoleBackend = {
  overview: (portalId, today) => {
    calls.push(`overview ${portalId} ${today}`);
    if (failing) return Promise.reject(new Error('db down'));
    return Promise.resolve(OVERVIEW);
  },
  progress: (portalId) => {
    calls.push(`progress ${portalId}`);
    return Promise.resolve(PROGRESS);
  },
  recomputeAll: (portalId) => {
    calls.push(`recompute-all ${portalId}`);
    return Promise.resolve();
  },
};

describe('the console data routes', () => {
  it('answer 503 "starting" with a retry hint before the sidecar runs', async () => {
    const answer = await fetch(`${url}/console/data/progress`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(await answer.json()).toEqual({ error: { code: 'starting', message: 'The sidecar is still starting. Try again in a few seconds.' } });
  });

  it('read the progress and the overview of the demo portal, for the day asked', async () => {
    backend = recording;
    const progress = await fetch(`${url}/console/data/progress`);
    expect(progress.status).toBe(200);
    expect(progress.headers.get('cache-control')).toBe('no-store');
    expect(await progress.json()).toEqual(PROGRESS);
    const overview = await fetch(`${url}/console/data/overview?today=2026-12-06`);
    expect(await overview.json()).toEqual(OVERVIEW);
    expect(calls).toEqual(['progress 62515', 'overview 62515 2026-12-06']);
  });

  it('refuse a malformed date and unknown parameters', async () => {
    for (const query of ['today=06.12.2026', 'today=2026-12-06&portalId=1']) {
      const answer = await fetch(`${url}/console/data/overview?${query}`);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });

  it('say what to do when the database fails', async () => {
    failing = true;
    const answer = await fetch(`${url}/console/data/overview`);
    failing = false;
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/Check the sidecar’s log, then reload/);
  });

  it('never send an answer its contract refuses', async () => {
    backend = { ...recording, progress: () => Promise.resolve({ ...PROGRESS, scored: -1 }) };
    const answer = await fetch(`${url}/console/data/progress`);
    backend = recording;
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('internal');
  });

  it('queue "Recompute all" from the console page only', async () => {
    calls.length = 0;
    const foreign = await fetch(`${url}/console/data/recompute-all`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(calls).toEqual([]);
    const own = await fetch(`${url}/console/data/recompute-all`, { method: 'POST', headers: { origin: url } });
    expect(own.status).toBe(202);
    expect(calls).toEqual(['recompute-all 62515']);
  });
});
