// The subset of Block Kit Polarity sends, as zod schemas with Slack's documented limits
// (https://api.slack.com/reference/block-kit): every message, modal and App Home view is checked against these
// before it leaves, so a text grown too long fails here with a clear message instead of as invalid_blocks in Slack.
import { z } from 'zod';

const plain = (max: number) =>
  z.strictObject({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) =>
  z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.boolean().optional() });
const textObject = (max: number) => z.union([plain(max), mrkdwn(max)]);
const actionId = z.string().min(1).max(255);
const blockId = z.string().min(1).max(255).optional();

export const button = z.strictObject({
  type: z.literal('button'),
  text: plain(75),
  action_id: actionId,
  value: z.string().max(2000).optional(),
  url: z.string().url().max(3000).optional(),
  style: z.enum(['primary', 'danger']).optional(),
  accessibility_label: z.string().max(75).optional(),
});

const option = z.strictObject({ text: plain(75), value: z.string().min(1).max(150), description: plain(75).optional() });

const staticSelect = z.strictObject({
  type: z.literal('static_select'),
  action_id: actionId,
  placeholder: plain(150).optional(),
  options: z.array(option).min(1).max(100),
  initial_option: option.optional(),
});

const radioButtons = z.strictObject({
  type: z.literal('radio_buttons'),
  action_id: actionId,
  options: z.array(option).min(1).max(10),
  initial_option: option.optional(),
});

const plainTextInput = z.strictObject({
  type: z.literal('plain_text_input'),
  action_id: actionId,
  multiline: z.boolean().optional(),
  min_length: z.number().int().min(0).max(3000).optional(),
  max_length: z.number().int().min(1).max(3000).optional(),
  placeholder: plain(150).optional(),
  initial_value: z.string().max(3000).optional(),
});

const conversationsSelect = z.strictObject({
  type: z.literal('conversations_select'),
  action_id: actionId,
  placeholder: plain(150).optional(),
  initial_conversation: z.string().min(1).optional(),
  default_to_current_conversation: z.boolean().optional(),
  filter: z
    .strictObject({
      include: z
        .array(z.enum(['public', 'private', 'im', 'mpim']))
        .min(1)
        .optional(),
      exclude_bot_users: z.boolean().optional(),
    })
    .optional(),
});

export const sectionBlock = z
  .strictObject({
    type: z.literal('section'),
    block_id: blockId,
    text: textObject(3000).optional(),
    fields: z.array(textObject(2000)).min(1).max(10).optional(),
    accessory: button.optional(),
  })
  .refine((b) => b.text !== undefined || b.fields !== undefined, 'a section needs text or fields');

export const headerBlock = z.strictObject({ type: z.literal('header'), block_id: blockId, text: plain(150) });
export const dividerBlock = z.strictObject({ type: z.literal('divider'), block_id: blockId });
export const contextBlock = z.strictObject({
  type: z.literal('context'),
  block_id: blockId,
  elements: z.array(textObject(2000)).min(1).max(10),
});
export const actionsBlock = z
  .strictObject({
    type: z.literal('actions'),
    block_id: blockId,
    elements: z
      .array(z.union([button, staticSelect]))
      .min(1)
      .max(25),
  })
  .refine((b) => new Set(b.elements.map((e) => e.action_id)).size === b.elements.length, 'action_ids in a block must be unique');
export const inputBlock = z.strictObject({
  type: z.literal('input'),
  block_id: blockId,
  label: plain(2000),
  element: z.union([plainTextInput, staticSelect, radioButtons, conversationsSelect]),
  hint: plain(2000).optional(),
  optional: z.boolean().optional(),
});

const messageBlock = z.union([sectionBlock, headerBlock, dividerBlock, contextBlock, actionsBlock]);
const surfaceBlock = z.union([sectionBlock, headerBlock, dividerBlock, contextBlock, actionsBlock, inputBlock]);
export type Block = z.input<typeof surfaceBlock>;
export type MessageBlock = z.input<typeof messageBlock>;

function uniqueBlockIds(blocks: readonly { block_id?: string | undefined }[]): boolean {
  const ids = blocks.map((b) => b.block_id).filter((id) => id !== undefined);
  return new Set(ids).size === ids.length;
}

/** chat.postMessage / chat.postEphemeral / response_url: the fallback text is required for notifications. */
export const messagePayload = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z.array(messageBlock).max(50).refine(uniqueBlockIds, 'block_ids must be unique').optional(),
});

export const modalView = z.strictObject({
  type: z.literal('modal'),
  callback_id: z.string().min(1).max(255),
  title: plain(24),
  submit: plain(24).optional(),
  close: plain(24).optional(),
  private_metadata: z.string().max(3000).optional(),
  blocks: z.array(surfaceBlock).min(1).max(100).refine(uniqueBlockIds, 'block_ids must be unique'),
});

export const homeView = z.strictObject({
  type: z.literal('home'),
  callback_id: z.string().min(1).max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  blocks: z.array(messageBlock).min(1).max(100).refine(uniqueBlockIds, 'block_ids must be unique'),
});

export type MessagePayload = z.input<typeof messagePayload>;
export type ModalView = z.input<typeof modalView>;
export type HomeView = z.input<typeof homeView>;

export class BlockKitError extends Error {}

/** Returns the payload when it is valid Block Kit, else throws with every problem and where it is. */
export function checked<S extends z.ZodType>(schema: S, payload: z.input<S>, what: string): z.input<S> {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new BlockKitError(`${what} is not valid Block Kit: ${problems}`);
  }
  return payload;
}

/** Cuts text to a Block Kit limit, marking the cut, so user-written text never breaks a payload. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes &, < and > as Slack's mrkdwn requires for text people wrote. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
