// A lead's report and the organisation dashboard: a worked example, then invariants over random organisations
// (no person in the output, nothing from groups below the threshold, no "all" or "none").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { METRIC_IDS, METRICS, type MetricId } from '../metrics/metric-catalogue.ts';
import { privacyConfig, thresholdFor } from '../privacy/privacy-config.ts';
import { FORBIDDEN_WORDS } from '../privacy/wording.ts';
import type { QuestRecord, UnitHistory } from './inputs.ts';
import { type LeadReport, leadReport } from './lead-report.ts';
import { type OrgDashboard, orgDashboard } from './org-dashboard.ts';
import type { OrgStructure } from './org-window.ts';
import { MONTHS, monthStart, orgWindowFrom, questRecord } from './test-org-data.ts';

const config = privacyConfig({ noiseSecret: 'lead-report-test-secret-123' });
const DAY = 86_400_000;

type TeamQuest = QuestRecord & { teamId: string | null };
const person = (team: string, i: number) => `person-${team}-${i}`;

/** Every string anywhere in a value. */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

function example() {
  const structure: OrgStructure = {
    orgId: 'org-1',
    name: 'Acme',
    groups: [],
    teams: [
      { id: 'alpha', name: 'Alpha' },
      { id: 'beta', name: 'Beta' },
      { id: 'gamma', name: 'Gamma' },
      { id: 'delta', name: 'Delta' },
    ],
  };
  const quests: TeamQuest[] = [];
  const add = (teamId: string, i: number, n: number, people: string[], values: Partial<Record<MetricId, number>>, facts = {}) => {
    const month = MONTHS[Math.floor((i * MONTHS.length) / n)] as string;
    const q = questRecord({ teamId, month, endedAt: monthStart(month) + (i + 1) * DAY, values, people, facts: () => facts });
    quests.push({ ...q, teamId });
    return q;
  };
  const alpha = Array.from({ length: 6 }, (_, i) => person('alpha', i + 1));
  for (let i = 0; i < 10; i++) {
    const people = [0, 1, 2, 3].map((k) => alpha[(i + k) % 6] as string);
    const q = add('alpha', i, 10, people, {
      turn_gini: i < 7 ? 0.2 : 0.6,
      deadline_unanswered_share: 0.7,
      open_unanswered_share: 0.2,
      question_share: 0.3,
    });
    // alpha-1 bridges in quests 4, 5, 6 and 9 (of their quests 3, 4, 5, 6, 9); alpha-2 prices risks and names needs
    const a1 = q.people.get(person('alpha', 1));
    if (a1 && [4, 5, 6, 9].includes(i)) a1.facts.bridges = 1;
    const a2 = q.people.get(person('alpha', 2));
    if (a2) {
      a2.facts.risksPriced = 2;
      a2.facts.needsNamed = 1;
    }
  }
  const beta = Array.from({ length: 3 }, (_, i) => person('beta', i + 1));
  for (let i = 0; i < 4; i++)
    add('beta', i, 4, beta, { turn_gini: 0.3, deadline_unanswered_share: 0.5, open_unanswered_share: 0.5, question_share: 0.4 });
  const gamma = Array.from({ length: 7 }, (_, i) => person('gamma', i + 1));
  for (let i = 0; i < 6; i++) {
    add(
      'gamma',
      i,
      6,
      [0, 1, 2, 3].map((k) => gamma[(i + k) % 7] as string),
      {
        turn_gini: 0.25,
        deadline_unanswered_share: 0.3,
        open_unanswered_share: 0.3,
        question_share: 0.2,
      },
    );
  }
  const delta = Array.from({ length: 5 }, (_, i) => person('delta', i + 1));
  for (let i = 0; i < 5; i++) {
    add('delta', i, 5, delta, {
      turn_gini: 0.4,
      question_share: 0.25,
      deadline_unanswered_share: 0.4,
      open_unanswered_share: 0.4,
    });
  }
  const org = orgWindowFrom(structure, MONTHS, quests);
  const historyOf = (unitId: string, teamIds: string[] | 'all'): UnitHistory => ({
    unitId,
    quests: quests.filter((q) => teamIds === 'all' || teamIds.includes(q.teamId as string)).sort((a, b) => a.endedAt - b.endedAt),
  });
  const reportFor = (teamId: string, shared: { personId: string; name: string }[] = []): LeadReport =>
    leadReport({
      config,
      org,
      team: structure.teams.find((t) => t.id === teamId) as { id: string; name: string },
      teamQuests: quests.filter((q) => q.teamId === teamId),
      histories: [historyOf(teamId, [teamId]), historyOf('org-1', 'all')],
      shared: shared.map((s) => ({
        ...s,
        sharedAt: 0,
        quests: quests
          .filter((q) => q.people.has(s.personId))
          .map((q) => ({ questId: q.questId, endedAt: q.endedAt, facts: q.people.get(s.personId)?.facts ?? ({} as never) })),
      })),
    });
  return { structure, org, quests, reportFor };
}

