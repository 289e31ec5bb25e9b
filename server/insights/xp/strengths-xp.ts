// Strengths-based XP: points for the behaviours the trade-off framework teaches, never for talking more or winning a
// vote. Each behaviour is capped per quest so a habit counts and spamming it does not. XP, badges and history belong
// to the person; a lead sees a person's strengths only if that person chose to share them.
import type { PersonFactName, PersonFacts } from '../metrics/family-result.ts';

export const BEHAVIOURS = {
  sharing_intel: { label: 'sharing intel', fact: 'cardsShared', points: 10, capPerQuest: 5 },
  naming_risks: { label: 'naming risks', fact: 'risksNamed', points: 5, capPerQuest: 6 },
  pricing_risks: { label: 'pricing risks', fact: 'risksPriced', points: 10, capPerQuest: 6 },
  stating_needs: { label: 'stating needs', fact: 'needsNamed', points: 10, capPerQuest: 3 },
  asking_questions: { label: 'asking questions', fact: 'questions', points: 3, capPerQuest: 10 },
  following_up: { label: 'following up on what others said', fact: 'followUps', points: 2, capPerQuest: 10 },
  raising_concerns: { label: 'raising a concern before the vote', fact: 'dissentRaised', points: 10, capPerQuest: 3 },
  bridging: {
    label: "bridging: amending another person's proposal toward agreement",
    fact: 'bridges',
    points: 20,
    capPerQuest: 3,
  },
  bridges_landed: { label: 'bridges the team accepted', fact: 'bridgesAccepted', points: 10, capPerQuest: 3 },
  calling_check_ins: { label: 'calling a check-in when it heats up', fact: 'heatedCheckIns', points: 25, capPerQuest: 2 },
} as const satisfies Record<string, { label: string; fact: PersonFactName; points: number; capPerQuest: number }>;

export type Behaviour = keyof typeof BEHAVIOURS;
export const BEHAVIOUR_IDS = Object.keys(BEHAVIOURS) as Behaviour[];

export interface QuestXp {
  total: number;
  byBehaviour: Record<Behaviour, number>;
}

export function xpForQuest(facts: PersonFacts): QuestXp {
  const byBehaviour = {} as Record<Behaviour, number>;
  let total = 0;
  for (const id of BEHAVIOUR_IDS) {
    const b = BEHAVIOURS[id];
    const xp = Math.min(facts[b.fact], b.capPerQuest) * b.points;
    byBehaviour[id] = xp;
    total += xp;
  }
  return { total, byBehaviour };
}

/** Badges for habits across quests: counted in quests where the behaviour showed up, or in total moves. */
export const BADGES = {
  intel_pooler: { title: 'Intel pooler', behaviour: 'sharing_intel', rule: 'quests', needed: 5 },
  risk_pricer: { title: 'Risk pricer', behaviour: 'pricing_risks', rule: 'moves', needed: 10 },
  needs_out_loud: { title: 'Needs out loud', behaviour: 'stating_needs', rule: 'moves', needed: 5 },
  curious_mind: { title: 'Curious mind', behaviour: 'asking_questions', rule: 'moves', needed: 30 },
  speaks_up: { title: 'Speaks up early', behaviour: 'raising_concerns', rule: 'quests', needed: 5 },
  bridge_builder: { title: 'Bridge builder', behaviour: 'bridging', rule: 'quests', needed: 3 },
  cool_head: { title: 'Cool head', behaviour: 'calling_check_ins', rule: 'moves', needed: 3 },
} as const satisfies Record<string, { title: string; behaviour: Behaviour; rule: 'quests' | 'moves'; needed: number }>;

export type BadgeId = keyof typeof BADGES;

export const LEVELS = [0, 100, 250, 500, 1000, 2000, 4000, 8000] as const;

export interface XpQuest {
  questId: string;
  endedAt: number;
  facts: PersonFacts;
}

export interface XpSummary {
  total: number;
  level: number;
  /** XP at which the next level starts, or null at the top level. */
  nextLevelAt: number | null;
  badges: { id: BadgeId; title: string; earnedAt: number; questId: string }[];
  history: { questId: string; endedAt: number; xp: number; byBehaviour: Record<Behaviour, number> }[];
  /** Per behaviour: quests it showed up in, and moves in all. */
  habits: Record<Behaviour, { quests: number; moves: number }>;
}

export function levelOf(total: number): { level: number; nextLevelAt: number | null } {
  let level = 1;
  for (let i = 1; i < LEVELS.length; i++) if (total >= (LEVELS[i] as number)) level = i + 1;
  return { level, nextLevelAt: (LEVELS[level] as number | undefined) ?? null };
}

/** A person's XP over their quests, oldest first; badges carry the quest in which they were earned. */
export function xpSummary(quests: readonly XpQuest[]): XpSummary {
  const ordered = [...quests].sort((a, b) => a.endedAt - b.endedAt || (a.questId < b.questId ? -1 : 1));
  const habits = Object.fromEntries(BEHAVIOUR_IDS.map((b) => [b, { quests: 0, moves: 0 }])) as XpSummary['habits'];
  const badges: XpSummary['badges'] = [];
  const history: XpSummary['history'] = [];
  let total = 0;
  for (const q of ordered) {
    const xp = xpForQuest(q.facts);
    total += xp.total;
    history.push({ questId: q.questId, endedAt: q.endedAt, xp: xp.total, byBehaviour: xp.byBehaviour });
    for (const b of BEHAVIOUR_IDS) {
      const moves = q.facts[BEHAVIOURS[b].fact];
      habits[b].moves += moves;
      if (moves > 0) habits[b].quests++;
    }
    for (const [id, badge] of Object.entries(BADGES) as [BadgeId, (typeof BADGES)[BadgeId]][]) {
      if (badges.some((x) => x.id === id)) continue;
      const h = habits[badge.behaviour];
      if ((badge.rule === 'quests' ? h.quests : h.moves) >= badge.needed) {
        badges.push({ id, title: badge.title, earnedAt: q.endedAt, questId: q.questId });
      }
    }
  }
  return { total, ...levelOf(total), badges, history, habits };
}

export interface StrengthHighlight {
  behaviour: Behaviour;
  label: string;
  quests: number;
  of: number;
}

/** A person's clearest strengths over their recent quests: behaviours that showed up in at least two of them. */
export function strengthsOf(quests: readonly XpQuest[], recent = 5): StrengthHighlight[] {
  const last = [...quests].sort((a, b) => b.endedAt - a.endedAt).slice(0, recent);
  return BEHAVIOUR_IDS.map((b) => ({
    behaviour: b,
    label: BEHAVIOURS[b].label,
    quests: last.filter((q) => q.facts[BEHAVIOURS[b].fact] > 0).length,
    of: last.length,
  }))
    .filter((s) => s.quests >= 2 && s.behaviour !== 'bridges_landed')
    .sort((a, b) => b.quests - a.quests || BEHAVIOUR_IDS.indexOf(a.behaviour) - BEHAVIOUR_IDS.indexOf(b.behaviour))
    .slice(0, 3);
}
