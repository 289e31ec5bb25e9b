// The shape of everything a client may send over the socket (docs/API.md). Checked here, before the QuestService
// sees it; who may do what is the service's business.
import { z } from 'zod';
import { controlCommandSchema, playerCommandSchema } from '../../engine/index.ts';

const roleId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'not a role id');

/**
 * The quest version a reconnecting client already has (auth.version): the updates after it are sent on connecting.
 * Also checked on its own on connecting, because a recovered session skips the handshake check.
 */
export const catchUpFrom = z
  .number({ error: 'auth.version must be a quest version (a whole number)' })
  .int('auth.version must be a whole number')
  .min(0, 'auth.version cannot be negative');

/** Without a token, the session cookie of a signed-in person who plays in the quest identifies the player. */
export const handshakeAuth = z.strictObject({
  token: z
    .string({ error: 'auth.token must be text' })
    .regex(/^[A-Za-z0-9_-]{16,128}$/, 'auth.token is not a player token')
    .optional(),
  questId: z.string({ error: 'auth.questId is required' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'auth.questId is not a quest id'),
  // Socket.IO's connection state recovery adds these on a reconnect; when the session cannot be recovered (its
  // process died, or the window passed) the handshake is checked with them in it, and must still pass.
  pid: z.string().max(64).optional(),
  offset: z.string().max(64).optional(),
  version: catchUpFrom.optional(),
});

export const seatPayload = z.strictObject({ seat: z.union([z.literal('spectator'), z.literal('facilitator'), roleId]) });
export const botsPayload = z.strictObject({ persona: z.enum(['collaborative', 'positional', 'quiet']) });
export const clearPayload = z.strictObject({ role: roleId });
export const emptyPayload = z.strictObject({});

/** An engine command as a client sends it: without `at`, which the server stamps. */
const clientCommand = z
  .record(z.string(), z.unknown(), { error: 'command must be an object like { type: "say", text: "…" }' })
  .superRefine((c, ctx) => {
    if ('at' in c) {
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'do not send at: the server stamps the time' });
      return;
    }
    const stamped = { ...c, at: 0 };
    const asPlayer = playerCommandSchema.safeParse(stamped);
    if (asPlayer.success) return;
    const asControl = controlCommandSchema.safeParse(stamped);
    if (asControl.success) return;
    const type = typeof c.type === 'string' ? c.type : undefined;
    const isControl = type !== undefined && controlCommandSchema.options.some((o) => o.shape.type.value === type);
    const failed = isControl ? asControl : asPlayer;
    for (const issue of failed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export const commandPayload = z.strictObject({ command: clientCommand });
