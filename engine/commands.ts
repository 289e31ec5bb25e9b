// Every command a seat can send, validated at the engine's door: the engine trusts nothing that reaches decide().
import { z } from 'zod';
import { NEEDS } from './scenario-schema.ts';

const roleId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'not a role id')
  .max(64);
const cardId = roleId;
const proposalId = z.string().regex(/^p\d{1,6}$/, 'not a proposal id (like p3)');
const words = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const riskSchema = z.strictObject({
  text: words(300),
  probability: z.number().min(0, 'a probability is between 0 and 1').max(1, 'a probability is between 0 and 1'),
  cost: z.number().min(0, 'a cost is not negative').max(1e12),
});

const choiceFields = {
  option: roleId.optional(),
  items: z.array(roleId).max(50).optional(),
};

const envelope = {
  at: z.number().int().min(0).max(8.64e15),
};

export const playerCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...envelope, type: z.literal('say'), text: words(2000), via: z.enum(['text', 'voice']).default('text') }),
  z.strictObject({
    ...envelope,
    type: z.literal('ask'),
    text: words(2000),
    to: roleId.optional(),
    via: z.enum(['text', 'voice']).default('text'),
  }),
  z.strictObject({ ...envelope, type: z.literal('share'), card: cardId, with: z.union([z.literal('team'), roleId]) }),
  z.strictObject({ ...envelope, type: z.literal('name_need'), need: z.enum(NEEDS), of: roleId.optional() }),
  z.strictObject({
    ...envelope,
    type: z.literal('propose'),
    decision: roleId,
    ...choiceFields,
    risks: z.array(riskSchema).max(10).default([]),
    bearers: z.array(roleId).max(6).default([]),
    rationale: z.string().trim().max(1000).default(''),
  }),
  z.strictObject({
    ...envelope,
    type: z.literal('amend'),
    proposal: proposalId,
    ...choiceFields,
    risks: z.array(riskSchema).max(10).optional(),
    bearers: z.array(roleId).max(6).optional(),
    rationale: z.string().trim().max(1000).optional(),
  }),
  z.strictObject({ ...envelope, type: z.literal('support'), proposal: proposalId }),
  z.strictObject({
    ...envelope,
    type: z.literal('object'),
    proposal: proposalId,
    reason: words(500),
    risk: riskSchema.optional(),
  }),
  z.strictObject({ ...envelope, type: z.literal('vote'), proposal: proposalId, vote: z.enum(['yes', 'no']) }),
  z.strictObject({ ...envelope, type: z.literal('check_in'), note: z.string().trim().max(500).default('') }),
  z.strictObject({ ...envelope, type: z.literal('ready') }),
]);

export const controlCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...envelope, type: z.literal('start') }),
  z.strictObject({ ...envelope, type: z.literal('pause') }),
  z.strictObject({ ...envelope, type: z.literal('resume') }),
  z.strictObject({ ...envelope, type: z.literal('extend'), seconds: z.number().int().min(10).max(1800) }),
  z.strictObject({ ...envelope, type: z.literal('end'), reason: z.string().trim().max(300).default('') }),
  z.strictObject({
    ...envelope,
    type: z.literal('cover_seat'),
    role: roleId,
    persona: z
      .string()
      .regex(/^[a-z]+$/)
      .max(32),
  }),
  z.strictObject({ ...envelope, type: z.literal('release_seat'), role: roleId }),
  z.strictObject({ ...envelope, type: z.literal('deadline') }),
]);

export type PlayerCommand = z.output<typeof playerCommandSchema>;
export type ControlCommand = z.output<typeof controlCommandSchema>;
export type PlayerCommandInput = z.input<typeof playerCommandSchema>;
export type ControlCommandInput = z.input<typeof controlCommandSchema>;

/** Who sends a command: a seated role, the facilitator, or the server itself (deadlines, bot cover). */
export type Actor = { role: string } | { facilitator: true } | { system: true };
