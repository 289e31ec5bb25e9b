// What a spoken sentence asks the quest to do. Pure: no DOM, no socket, so a table of utterances can test it.
// Speech recognition hands over lower-case words without punctuation, with fillers and homophones ("won" for
// "one"); the reading tolerates all three. Anything that is not clearly a command is dictation: it goes to the
// team as a chat message marked as spoken. Proposals, votes and sharing private intel cannot be taken back, so
// they come back with `confirm` set and are sent only after the speaker says yes.
import type { ClientCommand } from '../api/types.ts';

export interface VoiceContext {
  /** The decision on the table, or null between scenes. */
  decision: {
    id: string;
    plan: boolean;
    choices: { id: string; label: string; kind?: 'feature' | 'debt' }[];
  } | null;
  proposals: { id: string; status: 'open' | 'accepted' | 'superseded'; author: string; decision: string }[];
  /** The speaker's role and the cards they hold; null for the facilitator or a spectator. */
  me: { role: string; cards: { id: string; title: string; sharedWith: 'team' | string[] }[] } | null;
  roles: { id: string; name: string; title: string }[];
  facilitating: boolean;
}

export type VoiceReading =
  | {
      kind: 'command';
      command: ClientCommand;
      /** What will happen, in words, for the caption and the confirmation question. */
      summary: string;
      /** Set when the move cannot be undone: ask before sending. */
      confirm: boolean;
    }
  | { kind: 'dictation'; command: Extract<ClientCommand, { type: 'say' | 'ask' }>; summary: string; confirm: false }
  /** Recognised as a command that cannot be carried out as heard: say why, send nothing. */
  | { kind: 'unclear'; message: string }
  | { kind: 'silence' };

const FILLER_WORDS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'erm', 'er', 'ah', 'hmm', 'hm', 'mm', 'mmm', 'eh']);
/** Words that carry no command meaning at the start of a sentence ("okay so, like, I propose…"). */
const LEAD_INS =
  /^(?:(?:ok(?:ay)?|alright|all right|so|well|right|yeah|now|hey|actually|basically|like|you know|i mean|i guess|i think|honestly|then|and|please|just|look|listen)\s+)+/;
const SOFTENERS = /\b(?:like|you know|i mean|kind of|sort of|basically|actually|just|please)\b/g;

/** Recognition mishearings of small numbers; only read as numbers where a number is expected. */
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  won: 1,
  wan: 1,
  first: 1,
  two: 2,
  too: 2,
  to: 2,
  tu: 2,
  second: 2,
  three: 3,
  tree: 3,
  third: 3,
  four: 4,
  for: 4,
  fore: 4,
  fourth: 4,
  forth: 4,
  five: 5,
  fifth: 5,
  six: 6,
  sex: 6,
  sixth: 6,
  seven: 7,
  seventh: 7,
  eight: 8,
  ate: 8,
  eighth: 8,
  nine: 9,
  nein: 9,
  ninth: 9,
  ten: 10,
  tenth: 10,
  eleven: 11,
  twelve: 12,
};

function numberOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  if (/^\d{1,3}$/.test(word)) return Number(word);
  const m = /^(\d{1,3})(?:st|nd|rd|th)$/.exec(word);
  if (m) return Number(m[1]);
  return NUMBER_WORDS[word] ?? null;
}

/** Lower case, plain apostrophes, no punctuation, no fillers, single spaces. */
export function normalise(utterance: string): string {
  return utterance
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\+\s?1\b/g, ' plus one ')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !FILLER_WORDS.has(w.replace(/'/g, '')))
    .join(' ')
    .replace(/\b(\w+) \1\b/g, '$1')
    .trim();
}

/** The words as spoken, fillers removed, for dictation and reasons: people's own words, not ours. */
function cleanSpeech(utterance: string): string {
  return utterance
    .replace(/(^|[\s,.;:!?])(?:um+|uh+|uhm|erm|er|ah|hmm+|mm+)(?=[\s,.;:!?]|$)[,.]?/gi, '$1')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,.;:]+/, '')
    .trim();
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const PROPOSAL_REF = /\b(?:proposal|proposals|p|pee|pea)\s+(?:number\s+)?(\d{1,3}|[a-z]+)\b/;

