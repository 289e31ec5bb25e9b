// What one seat knows about the decision on the table, read only from its own view: the hints on the cards it can
// see, and its role's position. Bots weigh choices with this; nothing here can see chances or hidden facts.
import type { Choice, Proposal, Risk, RoleId } from '../quest-state.ts';
import type { CardView, QuestView } from '../views.ts';

export type Decision = NonNullable<QuestView['decision']>;
/** decision id -> the option (or plan item) a role argues for from position. */
export type Position = Record<string, string>;

export function visibleCards(view: QuestView): CardView[] {
  return [...(view.me?.cards ?? []), ...view.cards];
}

/** Sum of hint weights per option or item of a decision, over the given cards. */
export function hintScores(cards: readonly CardView[], decision: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cards) {
    for (const h of c.hints ?? []) {
      if (h.decision === decision) out.set(h.target, (out.get(h.target) ?? 0) + h.weight);
    }
  }
  return out;
}

/** Whether a card says anything about a decision. */
export function bearsOn(card: CardView, decision: string): boolean {
  return (card.hints ?? []).some((h) => h.decision === decision && h.weight !== 0);
}

export interface Valuation {
  /** Value of one option or item. */
  of(target: string): number;
  /** Value of a whole choice: the option's, or the sum over a plan's items. */
  choice(c: Choice): number;
}

export function valuation(scores: Map<string, number>, position: Position, decision: string, bias: number): Valuation {
  const favoured = position[decision];
  const of = (t: string) => (scores.get(t) ?? 0) + (t === favoured ? bias : 0);
  return {
    of,
    choice: (c) => ('option' in c ? of(c.option) : c.items.reduce((n, i) => n + of(i), 0)),
  };
}

/** The best choice on the table by a valuation: the top option, or a greedy plan within capacity. */
export function bestChoice(d: Decision, value: Valuation): Choice | null {
  if (d.choices.length === 0) return null;
  if (!d.plan) {
    let best = d.choices[0] as Decision['choices'][number];
    for (const c of d.choices) if (value.of(c.id) > value.of(best.id)) best = c;
    return { option: best.id };
  }
  return bestPlan(d, value);
}

function bestPlan(d: Decision, value: Valuation): Choice | null {
  const capacity = d.capacity ?? 0;
  const cost = (id: string) => Math.max(1, d.choices.find((c) => c.id === id)?.points ?? 1);
  // Highest value per point first; items nobody has said anything about still fill spare capacity.
  const ranked = d.choices
    .filter((c) => value.of(c.id) >= 0)
    .sort((a, b) => {
      const va = value.of(a.id);
      const vb = value.of(b.id);
      if (va > 0 !== vb > 0) return va > 0 ? -1 : 1;
      return vb / cost(b.id) - va / cost(a.id) || cost(a.id) - cost(b.id);
    });
  const items: string[] = [];
  let used = 0;
  for (const c of ranked) {
    if (used + cost(c.id) > capacity) continue;
    items.push(c.id);
    used += cost(c.id);
  }
  if (items.length > 0) return { items };
  const fits = d.choices.filter((c) => cost(c.id) <= capacity).sort((a, b) => value.of(b.id) - value.of(a.id));
  return fits[0] ? { items: [fits[0].id] } : null;
}

export function sameChoice(a: Choice, b: Choice): boolean {
  if ('option' in a || 'option' in b) return 'option' in a && 'option' in b && a.option === b.option;
  return a.items.length === b.items.length && a.items.every((i) => b.items.includes(i));
}

/** Whether a choice can still be proposed: every option or item is on the table and a plan fits the capacity. */
export function onTable(d: Decision, c: Choice): boolean {
  const has = (id: string) => d.choices.some((x) => x.id === id);
  if (!d.plan) return 'option' in c && has(c.option);
  if (!('items' in c) || c.items.length === 0 || !c.items.every(has)) return false;
  const points = c.items.reduce((n, i) => n + (d.choices.find((x) => x.id === i)?.points ?? 0), 0);
  return points <= (d.capacity ?? 0);
}

export function describeChoice(d: Decision, c: Choice): string {
  const label = (id: string) => d.choices.find((x) => x.id === id)?.label ?? id;
  return 'option' in c ? label(c.option) : c.items.map(label).join(' + ');
}

