// The whole playbook, checked once when it loads: a malformed or duplicated entry stops the start instead of
// quietly never being found. docs/COACH.md lists the entries.
import { z } from 'zod';
import { FRAMEWORK_STEPS } from '../framework.ts';
import { DEBT_AND_DISCOVERY_ENTRIES } from './debt-and-discovery.ts';
import type { PlaybookEntry } from './playbook-entry.ts';
import { RELATIONSHIP_ENTRIES } from './relationship.ts';
import { TRADE_OFF_ENTRIES } from './trade-offs.ts';

const text = z.string().trim().min(1);
const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'ids are lower case with hyphens'),
  title: text,
  audience: z.enum(['pm', 'engineer', 'anyone']),
  topics: z.array(text).min(1),
  triggers: z.array(text).min(3),
  summary: text,
  advice: z.array(text).min(2),
  phrasings: z.array(text).min(1),
  followUps: z.array(text).min(1),
  steps: z.array(z.enum(FRAMEWORK_STEPS)).min(1),
  source: text,
});

export function checkPlaybook(entries: readonly PlaybookEntry[]): PlaybookEntry[] {
  const seen = new Set<string>();
  for (const e of entries) {
    const r = entrySchema.safeParse(e);
    if (!r.success)
      throw new Error(`playbook entry '${e.id}': ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (seen.has(e.id)) throw new Error(`playbook entry '${e.id}' appears twice`);
    seen.add(e.id);
  }
  return [...entries];
}

export const PLAYBOOK: readonly PlaybookEntry[] = checkPlaybook([
  ...TRADE_OFF_ENTRIES,
  ...RELATIONSHIP_ENTRIES,
  ...DEBT_AND_DISCOVERY_ENTRIES,
]);