export function interpret(utterance: string, ctx: VoiceContext): VoiceReading {
  const raw = cleanSpeech(utterance);
  let said = normalise(utterance);
  if (!said) return { kind: 'silence' };
  said = said.replace(LEAD_INS, '').trim() || said;

  return (
    readVote(said, ctx) ??
    readObjection(said, raw, ctx) ??
    readSupport(said, ctx) ??
    readShare(said, ctx) ??
    readPause(said, raw, ctx) ??
    readReady(said, ctx) ??
    readProposal(said, ctx) ??
    dictation(raw)
  );
}

/** The answer to "Send it?": yes, no, or not an answer at all. */
export function readConfirmation(utterance: string): 'yes' | 'no' | null {
  const s = normalise(utterance).replace(LEAD_INS, '').trim();
  if (
    /^(?:no|nope|nah|cancel|cancel that|stop|don't|do not|never ?mind|wait|hold on|not yet|scratch that|forget it|no thanks|no thank you|negative)\b/.test(
      s,
    )
  )
    return 'no';
  if (
    /^(?:yes|yeah|yep|yup|yes please|sure|confirm|confirmed|correct|do it|go ahead|go for it|send it|send|ok|okay|affirmative|that's right|right|absolutely|please do|ya|yah)\b/.test(
      s,
    )
  )
    return 'yes';
  return null;
}

// ---------------------------------------------------------------------------------------------------- proposals

function openProposals(ctx: VoiceContext) {
  return ctx.proposals.filter((p) => p.status === 'open' && (!ctx.decision || p.decision === ctx.decision.id));
}

/** "proposal two", "p3", or "that" (the latest open proposal); an error message when it cannot be found. */
function targetProposal(said: string, ctx: VoiceContext, verb: string): { id: string } | { problem: string } {
  const open = openProposals(ctx);
  const m = PROPOSAL_REF.exec(said) ?? /\bp(\d{1,3})\b/.exec(said);
  if (m) {
    const n = numberOf(m[1]);
    if (n !== null) {
      const id = `p${n}`;
      if (open.some((p) => p.id === id)) return { id };
      return { problem: `There is no open proposal P${n} to ${verb}.${listOpen(open)}` };
    }
  }
  if (open.length === 0) return { problem: `There is no open proposal to ${verb} yet.` };
  // "That" is the newest proposal someone else made; your own only when it is the only one.
  const others = open.filter((p) => p.author !== ctx.me?.role);
  const latest = (others.length ? others : open).at(-1);
  return { id: (latest as { id: string }).id };
}

function listOpen(open: { id: string }[]): string {
  return open.length ? ` Open: ${open.map((p) => p.id.toUpperCase()).join(', ')}.` : '';
}

function needsSeat(ctx: VoiceContext, what: string): VoiceReading | null {
  return ctx.me ? null : { kind: 'unclear', message: `Only a seated player can ${what}.` };
}

