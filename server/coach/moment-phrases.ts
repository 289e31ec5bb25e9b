// How a moment from the log is told back to the person: when and where it happened, and what they did, with their
// own words in curly quotes. Quoted text is the person's (or a label everyone saw); everything outside the quotes is
// the coach's own prose, which tests hold to the no-shaming rules.
import type { Need, Risk } from '../../engine/index.ts';
import type { Moment } from './quest-moments.ts';

const MAX_QUOTE = 140;

export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Curly quotes mark text from the log; any curly quotes inside it are straightened so the marks stay unambiguous. */
export function quote(text: string, max = MAX_QUOTE): string {
  // A closing full stop stays outside the quote, where the coach's own sentence supplies it.
  const t = text
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<!\.)\.$/, '');
  if (t.length <= max) return `“${t}”`;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `“${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…”`;
}

export function sceneName(title: string): string {
  return `‘${title.replace(/[‘’]/g, "'")}’`;
}

/** "7:23 into the quest": scene titles often carry a clock time of their own, so quest time says what it is. */
export function questTime(ms: number): string {
  return `${clock(ms)} into the quest`;
}

/** "in ‘Monday’, 7:23 into the quest"; phrasings add the comma that usually follows. */
export function at(m: Pick<Moment, 'at' | 'scene'>): string {
  return `in ${sceneName(m.scene)}, ${questTime(m.at)}`;
}

/**
 * Other ways of placing the same moment, so that three observations in one debrief do not all open with "In ‘…’,
 * 7:23 into the quest". Form 0 is at() itself; each keeps the scene in single quotes and the quest time.
 */
export const MOMENT_FORMS: readonly ((m: Pick<Moment, 'at' | 'scene'>) => string)[] = [
  at,
  (m) => `${questTime(m.at)}, in ${sceneName(m.scene)}`,
  (m) => `in ${sceneName(m.scene)}, at ${clock(m.at)} quest time`,
  (m) => `at ${clock(m.at)} on the quest clock, in ${sceneName(m.scene)}`,
];

/** The text with its standard placing of moment m told in form `form` instead (capitalised where it opens a sentence). */
export function placeMoment(text: string, m: Pick<Moment, 'at' | 'scene'>, form: number): string {
  const tell = MOMENT_FORMS[form % MOMENT_FORMS.length] ?? at;
  if (tell === at) return text;
  const told = tell(m);
  const upper = told.charAt(0).toUpperCase() + told.slice(1);
  return text.split(At(m)).join(upper).split(at(m)).join(told);
}

/** "In ‘Monday’, 7:23 into the quest" */
export function At(m: Pick<Moment, 'at' | 'scene'>): string {
  const s = at(m);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

function amount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function riskPhrase(r: Risk): string {
  const priced = r.probability > 0 && r.cost > 0;
  return priced
    ? `${quote(r.text, 100)} at ${percent(r.probability)} likely with a cost of ${amount(r.cost)}`
    : quote(r.text, 100);
}

export const NEED_WORDS: Record<Need, string> = {
  predictability: 'predictability (knowing what ships, and when)',
  responsiveness: 'responsiveness (being able to move when it matters)',
  partnership: 'partnership (deciding together)',
  autonomy: 'autonomy (room to make the call in your own craft)',
  sustainability: 'sustainability (a pace the team can keep)',
  craft: 'craft (work you can be proud of)',
};

/** What the person did, told in the second person: "you proposed “Ship Friday”". */
export function act(m: Moment): string {
  switch (m.kind) {
    case 'message':
      return `you said ${quote(m.words ?? '')}`;
    case 'question':
      // "you asked Sam “Sam, what do you know …”" says the name twice.
      return `you asked${m.to && !(m.words ?? '').startsWith(m.to) ? ` ${m.to}` : ''} ${quote(m.words ?? '')}`;
    case 'share':
      return `you put ${quote(m.subject ?? '')} in front of ${m.to ?? 'the team'}`;
    case 'need':
      return m.ofSelf
        ? `you named your own need for ${NEED_WORDS[m.subject as Need] ?? m.subject}`
        : `you named ${m.to ?? 'a teammate'}'s need for ${m.subject}`;
    case 'proposal':
      return `you proposed ${quote(m.subject ?? '')}`;
    case 'amendment':
      return `you reworked ${m.bridging ? "a teammate's" : 'your'} proposal into ${quote(m.subject ?? '')}`;
    case 'support':
      return `you backed ${quote(m.subject ?? '')}`;
    case 'objection':
      return `you raised a concern about ${quote(m.subject ?? '', 80)}: ${quote(m.words ?? '')}`;
    case 'vote':
      return `you voted ${m.vote} on ${quote(m.subject ?? '')}`;
    case 'check_in':
      return m.words ? `you called a check-in: ${quote(m.words)}` : 'you called a check-in';
  }
}

/** Prose with every quoted span removed: what the coach itself wrote. */
export function coachProse(text: string): string {
  return text.replace(/“[^”]*”/g, '""').replace(/‘[^’]*’/g, "''");
}
