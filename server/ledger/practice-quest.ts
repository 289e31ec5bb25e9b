// "Practise on your own backlog": turns selected ledger items, with their scores and priced risks, into a quest in
// the scenario format (docs/SCENARIO_FORMAT.md), so a team can rehearse a real decision before making it.
// The quest has a PM, an engineering lead and one more role. Each holds part of the numbers: the PM what the features
// are worth, the engineering lead what everything costs and what the debt charges per sprint, the third role what
// could go wrong and at what price. Only by pooling the first two can the team rank features and debt on one scale
// (the hidden challenge). Four scenes follow the framework: rank, name and price the trade-off, plan the sprint
// against a capacity that does not fit everything, then keep (or quietly drop) the debt commitment.
// Three setup facts, drawn per quest, make the best path depend on what the team finds out rather than on the first
// play: the real effort of the top feature (the estimate holds, or it overruns), which priced risk is already showing
// early signs (or none), and whether the customer's date is flexible or in their contract. Each fact is on one role's
// card, moves that card's hints, and changes what the choices actually do.
// Pure: the same items and options always give the same YAML.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { type RankedItem, rankBacklog } from './backlog-ranking.ts';
import { type DebtInBusinessTerms, debtInBusinessTerms } from './debt-terms.ts';
import { formatMoney, formatNumber, type Method } from './explanation.ts';
import { LedgerError } from './ledger-error.ts';
import type { LedgerItem } from './ledger-item.ts';
import type { LedgerSettings } from './ledger-settings.ts';
import { priceRisk, totalExpectedCost } from './risk-pricing.ts';

export const THIRD_ROLES = ['support', 'design', 'sales'] as const;
export type ThirdRole = (typeof THIRD_ROLES)[number];

export const MIN_PRACTICE_ITEMS = 2;
export const MAX_PRACTICE_ITEMS = 8;

export interface PracticeQuestInput {
  teamName: string;
  items: readonly LedgerItem[];
  settings: LedgerSettings;
  method: Method;
  /** Points the sprint can take; must leave something out, or there is no trade-off to practise. */
  capacity: number;
  thirdRole: ThirdRole;
  names?: { pm?: string; eng?: string; third?: string };
  /** Stamped into the file's header comment. */
  generatedAt: Date;
}

export interface PracticeQuest {
  scenarioId: string;
  yaml: string;
}

const THIRD: Record<ThirdRole, { title: string; name: string; need: string; brief: string; goal: string; leansDebt: boolean }> = {
  support: {
    title: 'Support Lead',
    name: 'Ruth Adeyemi',
    need: 'partnership',
    brief: 'Reads every ticket. Hears about each outage first, from the customers it hits.',
    goal: 'Give customers an honest answer, and get the team to hear what customers hear.',
    leansDebt: true,
  },
  design: {
    title: 'Product Designer',
    name: 'Jules Moreau',
    need: 'craft',
    brief: 'Designs the features on this list and watches customers use what ships.',
    goal: 'Ship things customers can use well, and stop shipping half-finished work.',
    leansDebt: false,
  },
  sales: {
    title: 'Account Executive',
    name: 'Hugo Lindqvist',
    need: 'responsiveness',
    brief: 'Owns the accounts that asked for the features on this list.',
    goal: 'Give the customers who asked a date they can rely on.',
    leansDebt: false,
  },
};

/** Text from the ledger goes into the quest as plain text: braces would read as placeholders. */
function clean(s: string, fallback = 'unnamed'): string {
  const t = s
    .replace(/[{}]/g, (b) => (b === '{' ? '(' : ')'))
    .replace(/\s+/g, ' ')
    .trim();
  return t === '' ? fallback : t;
}

function slug(s: string, max: number): string {
  const t = s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max)
    .replace(/_+$/g, '');
  return /^[a-z]/.test(t) ? t : `item_${t}`.replace(/_+$/g, '');
}

/** "Payments'" rather than "Payments's". */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

interface QuestItem {
  id: string;
  item: LedgerItem;
  ranked: RankedItem;
  /** Score ÷ the best score among the selected items, 0..1. */
  share: number;
  points: number;
  debt: DebtInBusinessTerms | null;
}