export function targets(c: Choice): string[] {
  return 'option' in c ? [c.option] : c.items;
}

/**
 * Risks a seat can name for a choice from what its cards say. A bot cannot see chances, so it prices each warning
 * by how strongly the cards argue: a stronger warning is both likelier and costlier in its eyes. The trade-off
 * itself is named too: the strongest alternative given up, priced by how close it came.
 */
export function priceRisks(cards: readonly CardView[], d: Decision, c: Choice): Risk[] {
  const risks: Risk[] = [];
  const label = (id: string) => d.choices.find((x) => x.id === id)?.label ?? id;
  const chosen = targets(c);
  for (const t of chosen) {
    for (const card of cards) {
      const against = (card.hints ?? [])
        .filter((h) => h.decision === d.id && h.target === t && h.weight < 0)
        .reduce((n, h) => n + h.weight, 0);
      if (against === 0) continue;
      risks.push({
        text: clip(`${card.title}: this is what could go wrong with "${label(t)}"`, 300),
        probability: Math.min(0.9, Math.round(0.12 * -against * 100) / 100),
        cost: Math.round(-against * 5),
      });
    }
  }
  const scores = hintScores(cards, d.id);
  const mine = chosen.reduce((n, t) => n + Math.max(0, scores.get(t) ?? 0), 0);
  const givenUp = d.choices
    .filter((x) => !chosen.includes(x.id) && (scores.get(x.id) ?? 0) > 0)
    .sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0))[0];
  if (givenUp) {
    const theirs = scores.get(givenUp.id) ?? 0;
    const backer = cards.find((card) =>
      (card.hints ?? []).some((h) => h.decision === d.id && h.target === givenUp.id && h.weight > 0),
    );
    risks.push({
      text: clip(
        `We give up "${givenUp.label}"${backer ? `, which "${backer.title}" argues for` : ''}, and it was the better call`,
        300,
      ),
      probability: Math.min(0.9, Math.max(0.05, Math.round((theirs / (theirs + mine)) * 100) / 100)),
      cost: Math.round(theirs * 5),
    });
  }
  if (risks.length === 0) {
    risks.push({
      text: clip(`Something none of us has seen yet goes wrong with "${describeChoice(d, c)}"`, 300),
      probability: 0.1,
      cost: 3,
    });
  }
  return risks.slice(0, 10);
}

/** Who carries the consequences: the decision's bearers, else the roles whose cards speak to it. */
export function bearersFor(view: QuestView, d: Decision): RoleId[] {
  if (d.bearers.length > 0) return d.bearers.slice(0, 6);
  const owners = visibleCards(view)
    .filter((c) => bearsOn(c, d.id))
    .map((c) => c.owner);
  const me = view.me?.role;
  return [...new Set(me ? [me, ...owners] : owners)].slice(0, 6);
}

/** The card that argues hardest against a choice, with how hard. */
export function strongestAgainst(
  cards: readonly CardView[],
  decision: string,
  c: Choice,
): { card: CardView; weight: number } | null {
  let best: { card: CardView; weight: number } | null = null;
  for (const card of cards) {
    let w = 0;
    for (const h of card.hints ?? []) if (h.decision === decision && targets(c).includes(h.target)) w += h.weight;
    if (w < 0 && (!best || w < best.weight)) best = { card, weight: w };
  }
  return best;
}

export function openProposals(view: QuestView, decision: string): Proposal[] {
  return view.proposals
    .filter((p) => p.status === 'open' && p.decision === decision)
    .sort((a, b) => proposalNumber(a) - proposalNumber(b));
}

export function proposalNumber(p: Proposal): number {
  return Number(p.id.slice(1)) || 0;
}

/** A proposal only its author has written: the engine lets nobody support or object to their own words. */
export function isOwn(p: Proposal, role: RoleId): boolean {
  return p.author === role && p.amendedBy.every((r) => r === role);
}

export function yesVotes(p: Proposal): number {
  return Object.values(p.votes).filter((v) => v === 'yes').length;
}

export function roleName(view: QuestView, role: RoleId): string {
  return view.roles.find((r) => r.id === role)?.name ?? role;
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
