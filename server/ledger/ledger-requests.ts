// The shape of every ledger request. Objects are strict: an unknown field is refused rather than ignored, so a typo
// shows up as an error instead of a setting silently not taken. Numbers are checked against the published scales.
import { z } from 'zod';
import { IMPORT_FIELDS } from './import-columns.ts';
import { DEFAULT_SETTINGS } from './ledger-settings.ts';
import { THIRD_ROLES } from './practice-quest.ts';
import { isRiceConfidence, isRiceImpact, isWsjfStep, RICE_MIN_EFFORT } from './scales.ts';
import { BEARER_ROLES } from './trade-off-record.ts';
import { BREAK_KINDS, REPAIR_KINDS } from './trust-timeline.ts';

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not an id');
/** Control characters other than tab and line breaks have no business in text people read. */
function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 127 && c < 160)) return true;
  }
  return false;
}
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');
const longText = (max: number) => z.string().max(max, `at most ${max} characters`);
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a real date',
  );
const instant = z.iso
  .datetime({ offset: true, error: 'a date and time such as 2025-03-05T15:30:00Z' })
  .transform((s) => new Date(s));
const money = z.number().min(0, 'zero or more').max(1e12, 'at most 1,000,000,000,000');
const probability = z.number().min(0, 'a probability from 0 to 1').max(1, 'a probability from 0 to 1 (30% is 0.3)');
const kind = z.enum(['feature', 'debt']);
const status = z.enum(['open', 'done', 'dropped']);
export const method = z.enum(['rice', 'ice', 'wsjf']);

export const teamParams = z.strictObject({ teamId: uuid });
export const itemParams = z.strictObject({ teamId: uuid, itemId: uuid });
export const tradeOffParams = z.strictObject({ teamId: uuid, tradeOffId: uuid });
export const commitmentParams = z.strictObject({ teamId: uuid, commitmentId: uuid });
export const sprintParams = z.strictObject({ teamId: uuid, sprintId: uuid });
export const sprintItemParams = z.strictObject({ teamId: uuid, sprintId: uuid, itemId: uuid });
export const emptyQuery = z.strictObject({});
export const emptyBody = z.strictObject({}).optional();

// ---- settings

export const settingsChange = z
  .strictObject({
    method,
    iceRule: z.enum(['average', 'product']),
    sprintsPerQuarter: z.number().min(1).max(26),
    hoursPerPersonMonth: z.number().min(1).max(744),
    loadedHourlyCost: z.number().min(0).max(100_000),
    valuePerReachImpact: z.number().positive('more than zero').max(1e9),
    iceImpactTenAt: z.number().positive('more than zero').max(1e12),
    wsjfTwentyAt: z.number().positive('more than zero').max(1e12),
    qualityShare: z.number().min(0).max(1, 'a share from 0 to 1 (20% is 0.2)'),
    qualityWindow: z.number().int().min(1).max(52),
    dueSoonDays: z.number().int().min(0).max(365),
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, `change at least one setting (${Object.keys(DEFAULT_SETTINGS).join(', ')})`);

// ---- items

const riceInput = z.strictObject({
  reach: z.number().min(0).max(1e9).optional(),
  impact: z.number().refine(isRiceImpact, "impact is on Intercom's scale: 3, 2, 1, 0.5 or 0.25").optional(),
  confidence: z.number().refine(isRiceConfidence, 'confidence is 100, 80 or 50 (per cent)').optional(),
  effort: z.number().min(RICE_MIN_EFFORT, `effort is at least ${RICE_MIN_EFFORT} person-months`).max(1000).optional(),
});
const iceNumber = z.number().min(1, 'from 1 to 10').max(10, 'from 1 to 10');
const iceInput = z.strictObject({ impact: iceNumber.optional(), confidence: iceNumber.optional(), ease: iceNumber.optional() });
const wsjfNumber = z.number().refine(isWsjfStep, 'on the ladder 1, 2, 3, 5, 8, 13, 20');
const wsjfInput = z.strictObject({
  businessValue: wsjfNumber.optional(),
  timeCriticality: wsjfNumber.optional(),
  riskReduction: wsjfNumber.optional(),
  jobSize: wsjfNumber.optional(),
});
const debtInput = z.strictObject({
  extraHoursPerChange: z.number().min(0).max(10_000),
  changesPerSprint: z.number().min(0).max(10_000),
  loadedHourlyCost: z.number().min(0).max(100_000).optional(),
  outageProbability: probability,
  costPerOutage: money,
  principalHours: z.number().min(0).max(1_000_000),
  slows: z.array(uuid).max(50).default([]),
});
export const pricedRisk = z.strictObject({ text: text(500), probability, cost: money });

const itemFields = {
  kind,
  title: text(200),
  description: longText(20_000),
  status,
  points: z.number().int('points are whole numbers').min(0).max(1000).nullable(),
  rice: riceInput,
  ice: iceInput,
  wsjf: wsjfInput,
  debt: debtInput.nullable(),
  risks: z.array(pricedRisk).max(20),
};

export const createItemBody = z.strictObject({
  kind: itemFields.kind,
  title: itemFields.title,
  description: itemFields.description.default(''),
  status: itemFields.status.default('open'),
  points: itemFields.points.default(null),
  rice: itemFields.rice.default({}),
  ice: itemFields.ice.default({}),
  wsjf: itemFields.wsjf.default({}),
  debt: itemFields.debt.default(null),
  risks: itemFields.risks.default([]),
});

export const patchItemBody = z
  .strictObject(itemFields)
  .partial()
  .refine((o) => Object.keys(o).length > 0, 'change at least one field');

export const itemsQuery = z.strictObject({ kind: kind.optional(), status: status.optional() });
export const scoresQuery = z.strictObject({ method: method.optional() });

// ---- trade-off records

const optionId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _, starting with a letter');
const list = (max: number, each: number) => z.array(text(each)).max(max).default([]);
const tradeOffFields = {
  title: text(200),
  context: longText(20_000).default(''),
  drivers: list(20, 500),
  options: z
    .array(
      z.strictObject({
        id: optionId,
        title: text(200),
        description: longText(5000).default(''),
        pros: list(20, 500),
        cons: list(20, 500),
      }),
    )
    .max(10)
    .default([])
    .refine((os) => new Set(os.map((o) => o.id)).size === os.length, 'option ids must be unique'),
  chosenOption: optionId.nullable().default(null),
  because: longText(5000).default(''),
  consequences: z.strictObject({ good: list(20, 500), bad: list(20, 500) }).default({ good: [], bad: [] }),
  confirmation: longText(5000).default(''),
  risks: z.array(pricedRisk).max(30).default([]),
  cleanup: z
    .strictObject({ description: text(500), hours: z.number().min(0).max(1_000_000), dueOn: isoDate })
    .nullable()
    .default(null),
  bearers: z
    .array(z.strictObject({ personId: uuid, name: text(100), role: z.enum(BEARER_ROLES), bears: text(300) }))
    .max(12)
    .default([])
    .refine((bs) => new Set(bs.map((b) => b.personId.toLowerCase())).size === bs.length, 'each bearer is listed once'),
  consulted: list(30, 100),
  informed: list(30, 100),
};

export const tradeOffContent = z.strictObject(tradeOffFields);

export const editTradeOffBody = z.strictObject({
  /** The revision the editor saw: an edit on top of someone else's is refused instead of overwriting it. */
  revision: z.number().int().min(1),
  content: z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, 'change at least one field of the content'),
});

