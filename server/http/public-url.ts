// The URL HubSpot called, which is what it signed. Behind a load balancer or tunnel the request
// this process sees has another scheme and host, so the public one is rebuilt:
//   1. PUBLIC_URL set: its origin (and path prefix, if any) + the request's path and query;
//   2. else express's req.protocol / req.host, which read X-Forwarded-Proto / X-Forwarded-Host only
//      when the app's `trust proxy` setting trusts the peer (never trust them from the open internet);
//   3. else the request's own scheme and Host header.
import type { Request } from 'express';

export interface PublicUrlParts {
  /** PUBLIC_URL, e.g. https://sidecar.example.com (a path prefix such as /sidecar is kept). */
  publicUrl?: string | null | undefined;
  protocol: string;
  host: string | undefined;
  /** Path and query as received, e.g. /api/health?portalId=1 (express's req.originalUrl). */
  originalUrl: string;
}

/** Pure: the public URL from its parts. */
export function resolvePublicUrl({ publicUrl, protocol, host, originalUrl }: PublicUrlParts): string {
  const path = originalUrl.startsWith('/') ? originalUrl : `/${originalUrl}`;
  if (publicUrl) {
    const base = new URL(publicUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    return `${base.origin}${prefix}${path}`;
  }
  return `${protocol}://${host ?? 'localhost'}${path}`;
}

/** The public URL of an express request (see the header comment for the order of sources). */
export function publicRequestUrl(req: Request, publicUrl?: string | null): string {
  return resolvePublicUrl({ publicUrl, protocol: req.protocol, host: req.host, originalUrl: req.originalUrl });
}
