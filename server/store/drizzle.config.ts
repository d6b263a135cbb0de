// drizzle-kit configuration: `npm run db:generate` writes a new migration into
// server/store/migrations/ after a change to schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/store/schema.ts',
  out: './server/store/migrations',
  casing: 'snake_case',
});