describe('a lead’s report, worked example', () => {
  const { reportFor, org } = example();

  test('a team large enough reads its own figures, noised and clamped', () => {
    const r = reportFor('alpha');
    const gini = r.headline.find((h) => h.metric === 'turn_gini');
    assert.equal(gini?.scope.level, 'team');
    assert.equal(gini?.figure.kind, 'index');
    // mean of seven quests at 0.2 and three at 0.6 is 0.32; noise is at most 2 points, rounding half a point
    if (gini?.figure.kind === 'index') assert.ok(Math.abs(gini.figure.value - 0.32) <= 0.025, String(gini.figure.value));
    assert.equal(r.headline.find((h) => h.metric === 'interest_share')?.figure.kind, 'withheld');
    // The page states the rule a withheld figure fell under, and which way is healthier.
    assert.deepEqual(r.thresholds, { minPeople: 5, minPeopleFreeText: 10 });
    assert.equal(gini?.better, 'lower');
    assert.equal(r.headline.find((h) => h.metric === 'question_share')?.better, 'higher');
  });

  test('where communication breaks down: the last minute before a deadline', () => {
    const r = reportFor('alpha');
    const s = r.breakdowns.sentences.find((x) => x.includes('bids left unanswered'));
    assert.ok(s, r.breakdowns.sentences.join('\n'));
    assert.match(s, /^On this team, communication strains in the last minute before a deadline/);
    assert.ok(!r.breakdowns.sentences.some((x) => x.includes('questions among turns')));
  });

  test('a change beyond the rule is called fraying; nothing else is', () => {
    const r = reportFor('alpha');
    assert.equal(r.dynamics.items.find((d) => d.metric === 'turn_gini')?.verdict, 'fraying');
    assert.equal(r.dynamics.items.find((d) => d.metric === 'question_share')?.verdict, 'steady');
    assert.match(r.dynamics.rule, /2 standard errors/);
  });

  test('who steps up, as a strength without a name; names only for those who chose to share', () => {
    const r = reportFor('alpha', [{ personId: person('alpha', 2), name: 'Priya' }]);
    assert.ok(
      r.stepsUp.includes('Someone on this team bridged opposing proposals in 4 of their 5 most recent quests.'),
      r.stepsUp.join('\n'),
    );
    assert.equal(r.sharedStrengths.length, 1);
    assert.equal(r.sharedStrengths[0]?.name, 'Priya');
    assert.ok(r.sharedStrengths[0]?.highlights.some((h) => h.startsWith('pricing risks')));
    const json = JSON.stringify(r);
    for (let i = 1; i <= 6; i++) assert.ok(!json.includes(person('alpha', i)));
  });

  test('a chart per period, only for the team itself', () => {
    const r = reportFor('alpha');
    assert.ok(r.dynamics.chart);
    const series = r.dynamics.chart.series.find((s) => s.metric === 'turn_gini');
    assert.equal(series?.points.length, r.dynamics.chart.periods.length);
    assert.equal(reportFor('beta').dynamics.chart, null);
  });

  test('a team too small is pooled into its organisation, and the next-smallest team is hidden with it', () => {
    const beta = reportFor('beta');
    assert.equal(beta.headline.find((h) => h.metric === 'turn_gini')?.scope.level, 'organisation');
    assert.deepEqual(beta.stepsUp, []);
    assert.equal(beta.groupSize.kind, 'withheld');
    const delta = reportFor('delta');
    assert.equal(delta.headline.find((h) => h.metric === 'turn_gini')?.scope.level, 'organisation');
    const dashboard = orgDashboard(config, org);
    const figure = (id: string) => dashboard.units.find((u) => u.id === id)?.figures.turn_gini;
    assert.deepEqual(
      ['org-1', 'alpha', 'beta', 'gamma', 'delta'].map((id) => figure(id)?.kind),
      ['index', 'index', 'withheld', 'index', 'withheld'],
    );
    assert.deepEqual(figure('delta'), { kind: 'withheld', reason: 'protects_a_smaller_group' });
    assert.deepEqual(dashboard.thresholds, { minPeople: 5, minPeopleFreeText: 10 });
    assert.equal(dashboard.metrics.find((m) => m.id === 'unanswered_share')?.better, 'lower');
    assert.deepEqual(
      dashboard.units.map((u) => u.name),
      ['Acme', 'Alpha', 'Beta', 'Delta', 'Gamma'],
    );
  });
});