export const acceptBody = z.strictObject({ decidedAt: instant.optional() }).optional();

// ---- commitments and trust

export const createCommitmentBody = z.strictObject({
  title: text(200),
  ownerPersonId: uuid.nullable().default(null),
  ownerName: text(100),
  dueOn: isoDate,
  tradeOffId: uuid.nullable().default(null),
  itemId: uuid.nullable().default(null),
});
export const renegotiateBody = z.strictObject({
  dueOn: isoDate,
  reason: text(1000),
  agreedBy: z.array(text(100)).min(1, 'name who agreed to the new date').max(12),
});
export const honourBody = z.strictObject({ note: text(1000).optional() }).optional();
export const dropBody = z.strictObject({ reason: text(1000) });
export const trustEventBody = z.strictObject({
  kind: z.enum([...BREAK_KINDS, ...REPAIR_KINDS]),
  at: instant.optional(),
  note: text(2000),
});

// ---- sprints

export const createSprintBody = z
  .strictObject({ name: text(100), startsOn: isoDate, endsOn: isoDate, capacity: z.number().int().min(1).max(1000) })
  .refine((s) => s.endsOn >= s.startsOn, { message: 'a sprint ends on or after the day it starts', path: ['endsOn'] });
export const planItemBody = z.strictObject({
  itemId: uuid,
  points: z.number().int().min(0).max(1000).optional(),
  reason: text(1000).optional(),
});
export const unplanItemBody = z.strictObject({ reason: text(1000).optional() }).optional();

// ---- import and practice

export const MAX_CSV_CHARS = 2_000_000;
export const importBody = z.strictObject({
  source: z.enum(['jira', 'linear']),
  csv: z.string().min(1, 'the CSV is empty').max(MAX_CSV_CHARS, `at most ${MAX_CSV_CHARS} characters; split the export`),
  mapping: z.strictObject(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, text(200).nullable().optional()]))).default({}),
  debtMarkers: z.array(text(60)).min(1).max(30).optional(),
  dryRun: z.boolean().default(false),
});

export const practiceQuestBody = z.strictObject({
  itemIds: z
    .array(uuid)
    .min(2, 'choose 2 to 8 items')
    .max(8, 'choose 2 to 8 items')
    .refine((ids) => new Set(ids).size === ids.length, 'each item once'),
  capacity: z.number().int().min(1).max(1000),
  method: method.optional(),
  thirdRole: z.enum(THIRD_ROLES).default('support'),
  teamName: text(80).default('Your team'),
  names: z.strictObject({ pm: text(60).optional(), eng: text(60).optional(), third: text(60).optional() }).optional(),
});

/** The same selection, started as a quest; name is the host's name in the lobby (default: the person's own). */
export const startPracticeQuestBody = practiceQuestBody.extend({ name: text(40).optional() });
