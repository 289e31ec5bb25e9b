// Turns quest events into lines of the team feed: what people said, and the moves and outcomes around it.
import type { Choice, QuestView } from '../../../engine/index.ts';
import type { SeenEvent } from '../api/types.ts';
import { firstName, humanise, NEED_INFO, roleName } from './vocabulary.ts';

export interface FeedItem {
  seq: number;
  at: number;
  /** message: someone spoke; move: a structured action; world: what happened to the world. */
  kind: 'message' | 'move' | 'world';
  by?: string;
  byName?: string;
  question?: boolean;
  /** Dictated through voice control rather than typed. */
  spoken?: boolean;
  toName?: string;
  text: string;
  tone?: 'good' | 'bad';
}

export interface FeedContext {
  view: QuestView;
  /** Labels of options and items, remembered from every decision this client has seen on the table. */
  choiceLabels: Map<string, string>;
}

function cardTitle(view: QuestView, id: string): string {
  const card = [...(view.me?.cards ?? []), ...view.cards].find((c) => c.id === id);
  return card ? `“${card.title}”` : 'a card';
}

function choiceText(ctx: FeedContext, c: Choice): string {
  const ids = 'option' in c ? [c.option] : c.items;
  return ids.map((id) => ctx.choiceLabels.get(id) ?? humanise(id)).join(' + ');
}

export function describeEvent(e: SeenEvent, ctx: FeedContext): FeedItem | null {
  const { view } = ctx;
  const ev = e.event;
  const base = { seq: e.seq, at: ev.at };
  const who = (role: string) => firstName(view, role);
  switch (ev.type) {
    case 'message_sent':
      return {
        ...base,
        kind: 'message',
        by: ev.by,
        byName: roleName(view, ev.by),
        question: ev.kind === 'question',
        ...(ev.via === 'voice' ? { spoken: true } : {}),
        ...(ev.to ? { toName: ev.to === view.me?.role ? 'you' : firstName(view, ev.to) } : {}),
        text: ev.text,
      };
    case 'card_shared':
      return {
        ...base,
        kind: 'move',
        by: ev.by,
        text:
          ev.with === 'team'
            ? `${who(ev.by)} shared ${cardTitle(view, ev.card)} with the team.`
            : `${who(ev.by)} showed ${cardTitle(view, ev.card)} to ${who(ev.with)}.`,
      };
    case 'card_shared_privately':
      return { ...base, kind: 'move', by: ev.by, text: `${who(ev.by)} showed ${who(ev.with)} a private card.` };
    case 'challenge_solved': {
      const title = view.solved.find((s) => s.id === ev.challenge)?.title ?? humanise(ev.challenge);
      return { ...base, kind: 'world', tone: 'good', text: `Hidden challenge solved: ${title}. A new option is on the table.` };
    }
    case 'need_named': {
      const need = NEED_INFO[ev.need]?.label.toLowerCase() ?? ev.need;
      const text =
        ev.by === ev.of
          ? `${who(ev.by)} said what they need: ${need}.`
          : `${who(ev.by)} named a need they hear in ${who(ev.of)}: ${need}.`;
      return { ...base, kind: 'move', by: ev.by, text };
    }
    case 'proposal_made':
      return {
        ...base,
        kind: 'move',
        by: ev.by,
        text: `${who(ev.by)} proposed ${ev.id.toUpperCase()}: ${choiceText(ctx, ev.choice)}.`,
      };
    case 'proposal_amended':
      return {
        ...base,
        kind: 'move',
        by: ev.by,
        text: `${who(ev.by)} amended ${ev.id.toUpperCase()}: ${choiceText(ctx, ev.choice)}.`,
      };
    case 'proposal_supported':
      return { ...base, kind: 'move', by: ev.by, text: `${who(ev.by)} supports ${ev.id.toUpperCase()}.` };
    case 'proposal_objected':
      return { ...base, kind: 'move', by: ev.by, text: `${who(ev.by)} objects to ${ev.id.toUpperCase()}: “${ev.reason}”` };
    case 'vote_cast':
      return { ...base, kind: 'move', by: ev.by, text: `${who(ev.by)} voted ${ev.vote} on ${ev.id.toUpperCase()}.` };
    case 'check_in_called':
      return {
        ...base,
        kind: 'world',
        text:
          `${who(ev.by)} called a check-in${ev.note ? `: “${ev.note}”` : ''}. ` +
          'The decision waits while the team talks about how it is talking.',
      };
    case 'check_in_ended':
      return { ...base, kind: 'world', text: 'The check-in is over; the discussion clock is running again.' };
    case 'player_ready':
      return { ...base, kind: 'move', by: ev.by, text: `${who(ev.by)} is ready to move on.` };
    case 'decision_made': {
      const what = choiceText(ctx, ev.choice);
      const text =
        ev.via === 'vote'
          ? `Decided by vote: ${what}.`
          : ev.via === 'timeout'
            ? `Time ran out; the default stands: ${what}.`
            : `The facilitator decided: ${what}.`;
      return { ...base, kind: 'world', tone: ev.via === 'timeout' ? 'bad' : undefined, text };
    }
    case 'risk_rolled':
      return ev.fired
        ? { ...base, kind: 'world', tone: 'bad', text: `Risk hit: ${ev.text}.` }
        : { ...base, kind: 'world', tone: 'good', text: `Risk avoided: ${ev.text}.` };
    case 'consequence_scheduled':
      return { ...base, kind: 'world', text: `Later: ${ev.text}.` };
    case 'consequence_came_due':
      return { ...base, kind: 'world', tone: 'bad', text: `Came due: ${ev.text}.` };
    case 'quest_started':
      return { ...base, kind: 'world', text: 'The quest has started.' };
    case 'scene_started':
      return { ...base, kind: 'world', text: `Scene ${ev.index + 1} begins.` };
    case 'phase_changed':
      return {
        ...base,
        kind: 'world',
        text: ev.phase === 'discussion' ? 'The discussion is open.' : 'Consequences: see what the decision did.',
      };
    case 'quest_paused':
      return { ...base, kind: 'world', text: 'The facilitator paused the quest. You can still talk.' };
    case 'quest_resumed':
      return { ...base, kind: 'world', text: 'The quest resumed.' };
    case 'timer_extended':
      return {
        ...base,
        kind: 'world',
        text: `The facilitator added ${ev.seconds % 60 === 0 ? `${ev.seconds / 60} min` : `${ev.seconds} s`} to the clock.`,
      };
    case 'seat_covered':
      return { ...base, kind: 'world', text: `A bot is covering for ${who(ev.role)} until they are back.` };
    case 'seat_released':
      return { ...base, kind: 'world', text: `${who(ev.role)} is back.` };
    case 'quest_ended':
      return { ...base, kind: 'world', text: ev.early ? 'The quest was ended early.' : 'The quest is over.' };
    case 'world_changed':
      return null;
  }
}