function checkInput(input: PracticeQuestInput): void {
  const { items, capacity } = input;
  if (items.length < MIN_PRACTICE_ITEMS || items.length > MAX_PRACTICE_ITEMS) {
    throw new LedgerError(
      'invalid',
      `choose ${MIN_PRACTICE_ITEMS} to ${MAX_PRACTICE_ITEMS} items for a practice quest, not ${items.length}`,
    );
  }
  if (!items.some((i) => i.kind === 'feature') || !items.some((i) => i.kind === 'debt')) {
    throw new LedgerError(
      'invalid',
      'choose at least one feature and one tech-debt item: the quest is about weighing one against the other',
    );
  }
  const unsized = items.filter((i) => i.points === null || i.points < 1 || i.points > 100);
  if (unsized.length > 0) {
    throw new LedgerError(
      'invalid',
      `every item needs an estimate of 1 to 100 points to be planned: ${unsized.map((i) => `"${i.title}"`).join(', ')}`,
    );
  }
  const total = items.reduce((n, i) => n + (i.points as number), 0);
  const smallest = Math.min(...items.map((i) => i.points as number));
  if (!Number.isInteger(capacity) || capacity < smallest || capacity >= total || capacity > 1000) {
    throw new LedgerError(
      'invalid',
      `capacity must be a whole number from ${smallest} (the smallest item) to ${total - 1} (less than all ${total} points), ` +
        `so that something has to give; got ${capacity}`,
    );
  }
}

function questItems(input: PracticeQuestInput): QuestItem[] {
  const ranking = rankBacklog(
    input.items.map((i) => ({ ...i, status: 'open' as const })),
    input.settings,
    input.method,
  );
  if (ranking.unscored.length > 0) {
    throw new LedgerError(
      'invalid',
      `every item needs a ${input.method.toUpperCase()} score first: ` +
        ranking.unscored.map((u) => `"${u.title}" needs ${u.missing.join(', ')}`).join('; '),
    );
  }
  const best = Math.max(...ranking.ranked.map((r) => r.explanation.exact));
  const used = new Set<string>();
  const byId = new Map(input.items.map((i) => [i.id, i]));
  return ranking.ranked.map((ranked) => {
    const item = byId.get(ranked.itemId) as LedgerItem;
    let id = slug(item.title, 28);
    for (let n = 2; used.has(id); n++) id = `${slug(item.title, 25)}_${n}`;
    used.add(id);
    return {
      id,
      item,
      ranked,
      share: best > 0 ? ranked.explanation.exact / best : 0,
      points: item.points as number,
      debt: item.kind === 'debt' && item.debt ? debtInBusinessTerms(item.debt, input.settings) : null,
    };
  });
}

interface EarlySign {
  id: string;
  /** The sprint item that decides whether it bites: a risky item to leave out, or a debt to pay down. */
  itemId: string;
  kind: 'risk' | 'outage';
}

/** The facts drawn per quest (see the header), and where each priced risk or outage could show early signs. */
function seededFacts(qs: QuestItem[], topFeature: QuestItem, eng: string, title: (q: QuestItem) => string) {
  const warnings: (EarlySign & { label: string })[] = [
    ...qs.flatMap((q) =>
      q.item.risks.map((r, n) => ({
        id: `${q.id}_risk_${n + 1}`,
        itemId: q.id,
        kind: 'risk' as const,
        label: `Support has seen the first signs of one of them on ${title(q)}: ${clean(r.text)}.`,
      })),
    ),
    ...qs
      .filter((q) => q.debt && q.debt.outageExposurePerQuarter > 0)
      .map((q) => ({
        id: `${q.id}_outage`,
        itemId: q.id,
        kind: 'outage' as const,
        label: `On-call was paged twice this week by ${title(q)}; the outage engineering warned about is getting closer.`,
      })),
  ];
  const signs = [...warnings, { id: 'none', label: 'Support has seen no early signs of any of these.' }];
  const setup = [
    {
      var: 'real_effort',
      one_of: ['as_estimated', 'overrun'],
      labels: {
        as_estimated: `${eng} re-checked the estimates this morning: ${title(topFeature)} is ${topFeature.points} points, as estimated.`,
        overrun:
          `${eng} re-checked the estimates this morning: ${title(topFeature)} is really about ${topFeature.points * 2} points; ` +
          'the first estimate missed the work nobody had looked at.',
      },
    },
    // With nothing priced there is nothing to show early signs of.
    ...(warnings.length > 0
      ? [{ var: 'early_signs', one_of: signs.map((w) => w.id), labels: Object.fromEntries(signs.map((w) => [w.id, w.label])) }]
      : []),
    {
      var: 'deadline',
      one_of: ['flexible', 'contractual'],
      labels: {
        flexible: 'they can wait a sprint, as long as they get a date they can rely on',
        contractual: 'the date is in their contract, and missing it puts the renewal at risk',
      },
    },
  ];
  return { setup, warnings: warnings.map(({ label: _, ...w }) => w) };
}

