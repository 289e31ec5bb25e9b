// drizzle-kit reads this to generate SQL migrations from the schema: `npx drizzle-kit generate`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // One migration sequence for every module's tables.
  schema: [
    './server/store/schema.ts',
    './server/accounts/schema.ts',
    './server/billing/schema.ts',
    './server/ledger/schema.ts',
    './server/coach/schema.ts',
    './server/insights/schema.ts',
    './server/jobs/schema.ts',
    './server/slack/schema.ts',
  ],
  out: './server/store/migrations',
});
