// HubSpot access outside the sidecar (the CLI's `sync`): an adapter over one token source with this
// process's own rate limiter. The transport and the adapter class stay in this directory.
import type { CrmAdapter } from '../port.ts';
import { HubSpotAdapter } from './adapter.ts';
import { HubSpotTransport } from './client.ts';
import type { HubSpotMapping } from './mapping.ts';
import type { TokenSource } from './tokens.ts';

export function standaloneHubSpotAdapter(options: { baseUrl: string; portalId: string; tokens: TokenSource; mapping: HubSpotMapping; perTenSeconds?: number | undefined }): CrmAdapter {
  const transport = new HubSpotTransport({ basePath: options.baseUrl, tokens: options.tokens, ...(options.perTenSeconds ? { perTenSeconds: options.perTenSeconds } : {}) });
  return new HubSpotAdapter({ portalId: options.portalId, transport, mapping: options.mapping });
}