/** Every property name anywhere in a type. */
type DeepKeys<T> = T extends readonly (infer U)[]
  ? DeepKeys<U>
  : T extends object
    ? { [K in keyof T]: K | DeepKeys<T[K]> }[keyof T]
    : never;
type PersonKeys = 'personId' | 'person' | 'people' | 'role' | 'email' | 'playerId';
/** Fails to compile if a lead report or the organisation dashboard ever gains a field that could hold a person. */
const noPersonFields: [Extract<DeepKeys<LeadReport> | DeepKeys<OrgDashboard>, PersonKeys>] extends [never] ? true : false = true;

describe('a lead’s report, invariants', () => {
  test('its type has no field that could hold a person', () => {
    assert.equal(noPersonFields, true);
  });

  const arbitraryOrg = fc
    .record({
      teams: fc.array(
        fc.record({
          size: fc.integer({ min: 1, max: 9 }),
          quests: fc.array(
            fc.record({
              month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
              take: fc.integer({ min: 1, max: 6 }),
              offset: fc.nat(),
              values: fc.dictionary(fc.constantFrom(...METRIC_IDS), fc.double({ min: 0, max: 1, noNaN: true }), { maxKeys: 12 }),
              bridges: fc.boolean(),
            }),
            { maxLength: 8 },
          ),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      sharing: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    })
    .map(({ teams, sharing }) => {
      const structure: OrgStructure = {
        orgId: 'org-x',
        name: 'Org',
        groups: [],
        teams: teams.map((_, t) => ({ id: `team-${t}`, name: `Team ${t}` })),
      };
      const quests: TeamQuest[] = [];
      teams.forEach((t, ti) => {
        const members = Array.from({ length: t.size }, (_, i) => person(`t${ti}`, i));
        t.quests.forEach((q, qi) => {
          const people = Array.from({ length: Math.min(q.take, t.size) }, (_, k) => members[(q.offset + k) % t.size] as string);
          const month = MONTHS[q.month] as string;
          const r = questRecord({
            teamId: `team-${ti}`,
            month,
            endedAt: monthStart(month) + qi * DAY,
            values: q.values as Partial<Record<MetricId, number>>,
            people: [...new Set(people)],
            facts: () => (q.bridges ? { bridges: 1, risksPriced: 1 } : {}),
          });
          quests.push({ ...r, teamId: `team-${ti}` });
        });
      });
      return { structure, quests, sharing, sizes: teams.map((t) => t.size) };
    });

  test('no person id or unshared name, no figure below its threshold, no all-or-none words', () => {
    fc.assert(
      fc.property(arbitraryOrg, ({ structure, quests, sharing }) => {
        const org = orgWindowFrom(structure, MONTHS, quests);
        const unit = (id: string) => org.units.find((u) => u.id === id);
        for (const team of structure.teams) {
          const members = [...new Set(quests.filter((q) => q.teamId === team.id).flatMap((q) => [...q.people.keys()]))];
          const shared = members.filter((_, i) => sharing[i]).map((personId, i) => ({ personId, name: `Sharer ${i}` }));
          const r = leadReport({
            config,
            org,
            team,
            teamQuests: quests.filter((q) => q.teamId === team.id),
            histories: [{ unitId: team.id, quests: quests.filter((q) => q.teamId === team.id) }],
            shared: shared.map((s) => ({ ...s, sharedAt: 0, quests: [] })),
          });
          const json = JSON.stringify(r);
          for (const q of quests) for (const p of q.people.keys()) assert.ok(!json.includes(p), `${p} leaked`);
          for (const s of strings(r)) assert.ok(!FORBIDDEN_WORDS.test(s), s);
          for (const h of r.headline) {
            if (h.figure.kind === 'withheld') continue;
            const source = h.scope.level === 'team' ? unit(team.id) : unit('org-x');
            const need = thresholdFor(config, METRICS[h.metric].textDerived);
            assert.ok((source?.people[h.metric] ?? 0) >= need, `${h.metric} from ${h.scope.level} with too few people`);
            if (h.figure.kind === 'share') assert.ok(h.figure.percent >= 5 && h.figure.percent <= 95);
          }
          if ((unit(team.id)?.peopleAny ?? 0) < config.minPeople) {
            assert.deepEqual(r.stepsUp, []);
            assert.equal(r.dynamics.chart, null);
          }
          assert.equal(r.sharedStrengths.length, shared.length);
        }
        const dashboard = orgDashboard(config, org);
        for (const s of strings(dashboard)) assert.ok(!FORBIDDEN_WORDS.test(s), s);
        for (const u of dashboard.units) {
          for (const metric of METRIC_IDS) {
            const f = u.figures[metric];
            if (!f || f.kind === 'withheld') continue;
            assert.ok((unit(u.id)?.people[metric] ?? 0) >= thresholdFor(config, METRICS[metric].textDerived));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
