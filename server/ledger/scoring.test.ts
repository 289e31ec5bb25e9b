import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankBacklog } from './backlog-ranking.ts';
import { debtInBusinessTerms } from './debt-terms.ts';
import { iceScore, scoreIce } from './ice-score.ts';
import { DEFAULT_SETTINGS, type LedgerSettings } from './ledger-settings.ts';
import { riceScore, scoreRice } from './rice-score.ts';
import { expectedMonetaryValue, priceRisk, totalExpectedCost } from './risk-pricing.ts';
import { testItem } from './test-items.ts';
import { scoreWsjf, wsjfScore } from './wsjf-score.ts';

const settings: LedgerSettings = { ...DEFAULT_SETTINGS };

describe("RICE on Intercom's scales", () => {
  it('scores reach 500 per quarter, impact 2, confidence 80%, effort 2 person-months as 400', () => {
    const e = riceScore({ reach: 500, impact: 2, confidence: 80, effort: 2 });
    assert.equal(e.score, 400);
    assert.equal(e.sentence, 'Reach 500 per quarter × Impact 2 (high) × Confidence 80% ÷ Effort 2 person-months = 400');
    assert.deepEqual(
      e.parts.map((p) => [p.name, p.value, p.source]),
      [
        ['reach', 500, 'entered'],
        ['impact', 2, 'entered'],
        ['confidence', 80, 'entered'],
        ['effort', 2, 'entered'],
      ],
    );
  });

  it("gives the three projects of Intercom's post 675, 400 and 800, and ranks them 3, 1, 2", () => {
    // Project 1: 500 customers a month reach the signup step and 30% choose it: 500 × 30% × 3 = 450 a quarter.
    const reach1 = 500 * 0.3 * 3;
    assert.equal(reach1, 450);
    const p1 = testItem({ title: 'Project 1', rice: { reach: reach1, impact: 3, confidence: 100, effort: 2 } });
    const p2 = testItem({ title: 'Project 2', rice: { reach: 2000, impact: 1, confidence: 80, effort: 4 } });
    const p3 = testItem({ title: 'Project 3', rice: { reach: 800, impact: 2, confidence: 50, effort: 1 } });
    const ranking = rankBacklog([p1, p2, p3], settings, 'rice');
    assert.deepEqual(
      ranking.ranked.map((r) => [r.rank, r.title, r.score]),
      [
        [1, 'Project 3', 800],
        [2, 'Project 1', 675],
        [3, 'Project 2', 400],
      ],
    );
    assert.equal(
      ranking.ranked[1]?.explanation.sentence,
      'Reach 450 per quarter × Impact 3 (massive) × Confidence 100% ÷ Effort 2 person-months = 675',
    );
  });

  it('refuses numbers off the scales and names what an item still needs', () => {
    assert.throws(() => riceScore({ reach: 10, impact: 1.5, confidence: 80, effort: 1 }), /Intercom's scale/);
    assert.throws(() => riceScore({ reach: 10, impact: 1, confidence: 70, effort: 1 }), /100, 80 or 50/);
    assert.throws(() => riceScore({ reach: 10, impact: 1, confidence: 80, effort: 0.25 }), /at least 0.5/);
    const s = scoreRice(testItem({ title: 'Half scored', rice: { reach: 100, impact: 1.5 } }), settings);
    assert.equal(s.ok, false);
    assert.deepEqual(!s.ok && s.missing, [
      "impact on Intercom's scale (3, 2, 1, 0.5, 0.25), not 1.5",
      'confidence (100, 80 or 50 %)',
      'effort (person-months, at least 0.5)',
    ]);
  });
});

describe("ICE with the team's combining rule", () => {
  it('averages 7, 4, 8 to 6.33 and multiplies them to 224', () => {
    const avg = iceScore({ impact: 7, confidence: 4, ease: 8 }, 'average');
    assert.equal(avg.score, 6.33);
    assert.equal(avg.sentence, '(Impact 7 + Confidence 4 + Ease 8) ÷ 3 = 6.33');
    assert.equal(avg.formula, 'ICE = (Impact + Confidence + Ease) ÷ 3');
    const product = iceScore({ impact: 7, confidence: 4, ease: 8 }, 'product');
    assert.equal(product.score, 224);
    assert.equal(product.sentence, 'Impact 7 × Confidence 4 × Ease 8 = 224');
  });

  it('follows the setting when scoring an item', () => {
    const item = testItem({ title: 'Bulk export', ice: { impact: 7, confidence: 4, ease: 8 } });
    const a = scoreIce(item, { ...settings, iceRule: 'average' });
    const p = scoreIce(item, { ...settings, iceRule: 'product' });
    assert.equal(a.ok && a.explanation.score, 6.33);
    assert.equal(p.ok && p.explanation.score, 224);
    assert.throws(() => iceScore({ impact: 11, confidence: 4, ease: 8 }, 'average'), /between 1 and 10/);
  });
});

describe('WSJF', () => {
  it('divides cost of delay by job size on the 1, 2, 3, 5, 8, 13, 20 ladder', () => {
    const e = wsjfScore({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 });
    assert.equal(e.score, 3.2);
    assert.equal(
      e.sentence,
      '(Business value 8 + Time criticality 5 + Risk reduction 3) ÷ Job size 5 = cost of delay 16 ÷ 5 = 3.2',
    );
    assert.throws(() => wsjfScore({ businessValue: 4, timeCriticality: 5, riskReduction: 3, jobSize: 5 }), /ladder/);
  });
});

describe('tech debt in business terms', () => {
  it("prices Fowler's example: 4 days clean, 6 with the cruft, a 5-day cleanup pays back after 2.5 such features", () => {
    // One such feature per sprint: 2 days (16 h) of interest per sprint; the cleanup is 5 days (40 h).
    const terms = debtInBusinessTerms(
      { extraHoursPerChange: 16, changesPerSprint: 1, outageProbability: 0, costPerOutage: 0, principalHours: 40, slows: [] },
      settings,
    );
    assert.equal(terms.interestHoursPerSprint, 16);
    assert.equal(terms.interestPerSprint, 1600);
    assert.equal(terms.paybackSprints, 2.5);
    assert.equal(terms.principalCost, 4000);
    assert.equal(terms.sentences.payback, 'the 40-hour cleanup pays back after 2.5 sprints (40 h ÷ 16 h of interest per sprint)');
  });

  it('adds outage exposure (probability × cost per outage) to the interest per quarter', () => {
    const terms = debtInBusinessTerms(
      {
        extraHoursPerChange: 3,
        changesPerSprint: 4,
        loadedHourlyCost: 120,
        outageProbability: 0.1,
        costPerOutage: 50_000,
        principalHours: 80,
        slows: [],
      },
      settings,
    );
    assert.equal(terms.interestPerSprint, 1440);
    assert.equal(terms.interestPerQuarter, 8640);
    assert.equal(terms.outageExposurePerQuarter, 5000);
    assert.equal(terms.costPerQuarter, 13_640);
    assert.equal(
      terms.sentences.interest,
      'interest 3 extra hours per change × 4 changes per sprint × $120 an hour = $1,440 per sprint',
    );
    assert.equal(terms.sentences.exposure, 'outage exposure 10% per quarter × $50,000 per outage = $5,000 per quarter');
    assert.equal(
      debtInBusinessTerms(
        {
          extraHoursPerChange: 0,
          changesPerSprint: 5,
          outageProbability: 0.2,
          costPerOutage: 1000,
          principalHours: 8,
          slows: [],
        },
        settings,
      ).paybackSprints,
      null,
    );
  });

  it('puts debt and features in one ranking, converted to the same scale under every method', () => {
    const crm = testItem({
      title: 'CRM integration',
      rice: { reach: 300, impact: 2, confidence: 80, effort: 2 },
      ice: { impact: 8, confidence: 6, ease: 4 },
      wsjf: { businessValue: 13, timeCriticality: 8, riskReduction: 2, jobSize: 8 },
    });
    const billing = testItem({
      title: 'Billing module cleanup',
      kind: 'debt',
      // 16 h × 1 × $100 = $1,600 a sprint, × 6 = $9,600 a quarter; 10% × $50,000 = $5,000: $14,600 a quarter.
      debt: {
        extraHoursPerChange: 16,
        changesPerSprint: 1,
        outageProbability: 0.1,
        costPerOutage: 50_000,
        principalHours: 40,
        slows: [crm.id],
      },
      rice: { confidence: 80 },
      ice: { confidence: 7, ease: 8 },
      wsjf: { businessValue: 3, timeCriticality: 5, jobSize: 3 },
    });
    const rice = rankBacklog([crm, billing], settings, 'rice');
    // Debt: $14,600 ÷ $100 = 146 reach × impact; × 80% ÷ 0.5 (40 h ÷ 160 h = 0.25, raised to 0.5) = 233.6.
    assert.deepEqual(
      rice.ranked.map((r) => [r.title, r.kind, r.score]),
      [
        ['CRM integration', 'feature', 240],
        ['Billing module cleanup', 'debt', 233.6],
      ],
    );
    const debtRow = rice.ranked[1];
    assert.deepEqual(debtRow?.debt?.slowsTitles, ['CRM integration']);
    assert.equal(
      debtRow?.explanation.sentence,
      'Reach × Impact 146 ($14,600 per quarter ÷ $100) × Confidence 80% ÷ Effort 0.5 person-months = 233.6',
    );
    assert.deepEqual(
      debtRow?.explanation.parts.map((p) => [p.name, p.source]),
      [
        ['reach_impact', 'derived'],
        ['confidence', 'entered'],
        ['effort', 'derived'],
      ],
    );
    assert.match(
      debtRow?.explanation.parts[2]?.derivation ?? '',
      /40 h ÷ 160 h per person-month = 0.25, raised to the 0.5 minimum/,
    );

    // ICE: 10 × $14,600 ÷ $100,000 = 1.46 -> impact 1; average (1 + 7 + 8) ÷ 3 = 5.33 against (8 + 6 + 4) ÷ 3 = 6.
    const ice = rankBacklog([crm, billing], settings, 'ice');
    assert.deepEqual(
      ice.ranked.map((r) => [r.title, r.score]),
      [
        ['CRM integration', 6],
        ['Billing module cleanup', 5.33],
      ],
    );
    // With outage costs that dwarf the feature, the debt ranks first: the ranking is shared data, not a side's claim.
    const costly = { ...billing, debt: { ...(billing.debt as NonNullable<typeof billing.debt>), costPerOutage: 900_000 } };
    assert.equal(rankBacklog([crm, costly], settings, 'ice').ranked[0]?.title, 'Billing module cleanup');

    // WSJF: 20 × $14,600 ÷ $100,000 = 2.92 -> risk reduction 3; (3 + 5 + 3) ÷ 3 = 3.67 against (13 + 8 + 2) ÷ 8 = 2.88.
    const wsjf = scoreWsjf(billing, settings);
    assert.equal(wsjf.ok && wsjf.explanation.score, 3.67);
    assert.equal(wsjf.ok && wsjf.explanation.parts[2]?.value, 3);
    assert.equal(rankBacklog([crm, billing], settings, 'wsjf').ranked[0]?.title, 'Billing module cleanup');
  });

  it('lists debt without business terms as unscored, saying what it needs, and leaves done items out', () => {
    const vague = testItem({
      title: 'Refactor auth',
      kind: 'debt',
      rice: { reach: 1000, impact: 3, confidence: 100, effort: 1 },
    });
    const done = testItem({ title: 'Shipped', status: 'done', rice: { reach: 1, impact: 1, confidence: 100, effort: 1 } });
    const r = rankBacklog([vague, done], settings, 'rice');
    assert.equal(r.ranked.length, 0);
    assert.deepEqual(
      r.unscored.map((u) => [u.title, u.missing[0]]),
      [['Refactor auth', 'business terms (extra hours per change, changes per sprint, outage odds and cost, cleanup hours)']],
    );
  });
});

describe('pricing risks', () => {
  it('gives 30% × $200,000 an expected monetary value of $60,000', () => {
    assert.equal(expectedMonetaryValue(0.3, 200_000), 60_000);
    const p = priceRisk({ text: 'untested under load', probability: 0.3, cost: 200_000 });
    assert.equal(p.emv, 60_000);
    assert.equal(p.sentence, '30% × $200,000 = $60,000');
    assert.equal(
      totalExpectedCost([
        { text: 'a', probability: 0.3, cost: 200_000 },
        { text: 'b', probability: 0.1, cost: 15_000 },
      ]),
      61_500,
    );
    assert.throws(() => expectedMonetaryValue(1.2, 10), /between 0 and 1/);
  });
});