function partsLine(q: QuestItem, side: 'demand' | 'cost'): string {
  const parts = q.ranked.explanation.parts.filter((p) => p.side === side && p.source === 'entered');
  return parts.map((p) => `${p.label.toLowerCase()} ${p.shown}`).join(', ');
}

export function generatePracticeQuest(input: PracticeQuestInput): PracticeQuest {
  checkInput(input);
  const qs = questItems(input);
  const features = qs.filter((q) => q.item.kind === 'feature');
  const debts = qs.filter((q) => q.item.kind === 'debt');
  const topFeature = features[0] as QuestItem;
  const topDebt = debts[0] as QuestItem;
  const team = clean(input.teamName, 'Your team');
  const method = input.method.toUpperCase();
  const pm = clean(input.names?.pm ?? 'Priya Natarajan');
  const eng = clean(input.names?.eng ?? 'Tom Berg');
  const third = THIRD[input.thirdRole];
  const thirdName = clean(input.names?.third ?? third.name);
  const capacity = input.capacity;
  const total = qs.reduce((n, q) => n + q.points, 0);
  const qualityPoints = Math.ceil(capacity * input.settings.qualityShare);
  const title = (q: QuestItem) => clean(q.item.title);

  // Money for risk effects is scaled against the largest amount at stake, so effects stay within the metrics' range.
  const risks = qs.flatMap((q) => q.item.risks.map((r, n) => ({ q, r, n, price: priceRisk(r) })));
  const outages = debts.filter((q) => q.debt && q.debt.outageExposurePerQuarter > 0);
  const biggest = Math.max(1, ...risks.map((x) => x.r.cost), ...outages.map((q) => q.item.debt?.costPerOutage ?? 0));
  const rel = (cost: number) => Math.min(1, cost / biggest);
  const initialInterest = Math.round(debts.reduce((n, q) => n + (q.debt?.interestHoursPerSprint ?? 0), 0));
  const expectedCost = totalExpectedCost(qs.flatMap((q) => q.item.risks));

  const facts = seededFacts(qs, topFeature, eng, title);

  // The plan nobody decides is the PM's feature list, in score order, until the capacity is full.
  const defaultItems: string[] = [];
  let used = 0;
  for (const q of features) {
    if (used + q.points <= capacity) {
      defaultItems.push(q.id);
      used += q.points;
    }
  }

  const rankingLines = qs.map(
    (q, i) => `${i + 1}. ${title(q)} (${q.item.kind === 'debt' ? 'tech debt' : 'feature'}): ${q.ranked.explanation.sentence}`,
  );

  const demandCard = {
    id: 'demand_numbers',
    title: 'What the features are worth',
    text:
      `Your ${method} sheet, demand side. ` +
      features.map((q) => `${title(q)}: ${partsLine(q, 'demand') || 'no demand numbers'}.`).join(' ') +
      ' The tech-debt items have never been on this sheet with numbers.' +
      ` The customer waiting on ${title(topFeature)}: {deadline}.`,
    hints: [
      { decision: 'follow_through', option: 'renegotiate', weight: 7, when: "deadline == 'contractual'" },
      ...features.map((q) => ({ decision: 'sprint', item: q.id, weight: Math.round(1 + 4 * q.share) })),
      ...debts.map((q) => ({ decision: 'sprint', item: q.id, weight: -1, when: 'not solved.one_ranking' })),
      { decision: 'ranking', option: 'features_first', weight: 2 },
      { decision: 'ranking', option: 'one_ranking', weight: 4 },
      { decision: 'pricing', option: 'decide_in_the_room', weight: 1 },
      { decision: 'follow_through', option: 'renegotiate', weight: 2 },
      ...qs.map((q) => ({ decision: 'sprint', item: q.id, weight: Math.round(8 * q.share) - 3, when: 'solved.one_ranking' })),
    ],
  };

  const debtLine = (q: QuestItem): string => {
    const d = q.debt as DebtInBusinessTerms;
    const slows = d.slows
      .map((id) => qs.find((x) => x.item.id === id))
      .filter((x): x is QuestItem => x !== undefined)
      .map(title);
    const confidence = partsLine(q, 'demand');
    return (
      `${title(q)} (${q.points} points): ${d.sentences.interest}; ${d.sentences.exposure}; ${d.sentences.payback}` +
      (slows.length > 0 ? `; it slows ${slows.join(' and ')}` : '') +
      (confidence ? `; your ${confidence}` : '') +
      '.'
    );
  };
  const costCard = {
    id: 'cost_numbers',
    title: 'What the work costs, and what the debt costs us',
    text:
      features
        .map((q) => `${title(q)}: ${q.points} points${partsLine(q, 'cost') ? `, ${partsLine(q, 'cost')}` : ''}.`)
        .join(' ') +
      ' ' +
      debts.map(debtLine).join(' ') +
      ' {real_effort}',
    hints: [
      // Twice its estimate in a sprint that could not hold it once: hints add up, and one is capped at -10.
      { decision: 'sprint', item: topFeature.id, weight: -10, when: "real_effort == 'overrun'" },
      { decision: 'sprint', item: topFeature.id, weight: -6, when: "real_effort == 'overrun'" },
      ...debts.map((q) => ({ decision: 'sprint', item: q.id, weight: Math.round(1 + 4 * q.share) })),
      { decision: 'ranking', option: 'debt_first', weight: 2 },
      { decision: 'ranking', option: 'one_ranking', weight: 4 },
      { decision: 'pricing', option: 'price_and_sign', weight: 3 },
      { decision: 'follow_through', option: 'honour', weight: 3 },
      ...qs.map((q) => ({ decision: 'sprint', item: q.id, weight: Math.round(8 * q.share) - 3, when: 'solved.one_ranking' })),
    ],
  };

  const riskText = [
    ...risks.map((x) => `${title(x.q)}: ${clean(x.r.text)}, ${x.price.sentence}.`),
    ...outages.map((q) => `${title(q)}: ${(q.debt as DebtInBusinessTerms).sentences.exposure}.`),
  ];
  const riskCard = {
    id: 'risk_numbers',
    title: 'What could go wrong, priced',
    text:
      (riskText.length > 0 ? riskText.join(' ') : 'Nobody has priced a risk on these items yet.') +
      ` Expected cost of the known risks: ${formatMoney(expectedCost)}.${facts.warnings.length > 0 ? ' {early_signs}' : ''}`,
    hints: [
      ...facts.warnings.map((w) => ({
        decision: 'sprint',
        item: w.itemId,
        weight: w.kind === 'outage' ? 10 : -10,
        when: `early_signs == '${w.id}'`,
      })),
      { decision: 'pricing', option: 'price_and_sign', weight: 2 },
      { decision: 'ranking', option: 'one_ranking', weight: 1 },
      ...risks.map((x) => ({
        decision: 'sprint',
        item: x.q.id,
        weight: -Math.max(1, Math.round(3 * rel(x.r.cost) * x.r.probability * 3)),
      })),
      ...outages.map((q) => ({
        decision: 'sprint',
        item: q.id,
        weight: Math.max(1, Math.round(4 * rel(q.item.debt?.costPerOutage ?? 0))),
      })),
      { decision: 'follow_through', option: third.leansDebt ? 'honour' : 'renegotiate', weight: 2 },
    ],
  };

  const itemRisks = (q: QuestItem) =>
    q.item.risks.map((r, n) => ({
      id: `${q.id}_risk_${n + 1}`,
      text: clean(r.text),
      // The risk showing early signs is far likelier; the others, now that someone watches for them, a little less.
      chance: `if(early_signs == '${q.id}_risk_${n + 1}', ${round(Math.min(0.95, r.probability * 3))}, ${round(r.probability * 0.75)})`,
      effects: [
        `customer_trust -= round(if(priced == 1, 0.5, 1) * ${Math.round(3 + 12 * rel(r.cost))})`,
        `stability -= ${Math.round(2 + 8 * rel(r.cost))}`,
      ],
    }));

  const planItems = qs.map((q) => ({
    id: q.id,
    label: `${title(q)} (${q.points} points)`,
    description: `${q.item.kind === 'debt' ? 'Tech debt' : 'Feature'}, ranked ${q.ranked.rank} of ${qs.length} by ${method} once pooled: ${q.ranked.explanation.sentence}.`,
    kind: q.item.kind,
    points: q.points,
    effects:
      q.item.kind === 'feature'
        ? [
            `customer_trust += ${Math.round(2 + 6 * q.share)}`,
            'pace += 1',
            // The real effort: an overrun eats the sprint and the engineers' evenings.
            ...(q === topFeature
              ? ["pace -= if(real_effort == 'overrun', 7, 0)", "morale -= if(real_effort == 'overrun', 4, 0)"]
              : []),
          ]
        : [
            `stability += ${Math.round(3 + 7 * q.share)}`,
            `pace += ${Math.round(1 + 3 * q.share)}`,
            `interest_hours -= ${Math.round(q.debt?.interestHoursPerSprint ?? 0)}`,
          ],
    risks: itemRisks(q),
  }));

  const planEffects = [
    `pm_eng_trust += if(ranked_together == 1 and debt_points.sprint >= ${qualityPoints}, 4, 0)`,
    'morale -= if(debt_points.sprint == 0, 4, 0)',
    ...(initialInterest > 0 ? [`pace -= round(6 * interest_hours / ${initialInterest})`] : []),
  ];

  const outageRisks = outages.map((q) => {
    const p = q.item.debt?.outageProbability ?? 0;
    const r = rel(q.item.debt?.costPerOutage ?? 0);
    return {
      id: `${q.id}_outage`,
      text: `${title(q)} causes the outage engineering warned about (${formatMoney(q.item.debt?.costPerOutage ?? 0)} per outage)`,
      chance:
        `if(picked.sprint.${q.id}, ${round(p * 0.25)}, ` +
        `if(early_signs == '${q.id}_outage', ${round(Math.min(0.95, p * 2.5))}, ${round(p * 0.75)}))`,
      effects: [`stability -= ${Math.round(6 + 14 * r)}`, `customer_trust -= ${Math.round(4 + 10 * r)}`, 'pm_eng_trust -= 3'],
    };
  });

  const outageDebt = [...debts].sort(
    (a, b) => (b.debt?.outageExposurePerQuarter ?? 0) - (a.debt?.outageExposurePerQuarter ?? 0),
  )[0] as QuestItem;
  const itemList = qs.map((q) => `${title(q)} (${q.points} points)`).join(', ');

  const scenario = {
    title: `Practice: ${possessive(team)} next sprint`,
    summary:
      `${possessive(team)} real backlog: ${itemList}. ${total} points of work for ${capacity} points of capacity. ` +
      `${pm} (PM) has the features' numbers; ${eng} (engineering lead) has the costs and what the debt charges every ` +
      `sprint; ${thirdName} (${third.title}) has the priced risks. Rank it, price it, plan it, and keep your word.`,
    practises: [
      'Ranking features and tech debt on one scale',
      'Naming and pricing the trade-off before deciding',
      'Letting the people who bear the consequences make the call',
      'Keeping or openly renegotiating a debt commitment',
    ],
    minutes: 25,
    setup: facts.setup,
    metrics: { stability: 55, customer_trust: 60, morale: 58, pace: 58, pm_eng_trust: 48 },
    vars: {
      interest_hours: {
        label: 'Hours of interest paid per sprint on the debt still in the code',
        initial: initialInterest,
        min: 0,
        max: Math.max(1, initialInterest),
      },
      ranked_together: { label: 'Features and debt ranked on one list', initial: 0, min: 0, max: 1, hidden: true },
      priced: { label: 'The trade-off was written down and priced before deciding', initial: 0, min: 0, max: 1, hidden: true },
    },
    roles: [
      {
        id: 'pm',
        name: pm,
        title: 'Product Manager',
        brief: `Owns ${possessive(team)} roadmap. Has scored the features with ${method}; the debt has never been on that sheet with numbers.`,
        goal: `Ship what customers are asking for, starting with ${title(topFeature)}, and stop having the same argument every planning.`,
        need: 'predictability',
        position: {
          ranking: 'features_first',
          pricing: 'decide_in_the_room',
          sprint: topFeature.id,
          follow_through: 'renegotiate',
        },
        intel: [demandCard],
      },
      {
        id: 'eng',
        name: eng,
        title: 'Engineering Lead',
        brief: `Leads the engineers who will build all of it. Has raised ${title(topDebt)} at the last few plannings.`,
        goal: 'Get the debt that costs the most onto the plan, argued with numbers instead of adjectives.',
        need: 'sustainability',
        position: { ranking: 'debt_first', pricing: 'price_and_sign', sprint: topDebt.id, follow_through: 'honour' },
        intel: [costCard],
      },
      {
        id: 'third',
        name: thirdName,
        title: third.title,
        brief: third.brief,
        goal: third.goal,
        need: third.need,
        position: {
          ranking: third.leansDebt ? 'debt_first' : 'features_first',
          pricing: 'price_and_sign',
          sprint: third.leansDebt ? outageDebt.id : topFeature.id,
          follow_through: third.leansDebt ? 'honour' : 'renegotiate',
        },
        intel: [riskCard],
      },
    ],
    challenges: [
      {
        id: 'one_ranking',
        title: 'Features and debt on one scale',
        cards: ['demand_numbers', 'cost_numbers'],
        before: 'ranking',
        explanation:
          `${pm} knew what each feature is worth; ${eng} knew what each item costs and what the debt charges per sprint. ` +
          `Only together could the team score all ${qs.length} items with ${method}: ${rankingLines.join('; ')}.`,
      },
    ],
    scenes: [
      {
        id: 'discover',
        title: 'Before planning',
        minutes: 4,
        narrative:
          `Planning starts in ten minutes. On the table: ${itemList}. Capacity is ${capacity} points, so they do not all ` +
          `fit. ${pm} has a ranked list of features. ${eng} has a list of debt. Neither list has the other's numbers.`,
        decision: {
          id: 'ranking',
          prompt: 'How do you rank the work before you plan it?',
          rule: 'majority',
          default: 'features_first',
          timeout_effects: ['pm_eng_trust -= 2'],
          options: [
            {
              id: 'features_first',
              label: `Rank the features by ${method}; the debt waits for a quieter sprint`,
              description: 'The features have numbers and customers waiting; the debt has only adjectives so far.',
              effects: ['pm_eng_trust -= 3'],
            },
            {
              id: 'debt_first',
              label: 'Pay the debt down first; the features wait',
              description: 'Every sprint the debt stays, it charges interest and risks an outage.',
              effects: ['customer_trust -= 3', 'pm_eng_trust -= 1'],
            },
            {
              id: 'one_ranking',
              label: `Score features and debt on one list with the same ${method} formula`,
              description: 'Put the debt in business terms and let it compete with the features on the same scale.',
              requires: 'one_ranking',
              effects: ['ranked_together = 1', 'pm_eng_trust += 5'],
            },
          ],
        },
      },
      {
        id: 'name_it',
        title: 'Naming the trade-off',
        minutes: 3,
        narrative:
          `Whatever you plan leaves something out. The known risks on these items have an expected cost of ` +
          `${formatMoney(expectedCost)}. Before anyone decides: do you write down what you are accepting, and who bears it?`,
        decision: {
          id: 'pricing',
          prompt: 'Do you write the trade-off down before deciding?',
          rule: 'bearers',
          bearers: ['pm', 'eng'],
          default: 'decide_in_the_room',
          options: [
            {
              id: 'price_and_sign',
              label:
                'Write it down first: each risk with its odds and cost, the cleanup it creates, signed by PM and engineering lead',
              description: 'Ten minutes now, and nobody is surprised when the consequences arrive.',
              effects: ['priced = 1', 'pm_eng_trust += 4', 'pace -= 1'],
            },
            {
              id: 'decide_in_the_room',
              label: 'Everyone knows the risks; decide in the room and move on',
              description: 'Planning is already long, and the team has made calls like this before.',
              effects: ['pace += 1'],
              later: [{ after_scenes: 2, text: 'Nobody remembers what was accepted, or why', effects: ['pm_eng_trust -= 4'] }],
            },
          ],
        },
      },
      {
        id: 'plan',
        title: 'Sprint planning',
        minutes: 6,
        narrative:
          `${capacity} points of capacity for ${total} points of work. The team agreed to spend about ` +
          `${formatNumber(input.settings.qualityShare * 100)}% of each sprint (${qualityPoints} points here) on debt.`,
        decision: {
          id: 'sprint',
          prompt: 'What goes into the sprint?',
          rule: 'bearers',
          bearers: ['pm', 'eng'],
          capacity,
          default_items: defaultItems,
          timeout_effects: ['pm_eng_trust -= 2'],
          items: planItems,
          effects: planEffects,
        },
      },
      {
        id: 'next_sprint',
        title: 'Two weeks later',
        minutes: 3,
        narrative:
          `A new request arrives that would take the points set aside for debt. ${eng} reminds everyone of the cleanup ` +
          `that was agreed. ${pm} has a customer waiting on ${title(topFeature)}: {deadline}.`,
        risks: outageRisks,
        decision: {
          id: 'follow_through',
          prompt: 'What happens to the debt work the team committed to?',
          rule: 'bearers',
          bearers: ['pm', 'eng'],
          default: 'quietly_slide',
          timeout_effects: ['pm_eng_trust -= 2'],
          options: [
            {
              id: 'honour',
              label: 'Keep the commitment: the debt work stays in the plan',
              description: 'The new request waits a sprint; the promise to engineering holds.',
              effects: ['pm_eng_trust += 6', 'stability += 3', "customer_trust -= if(deadline == 'contractual', 9, 1)"],
            },
            {
              id: 'renegotiate',
              label: 'Renegotiate it in the open: a new date, agreed by both, written down',
              description: 'Plans change; what breaks trust is changing them without a word.',
              effects: [
                "pm_eng_trust += if(deadline == 'contractual', 5, 2)",
                "customer_trust += if(deadline == 'contractual', 4, 1)",
              ],
            },
            {
              id: 'quietly_slide',
              label: 'Take the points; the cleanup slides again without a word',
              description: 'The request is real, and the debt has waited before.',
              effects: ['pm_eng_trust -= 8', 'morale -= 5', 'customer_trust += 2'],
              later: [
                {
                  after_scenes: 1,
                  text: 'The engineers stop raising concerns in planning',
                  effects: ['morale -= 3', 'stability -= 3'],
                },
              ],
            },
          ],
        },
      },
    ],
    endings: [
      {
        id: 'kept_faith',
        title: 'One list, kept promises',
        outcome: 'success',
        when: "pm_eng_trust >= 55 and stability >= 55 and choice.follow_through != 'quietly_slide'",
        text: 'Features and debt competed on the same numbers, the trade-off was written down, and the debt commitment held.',
      },
      {
        id: 'shipped_but_strained',
        title: 'Shipped, but strained',
        outcome: 'mixed',
        when: 'customer_trust >= 60 or stability >= 55',
        text: 'The sprint delivered something, but one side is keeping score.',
      },
      {
        id: 'same_argument',
        title: 'The same argument next month',
        outcome: 'failure',
        text: 'Nothing was priced, something broke or slid, and next planning will start where this one did.',
      },
    ],
    debrief: {
      summary:
        `Generated from ${possessive(team)} own ledger: ${features.length} feature(s) and ${debts.length} tech-debt item(s) ` +
        `competing for ${capacity} of ${total} points. Scored with ${method}: ${rankingLines.join('; ')}.`,
      framework: [
        {
          step: 'Name the trade-off explicitly',
          look_for: `Did anyone say which items would not fit in ${capacity} points, and what leaving them out costs, before voting?`,
        },
        {
          step: 'Price the risks',
          look_for: `Did the team use the numbers: ${debtLine(topDebt)} Expected cost of the known risks: ${formatMoney(expectedCost)}.`,
        },
        {
          step: 'Let the people who bear the consequences make the call',
          look_for: `Did ${pm} and ${eng} both agree to the plan, and did anyone say who carries ${title(topDebt)} if it slips again?`,
        },
      ],
      questions: [
        "When did you first see the debt's numbers next to the features'? What changed once you did?",
        `${title(topDebt)} charges ${formatMoney(topDebt.debt?.interestPerSprint ?? 0)} of interest per sprint. Who on your real team pays it today?`,
        'What did the PM need that they did not say? And the engineering lead?',
        'Back to your real backlog: which commitment from this quest will you write down this week, with an owner and a date?',
      ],
    },
  };

  const hash = createHash('sha256')
    .update(JSON.stringify([team, input.method, capacity, qs.map((q) => q.item.id)]))
    .digest('hex')
    .slice(0, 8);
  const scenarioId = `practice-${slug(team, 24).replace(/_/g, '-')}-${hash}`;
  const header =
    `# Generated by Polarity's trade-off ledger from ${possessive(team)} backlog on ${input.generatedAt.toISOString().slice(0, 10)}.\n` +
    `# Items: ${qs.map((q) => q.item.id).join(', ')}\n`;
  return { scenarioId, yaml: header + stringify(scenario, { lineWidth: 0 }) };
}