function readVote(said: string, ctx: VoiceContext): VoiceReading | null {
  const m =
    /^(?:i(?:'m| am)? |we |i'd |i would |let me |i want to |i wanna |i'll |i will )?(?:like to )?(?:vote|votes|voting|voted|boat|vault|volt)s? (?:a )?(yes|yeah|yep|aye|eye|i|yes's|yas|in favou?r|for|no|nope|nay|know|against|nah)\b(.*)$/.exec(
      said,
    ) ??
    /^(yes|no) (?:vote|votes)\b(.*)$/.exec(said) ??
    /^(?:my vote is|put me down as|i say|count me) (yes|yeah|no|in|out)\b(.*)$/.exec(said) ??
    /^(yes|no|yeah|nope) (?:on|to|for) (?:proposal|p)\b(.*)$/.exec(said);
  if (!m) return null;
  // "vote for proposal two" reads as yes; "vote for" alone is still yes.
  const word = m[1] as string;
  const vote: 'yes' | 'no' = /^(?:no|nope|nay|know|against|nah|out)$/.test(word) ? 'no' : 'yes';
  const rest = `${word === 'for' ? 'for ' : ''}${m[2] ?? ''}`;
  const seat = needsSeat(ctx, 'vote');
  if (seat) return seat;
  const target = targetProposal(rest, ctx, 'vote on');
  if ('problem' in target) return { kind: 'unclear', message: target.problem };
  return {
    kind: 'command',
    command: { type: 'vote', proposal: target.id, vote },
    summary: `Vote ${vote} on ${target.id.toUpperCase()}`,
    confirm: true,
  };
}

function readSupport(said: string, ctx: VoiceContext): VoiceReading | null {
  const m =
    /^(?:i |we |i'd |i would |i'll |i will )?(?:(?:also|really|fully|totally|strongly) )?(?:support|supports|supported|second|seconds|back|endorse|agree with|i'm with|am with|plus one|plus one to|like)(?: on| to)? (that|this|it|the proposal|that proposal|this one|that one|the last one|the latest one|(?:proposal|p|pee|pea) (?:number )?\w+|p\d+)(?: one| proposal| idea| plan)?$/.exec(
      said,
    ) ?? /^(?:plus one|seconded|i second that|same here|i support|support)$/.exec(said);
  if (!m) return null;
  const seat = needsSeat(ctx, 'support a proposal');
  if (seat) return seat;
  const target = targetProposal(m[1] ?? '', ctx, 'support');
  if ('problem' in target) return { kind: 'unclear', message: target.problem };
  return {
    kind: 'command',
    command: { type: 'support', proposal: target.id },
    summary: `Support ${target.id.toUpperCase()}`,
    confirm: false,
  };
}

function readObjection(said: string, raw: string, ctx: VoiceContext): VoiceReading | null {
  const lead =
    /^(?:i |we )?(?:(?:want to|wanna|would like to|have to|need to|must|'d like to|have an?|raise an?|i have an?|let me) )?(?:object|objection|objections|objecting|oppose|i'm against|am against)(?: (?:to|on|against) (?:that|this|it|the proposal|that proposal|this proposal|(?:proposal|p) (?:number )?\w+|p\d+))?\b/;
  const m = lead.exec(said);
  if (!m) return null;
  const seat = needsSeat(ctx, 'object');
  if (seat) return seat;
  const target = targetProposal(m[0], ctx, 'object to');
  if ('problem' in target) return { kind: 'unclear', message: target.problem };
  const reason = reasonAfter(raw, m[0]);
  if (!reason)
    return {
      kind: 'unclear',
      message: 'Say why in the same sentence, for example: “I object: it breaks under load.”',
    };
  return {
    kind: 'command',
    command: { type: 'object', proposal: target.id, reason },
    summary: `Object to ${target.id.toUpperCase()}: ${reason}`,
    confirm: false,
  };
}

/**
 * The reason after the objection's opening words, in the speaker's own casing. The opening is found again in the
 * spoken text by counting its words, so "I, um, object to P2 because it breaks" keeps "It breaks".
 */
function reasonAfter(raw: string, normalisedLead: string): string {
  const leadWords = normalisedLead.split(' ').length;
  const words = raw.split(/\s+/);
  let seen = 0;
  let i = 0;
  for (; i < words.length && seen < leadWords; i++) {
    const w = normalise(words[i] as string);
    if (w) seen += w.split(' ').length;
  }
  const rest = words
    .slice(i)
    .join(' ')
    .replace(/^[\s,.;:—–-]+/, '')
    .replace(/^(?:because|since|as|cause|'cause|cuz|that|so|the reason is|my reason is)\b[\s,:]*/i, '')
    .trim();
  return rest ? sentenceCase(rest).slice(0, 500) : '';
}

// --------------------------------------------------------------------------------------------------------- intel

function readShare(said: string, ctx: VoiceContext): VoiceReading | null {
  const m =
    /^(?:i(?:'ll| will)? |let me |i want to |i wanna |i'd like to |can i |we should |let's )?(?:share|shared|sharing|chair|show|reveal|read out|put out|pool)s? (my|the|our|this|that|a|an)?\s*(.*?)\s*(?:card|cards|intel|intelligence|info|information|fact|secret)?(?: card)?(?: (?:with|to) (?:the |my )?(.+))?$/.exec(
      said,
    );
  if (!m) return null;
  const object = `${m[1] ?? ''} ${m[2] ?? ''}`.trim();
  // "Show me the numbers" or "share the load" is talk, not a card: require a card word or a card's title.
  const mentionsCard = /\b(?:card|cards|intel|intelligence|info|information|secret)\b/.test(said);
  const cards = ctx.me?.cards ?? [];
  // Without a card word, a title must be named in at least two of its words ("share the load" is not a card).
  const byTitle = matchCardTitle(m[2] ?? '', cards, mentionsCard ? 1 : 2);
  if (!mentionsCard && !byTitle) return null;
  if (!ctx.me) return { kind: 'unclear', message: 'Only a seated player has intel to share.' };
  const mine = cards.filter((c) => c.sharedWith !== 'team');
  let card = byTitle;
  if (!card) {
    const n = /\b(?:card|intel|number) (\w+)$/.exec(object) ?? /^(?:the )?(\w+) (?:card|one)$/.exec(object);
    const index = n ? numberOf(n[1]) : null;
    if (index !== null && cards[index - 1]) card = cards[index - 1];
    else if (mine.length === 1) card = mine[0];
    else if (mine.length === 0) return { kind: 'unclear', message: 'Your intel is already shared with the whole team.' };
    else
      return {
        kind: 'unclear',
        message: `Which card? Say its title: ${mine.map((c) => `“${c.title}”`).join(' or ')}.`,
      };
  }
  if (!card) return null;
  const audience = m[3]?.replace(/\b(?:please|now|too)\b/g, '').trim() ?? '';
  let withWhom: 'team' | string = 'team';
  if (audience && !/^(?:team|everyone|everybody|all|the group|group|us|all of you|you all|y'all|the room)$/.test(audience)) {
    const role = matchRole(audience, ctx);
    if (!role) return { kind: 'unclear', message: `Nobody here is called “${audience}”.` };
    withWhom = role.id;
  }
  if (card.sharedWith === 'team') return { kind: 'unclear', message: `“${card.title}” is already shared with the whole team.` };
  const who = withWhom === 'team' ? 'the whole team' : (ctx.roles.find((r) => r.id === withWhom)?.name ?? withWhom);
  return {
    kind: 'command',
    command: { type: 'share', card: card.id, with: withWhom },
    summary: `Share your intel “${card.title}” with ${who}`,
    confirm: true,
  };
}

function matchCardTitle<T extends { title: string }>(phrase: string, cards: T[], minWords: number): T | undefined {
  const words = contentWords(phrase);
  if (words.length === 0) return undefined;
  let best: T | undefined;
  let bestScore = 0;
  for (const c of cards) {
    const score = overlap(words, contentWords(c.title));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore >= minWords ? best : undefined;
}

function matchRole(phrase: string, ctx: VoiceContext) {
  const words = contentWords(phrase);
  let best: VoiceContext['roles'][number] | undefined;
  let bestScore = 0;
  for (const r of ctx.roles) {
    const score = overlap(words, contentWords(`${r.name} ${r.title} ${r.id.replace(/_/g, ' ')}`));
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return bestScore >= 1 ? best : undefined;
}

// ------------------------------------------------------------------------------------------------ pause, ready

function readPause(said: string, raw: string, ctx: VoiceContext): VoiceReading | null {
  const m =
    /^(?:let's|lets|let us|can we|could we|we should|we need to|shall we|i want to|i'd like to|i would like to|i'm going to|i'll|i|maybe we should|how about we)?\s*(?:pause|paws|pores|pours|take a pause|hit pause|press pause|take a break|take a beat|call a check in|call a checkin|call for a check in|do a check in|have a check in|check in|checkin|time out|timeout|step back|take a step back|stop the clock|hold the clock|freeze)(?: (?:for )?(?:a |one )?(?:moment|minute|second|sec|bit))?(?: (?:here|now|please|everyone|everybody|team))*(?: (about|because|since|so|to talk about|i notice|i think)\b(.*))?$/.exec(
      said,
    );
  if (!m) return null;
  if (ctx.facilitating) {
    return { kind: 'command', command: { type: 'pause' }, summary: 'Pause the quest clock', confirm: false };
  }
  if (!ctx.me) return { kind: 'unclear', message: 'Only a seated player can call a check-in.' };
  const note = m[1] ? reasonAfterWord(raw, m[1]) : '';
  return {
    kind: 'command',
    command: { type: 'check_in', note },
    summary: note ? `Call a check-in: ${note}` : 'Call a check-in (the decision clock pauses)',
    confirm: false,
  };
}

function reasonAfterWord(raw: string, word: string): string {
  const i = raw.toLowerCase().indexOf(` ${word.split(' ')[0]}`);
  if (i < 0) return '';
  const rest = raw
    .slice(i + 1)
    .replace(/^(?:about|because|since|so|to talk about)\b[\s,:]*/i, '')
    .trim();
  return rest ? sentenceCase(rest).slice(0, 500) : '';
}

function readReady(said: string, ctx: VoiceContext): VoiceReading | null {
  if (
    !/^(?:i'm|i am|we're|we are|im)?\s*(?:ready|already|reddy)(?: (?:to (?:discuss|go|move on|continue|talk)|for (?:the )?next(?: scene| one)?|now))?$/.test(
      said,
    ) &&
    !/^(?:let's|lets|let us) (?:move on|go on|continue|get going|start|begin|discuss)$/.test(said) &&
    !/^(?:next scene|next|move on|done reading|i've read it|i have read it|i'm done reading)$/.test(said)
  )
    return null;
  const seat = needsSeat(ctx, 'say you are ready');
  if (seat) return seat;
  return { kind: 'command', command: { type: 'ready' }, summary: 'Say you are ready', confirm: false };
}

// ------------------------------------------------------------------------------------------------------ proposing

const PROPOSE_LEAD =
  /^(?:i |we |i'd |i would |i want to |i wanna |let me |i'd like to |i'm going to |i'll )?(?:like to )?(?:propose|proposed|proposes|purpose|suggest|recommend|move|put forward|table)(?: that| a proposal)?(?: (?:we|us|the team))?(?: should| could| will| go with| take on| do| take| pick| choose| commit to| plan| the plan| a plan(?: of| with)?| doing| taking| going with)*\b(.*)$/;
const LETS_LEAD =
  /^(?:let's|lets|let us|how about we|how about|what if we|my proposal is(?: that| we| to)?|proposal|i say we|we should) (?:go with|take on|take|pick|choose|do|commit to|plan)\b(.*)$/;

function readProposal(said: string, ctx: VoiceContext): VoiceReading | null {
  const m = PROPOSE_LEAD.exec(said) ?? LETS_LEAD.exec(said);
  if (!m) return null;
  // "I propose" is always meant as a proposal; "let's do…" or "I suggest…" only when it names something on the
  // board. Otherwise it is talk ("I suggest we ask Carla first") and goes to the team as said.
  const firm = /\b(?:propose|proposed|proposes|purpose|my proposal is|proposal)\b/.test(
    said.slice(0, said.length - (m[1]?.length ?? 0)),
  );
  const reading = proposalFor(m[1] ?? '', ctx);
  return reading.kind === 'unclear' && !firm ? null : reading;
}

function proposalFor(rest: string, ctx: VoiceContext): VoiceReading {
  const seat = needsSeat(ctx, 'propose');
  if (seat) return seat;
  const d = ctx.decision;
  if (!d) return { kind: 'unclear', message: 'There is no decision on the table to propose for.' };
  const phrase = rest
    .replace(SOFTENERS, ' ')
    .replace(/^\s*(?:we |to |that )?(?:take |do |pick |choose |go with )?/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!phrase) return { kind: 'unclear', message: `Say what you propose, for example: “I propose ${example(d)}”.` };
  if (d.plan) {
    const picked = matchItems(phrase, d.choices);
    if ('problem' in picked) return { kind: 'unclear', message: picked.problem };
    const labels = picked.ids.map((id) => d.choices.find((c) => c.id === id)?.label ?? id);
    return {
      kind: 'command',
      command: { type: 'propose', decision: d.id, items: picked.ids, risks: [], bearers: [], rationale: '' },
      summary: `Propose a plan: ${labels.join(', ')}`,
      confirm: true,
    };
  }
  const option = matchOne(phrase, d.choices);
  if ('problem' in option) return { kind: 'unclear', message: option.problem };
  const label = d.choices.find((c) => c.id === option.id)?.label ?? option.id;
  return {
    kind: 'command',
    command: { type: 'propose', decision: d.id, option: option.id, risks: [], bearers: [], rationale: '' },
    summary: `Propose: ${label}`,
    confirm: true,
  };
}

function example(d: NonNullable<VoiceContext['decision']>): string {
  return d.plan ? 'we take items one and two' : `option one, “${d.choices[0]?.label ?? ''}”`;
}

type Choice = NonNullable<VoiceContext['decision']>['choices'][number];
type Kind = 'feature' | 'debt' | 'any';

const KIND_NOUNS: Record<string, Kind> = {
  feature: 'feature',
  features: 'feature',
  debt: 'debt',
  debts: 'debt',
  fix: 'debt',
  fixes: 'debt',
  item: 'any',
  items: 'any',
  option: 'any',
  options: 'any',
  number: 'any',
  numbers: 'any',
  choice: 'any',
  choices: 'any',
  ticket: 'any',
  tickets: 'any',
};

/** The nth choice of a kind, counted in the order the decision lists them. */
function nth(choices: Choice[], kind: Kind, n: number): Choice | undefined {
  const pool = kind === 'any' ? choices : choices.filter((c) => c.kind === kind);
  return pool[n - 1];
}

const CONNECTORS = new Set(['and', 'plus', 'also', 'with', 'the', 'then', 'a', 'an', 'as', 'well', 'along', 'both', 'one']);

/** The kind a noun names at position i ("tech debt" counts as one noun), and how many words it takes. */
function kindAt(words: string[], i: number): { kind: Kind; length: number } | null {
  const w = words[i];
  if (w === undefined) return null;
  if (w === 'tech' && (words[i + 1] === 'debt' || words[i + 1] === 'debts')) {
    // "tech debt item two": the trailing noun belongs to the same reference.
    const extra = words[i + 2] && KIND_NOUNS[words[i + 2] as string] === 'any' ? 1 : 0;
    return { kind: 'debt', length: 2 + extra };
  }
  const kind = KIND_NOUNS[w];
  if (!kind) return null;
  const extra = kind !== 'any' && words[i + 1] && KIND_NOUNS[words[i + 1] as string] === 'any' ? 1 : 0;
  return { kind, length: 1 + extra };
}

interface ItemReading {
  ids: string[];
  /** Words that named nothing on the board, or a number past the end of the list. */
  problem?: string;
}

/**
 * Walks the spoken words left to right. A noun followed by numbers ("features one two and four"), a number followed
 * by a noun ("the second debt item"), a bare number after a noun ("…and two"), or the longest run of words that
 * names one label ("the cleanup sprint"); "and" and commas are optional, as recognition often drops them.
 */
function readItems(phrase: string, choices: Choice[], single: boolean): ItemReading {
  const words = phrase.split(' ').filter(Boolean);
  const ids: string[] = [];
  let carried: Kind | null = null;
  let i = 0;
  const take = (kind: Kind, n: number): string | null => {
    const c = nth(choices, kind, n);
    if (!c)
      return `There is no ${kind === 'any' ? (single ? 'option' : 'item') : kind === 'debt' ? 'tech-debt item' : 'feature'} ${n} on the board.`;
    ids.push(c.id);
    return null;
  };
  while (i < words.length) {
    const w = words[i] as string;
    const noun = kindAt(words, i);
    if (noun) {
      let j = i + noun.length;
      if (words[j] === 'number') j++;
      const n = numberOf(words[j]);
      if (n !== null) {
        const problem = take(noun.kind, n);
        if (problem) return { ids, problem };
        carried = noun.kind;
        i = j + 1;
        continue;
      }
    }
    const n = numberOf(w);
    // "first", "2nd", or any number when a noun came before: "features one and two".
    const ordinalWord = /^\d|st$|nd$|rd$|th$|^first$|^second$|^third$/.test(w);
    if (n !== null && (carried !== null || ordinalWord || kindAt(words, i + 1) || words[i + 1] === 'one')) {
      const after = kindAt(words, i + 1);
      if (after) {
        carried = after.kind;
        i += 1 + after.length;
      } else {
        i += words[i + 1] === 'one' ? 2 : 1;
      }
      // "for" and "to" are numbers only where a number is expected; elsewhere they are just words.
      if (after || carried !== null || ordinalWord) {
        const problem = take(after?.kind ?? carried ?? 'any', n);
        if (problem) return { ids, problem };
        continue;
      }
    }
    if (CONNECTORS.has(w) || w === 'number') {
      i++;
      continue;
    }
    const found = longestLabel(words, i, choices);
    if (found === 'ambiguous') return { ids, problem: `ambiguous:${words.slice(i).join(' ')}` };
    if (!found) return { ids, problem: `unmatched:${words.slice(i).join(' ')}` };
    ids.push(found.choice.id);
    carried = null;
    i = found.end;
  }
  return { ids: [...new Set(ids)] };
}

function matchItems(phrase: string, choices: Choice[]): { ids: string[] } | { problem: string } {
  const r = readItems(phrase, choices, false);
  if (r.problem?.startsWith('ambiguous:'))
    return { problem: `“${r.problem.slice(10)}” could be more than one item. Say it by number or in more words.` };
  if (r.problem?.startsWith('unmatched:'))
    return { problem: `No backlog item matches “${r.problem.slice(10)}”. Items: ${numbered(choices)}.` };
  if (r.problem) return { problem: `${r.problem} Items: ${numbered(choices)}.` };
  if (r.ids.length === 0)
    return { problem: `Say which items, for example: “features one and two”. Items: ${numbered(choices)}.` };
  return { ids: r.ids };
}

function matchOne(phrase: string, choices: Choice[]): { id: string } | { problem: string } {
  const r = readItems(phrase, choices, true);
  if (!r.problem && r.ids.length === 1) return { id: r.ids[0] as string };
  // A whole sentence about one option ("we hold the release two weeks") is matched as one phrase.
  const whole = bestLabel(contentWords(phrase), choices);
  if (whole && whole !== 'ambiguous') return { id: whole.choice.id };
  if (whole === 'ambiguous' || r.ids.length > 1 || r.problem?.startsWith('ambiguous:'))
    return { problem: `“${phrase}” could be more than one option. Say “option” and its number.` };
  if (r.problem && !r.problem.startsWith('unmatched:')) return { problem: `${r.problem} Options: ${numbered(choices)}.` };
  return { problem: `No option matches “${phrase}”. Options: ${numbered(choices)}.` };
}

function numbered(choices: Choice[]): string {
  return choices.map((c, i) => `${i + 1}. ${c.label}`).join('; ');
}

const STOP = new Set(
  'a an the and or of to for in on at by with we our us it its this that these those is are be do some all my your their one just then from into as up out'.split(
    ' ',
  ),
);

const SYNONYMS: Record<string, string> = {
  cleanup: 'clean',
  cleaning: 'clean',
  refactor: 'clean',
  refactoring: 'clean',
  perf: 'performance',
  speed: 'performance',
  bugfix: 'fix',
  bug: 'fix',
  integrate: 'integration',
  redesigning: 'redesign',
  onboard: 'onboarding',
};

function stem(w: string): string {
  const s = SYNONYMS[w] ?? w;
  if (s.length > 5 && s.endsWith('ing')) return s.slice(0, -3);
  if (s.length > 4 && s.endsWith('es') && !s.endsWith('ses')) return s.slice(0, -2);
  if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) return s.slice(0, -1);
  if (s.length > 4 && s.endsWith('ed')) return s.slice(0, -2);
  return s;
}

function contentWords(s: string): string[] {
  return normalise(s.replace(/-/g, ' '))
    .replace(/'s\b/g, '')
    .replace(/\bclean up\b/g, 'cleanup')
    .split(' ')
    .filter((w) => w && !STOP.has(w) && !FILLER_WORDS.has(w))
    .map(stem);
}

/** Words match when equal, or (for longer words) one edit apart: recognition drops or swaps a letter. */
function near(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  return editDistance(a, b) <= 1;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** How many spoken words land in the label; two spoken words may join into one ("tost line" → "toastline"). */
function hitsIn(said: string[], label: string[]): { hits: number; first: boolean; last: boolean } {
  const matched = said.map(() => false);
  for (let k = 0; k < said.length; k++) {
    const w = said[k] as string;
    if (label.some((l) => near(w, l))) matched[k] = true;
    else if (k + 1 < said.length && label.some((l) => near(w + (said[k + 1] as string), l))) {
      matched[k] = true;
      matched[k + 1] = true;
      k++;
    }
  }
  return { hits: matched.filter(Boolean).length, first: matched[0] ?? false, last: matched.at(-1) ?? false };
}

function overlap(said: string[], label: string[]): number {
  return hitsIn([...new Set(said)], label).hits;
}

const labelWords = new WeakMap<Choice, string[]>();
function wordsOf(c: Choice): string[] {
  let w = labelWords.get(c);
  if (!w) {
    w = contentWords(`${c.label} ${c.id.replace(/_/g, ' ')}`);
    labelWords.set(c, w);
  }
  return w;
}

/**
 * The choice the words name: at least half of them must land in its label, the first and last included (so a run
 * of words does not swallow the next item's name), and no other choice may match as many.
 */
function bestLabel(words: string[], choices: Choice[]): { choice: Choice; hits: number } | 'ambiguous' | null {
  if (words.length === 0) return null;
  const scored = choices
    .map((choice) => ({ choice, ...hitsIn(words, wordsOf(choice)) }))
    .filter((x) => x.hits > 0 && x.first && x.last && x.hits / words.length >= 0.5)
    .sort((a, b) => b.hits - a.hits);
  const [best, next] = scored;
  if (!best) return null;
  if (next && next.hits === best.hits) return 'ambiguous';
  return { choice: best.choice, hits: best.hits };
}

/** The longest run of words from `start` that names one choice. */
function longestLabel(words: string[], start: number, choices: Choice[]): { choice: Choice; end: number } | 'ambiguous' | null {
  let ambiguous = false;
  for (let end = Math.min(words.length, start + 10); end > start; end--) {
    const found = bestLabel(contentWords(words.slice(start, end).join(' ')), choices);
    if (found === 'ambiguous') ambiguous = true;
    else if (found) return { choice: found.choice, end };
  }
  return ambiguous ? 'ambiguous' : null;
}

// -------------------------------------------------------------------------------------------------------- talk

const QUESTION_START =
  /^(?:who|what|when|where|why|how|which|whose|can|could|would|will|do|does|did|is|are|was|were|should|shall|have|has|may|might|isn't|aren't|don't|doesn't|won't|wouldn't|shouldn't|can't)\b/i;

function dictation(raw: string): VoiceReading {
  const text = sentenceCase(raw).slice(0, 2000);
  if (!text) return { kind: 'silence' };
  const question = text.trim().endsWith('?') || QUESTION_START.test(text);
  const spoken = question && !text.endsWith('?') ? `${text.replace(/[.!]$/, '')}?` : text;
  return {
    kind: 'dictation',
    command: { type: question ? 'ask' : 'say', text: spoken, via: 'voice' },
    summary: question ? `Ask the team: ${spoken}` : `Say to the team: ${spoken}`,
    confirm: false,
  };
}
