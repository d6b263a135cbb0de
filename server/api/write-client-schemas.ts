// `npm run contracts:generate`: writes the card client's JSON Schemas of the route contracts.
import { writeFileSync } from 'node:fs';
import { CLIENT_SCHEMAS_FILE, clientSchemasSource } from './client-schemas.ts';

const source = clientSchemasSource();
writeFileSync(CLIENT_SCHEMAS_FILE, source);
process.stdout.write(`wrote ${CLIENT_SCHEMAS_FILE.pathname} (${source.length} characters)\n`);
