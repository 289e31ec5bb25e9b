// Words the client shows for engine ids: metrics, needs, decision rules, bot personas. Typed against the engine's
// ids so a new metric or need cannot be forgotten here.
import type { MetricId, Need, QuestView } from '../../../engine/index.ts';
import type { BotPersona } from '../api/types.ts';

export const METRIC_INFO: Record<MetricId, { label: string; short: string; money?: true }> = {
  stability: { label: 'System stability', short: 'Stability' },
  customer_trust: { label: 'Customer trust', short: 'Customer trust' },
  morale: { label: 'Team morale', short: 'Morale' },
  mrr: { label: 'Monthly recurring revenue', short: 'MRR', money: true },
  pace: { label: 'Delivery pace', short: 'Pace' },
  pm_eng_trust: { label: 'PM–engineering trust', short: 'PM–eng trust' },
};
export const METRIC_ORDER: MetricId[] = ['stability', 'customer_trust', 'morale', 'pace', 'pm_eng_trust', 'mrr'];

export function formatMetric(id: MetricId, value: number): string {
  if (METRIC_INFO[id].money) return formatMoney(value);
  return String(Math.round(value));
}

export function formatMoney(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(abs >= 10_000_000 ? 0 : 1)}M`;
  if (abs >= 1000) return `${sign}$${Math.round(abs / 1000)}k`;
  return `${sign}$${Math.round(abs)}`;
}

export function formatDelta(id: MetricId, delta: number): string {
  const sign = delta > 0 ? '+' : '−';
  const abs = Math.abs(delta);
  return METRIC_INFO[id].money ? `${sign}${formatMoney(abs)}` : `${sign}${Math.round(abs * 10) / 10}`;
}

/** The unspoken needs, in the source material's words. */
export const NEED_INFO: Record<Need, { label: string; says: string }> = {
  predictability: {
    label: 'Predictability',
    says: 'I need to tell stakeholders when something ships and not have that date move.',
  },
  responsiveness: { label: 'Responsiveness', says: 'I need the team to move quickly when an opportunity or a crisis comes.' },
  partnership: { label: 'Partnership', says: 'I need engineering to care about the user problem, not just the solution.' },
  autonomy: { label: 'Autonomy', says: 'I need to be trusted to make the call about how to build something.' },
  sustainability: { label: 'Sustainability', says: 'I need time to do the work that keeps the system healthy.' },
  craft: { label: 'Craft', says: 'I need to be proud of what I build, not just ship it fast.' },
};
export const NEEDS = Object.keys(NEED_INFO) as Need[];

export const PERSONA_INFO: Record<BotPersona, { label: string; text: string }> = {
  collaborative: {
    label: 'Collaborative',
    text: 'Pools its intel, names its need, asks what others know, prices risks, and backs proposals close to its best.',
  },
  positional: {
    label: 'Positional',
    text: 'Restates its role’s position, keeps its intel to itself, and objects to everything else. Practise persuading.',
  },
  quiet: {
    label: 'Quiet',
    text: 'Says little, shares nothing, and goes along with whatever has the most backing. Practise drawing people out.',
  },
};

type Decision = NonNullable<QuestView['decision']>;

export function ruleText(view: QuestView, d: Decision): string {
  switch (d.rule) {
    case 'consensus':
      return 'Consensus: everyone votes yes on the same proposal.';
    case 'majority':
      return `Majority: more than half of the ${view.roles.length} roles vote yes.`;
    case 'bearers':
      return `Those who bear the consequences decide: ${listNames(d.bearers.map((r) => roleName(view, r)))} must all vote yes.`;
  }
}

export function roleName(view: QuestView, role: string): string {
  return view.roles.find((r) => r.id === role)?.name ?? role;
}

export function firstName(view: QuestView, role: string): string {
  return roleName(view, role).split(' ')[0] ?? role;
}

export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function humanise(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total >= 90) return `${Math.round(total / 60)} minutes`;
  if (total >= 60) return '1 minute';
  return `${total} seconds`;
}

export const PHASE_INFO: Record<'briefing' | 'discussion' | 'consequences', { label: string; hint: string }> = {
  briefing: { label: 'Briefing', hint: 'Read the scene and your role card. Mark yourself ready when you are.' },
  discussion: { label: 'Discussion', hint: 'Share what you know, put proposals on the table, and decide before time runs out.' },
  consequences: {
    label: 'Consequences',
    hint: 'See what your decision did to the world. Mark yourself ready for the next scene.',
  },
};
