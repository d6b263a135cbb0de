// npm run bench:sync [-- --crm hubspot|salesforce …]: the sync benchmark of one CRM (HubSpot by
// default). Each prints one JSON line; options: bench/sync-hubspot.ts, bench/sync-salesforce.ts.
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { crm: { type: 'string' } }, strict: false });
const crm = values.crm ?? 'hubspot';
if (crm === 'salesforce') await import('./sync-salesforce.ts');
else if (crm === 'hubspot') await import('./sync-hubspot.ts');
else throw new Error(`--crm must be hubspot or salesforce, got ${String(crm)}`);
