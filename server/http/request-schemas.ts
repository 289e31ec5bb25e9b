// The shape of every HTTP request the API accepts. Objects are strict: an unknown field is refused, not ignored,
// so a typo in a client shows up as an error instead of a silently dropped setting.
import { z } from 'zod';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id (letters, digits, _ and -, at most 64)');

export const playerName = z
  .string({ error: 'a name is text' })
  .trim()
  .min(1, 'a name must not be empty')
  .max(40, 'a name has at most 40 characters')
  .refine((s) => !/\p{Cc}/u.test(s), 'a name must not contain control characters');

export const createQuestBody = z.strictObject({
  scenarioId: z.string({ error: 'scenarioId is required' }).regex(/^[a-z][a-z0-9_-]{0,63}$/, 'not a scenario id'),
  name: playerName,
  seed: z.number().int('a seed is a whole number').min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Places the quest in a team of the signed-in creator's organisation. */
  teamId: z.uuid('teamId is not a team id').optional(),
  /** Places an ad hoc quest (no team) in this organisation of the creator's, instead of the one they joined first. */
  orgId: z.uuid('orgId is not an organisation id').optional(),
});

export const joinBody = z.strictObject({ name: playerName });

export const questParams = z.strictObject({ id: idSchema });
export const inviteParams = z.strictObject({ invite: idSchema });

const count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));

export const eventsQuery = z.strictObject({
  after: count(1e9).default(0),
  limit: count(1000).pipe(z.number().min(1, 'must be at least 1')).default(200),
});

export const emptyQuery = z.strictObject({});

export const bearer = z
  .string({ error: 'send Authorization: Bearer <player token>' })
  .regex(/^Bearer [A-Za-z0-9_-]{16,128}$/, 'send Authorization: Bearer <player token>')
  .transform((h) => h.slice(7));
