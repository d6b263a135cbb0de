// Helpers for running the sidecar next to the local HubSpot or Salesforce sandbox (npm start,
// tests, benches): a free port to listen on, and the OAuth install walked the way an
// admin's browser walks it.
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port nothing listens on right now (another process may still take it before we do). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  probe.listen(0, host);
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** install → authorize (the sandbox approves at once) → callback; throws unless the last page is a 200. */
export async function installIntoSandbox(sidecarUrl: string, crm: 'hubspot' | 'salesforce' = 'hubspot'): Promise<void> {
  let url = new URL(`/oauth/${crm}/install`, sidecarUrl).toString();
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    const next = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && next) {
      url = new URL(next, url).toString();
      continue;
    }
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the install into the sandbox failed (${response.status}): ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
    return;
  }
  throw new Error('the install into the sandbox redirected too many times');
}
