import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Bm25Index, stem, tokens } from './bm25.ts';
import { comparisonIn, shamingIn } from './coaching-tone.ts';
import { EMPTY_HISTORY, historyFrom } from './personal-history.ts';
import { checkPlaybook, PLAYBOOK } from './playbook/playbook.ts';
import { PlaybookSearch } from './playbook/playbook-search.ts';
import { playbookAnswer } from './playbook-answer.ts';
import { Variation } from './variation.ts';

describe('BM25', () => {
  test('tokens drop stop words, fold synonyms and stem', () => {
    assert.deepEqual(tokens('How do I push back on the date my PM promised?'), ['push', 'back', 'deadlin', 'pm', 'promis']);
    assert.deepEqual(tokens('Shipping, shipped, ships'), ['ship', 'ship', 'ship']);
    assert.equal(stem('priorities'), 'priority');
    assert.equal(stem('business'), 'business');
    assert.equal(stem('price'), stem('priced'));
    assert.deepEqual(tokens("don't, the, a"), []);
  });

  const docs = [
    { id: 'a', text: 'deadline deadline customer' },
    { id: 'b', text: 'deadline refactor' },
    { id: 'c', text: 'refactor refactor refactor tests tests' },
    { id: 'd', text: 'weather' },
  ];
  const index = new Bm25Index(docs, (d) => [{ text: d.text, weight: 1 }]);

  test('rarer terms weigh more and term frequency saturates', () => {
    assert.ok(index.idf('weather') > index.idf('deadline'));
    assert.equal(index.idf('absent'), Math.log(1 + (4 + 0.5) / 0.5));
    const r = index.search('deadline');
    assert.deepEqual(
      r.map((x) => x.doc.id),
      ['a', 'b'],
    );
    const [one, two] = r;
    assert.ok(one && two && one.score < two.score * 2, 'twice the occurrences is not twice the score');
  });

  test('only documents with a match come back, and ties keep document order', () => {
    assert.deepEqual(index.search('banana'), []);
    assert.deepEqual(index.search(''), []);
    const tied = new Bm25Index([{ t: 'x y' }, { t: 'y x' }], (d) => [{ text: d.t, weight: 1 }]);
    assert.deepEqual(
      tied.search('x').map((s) => s.doc.t),
      ['x y', 'y x'],
    );
    assert.deepEqual(index.search('customer deadline')[0]?.matched, ['customer', 'deadlin']);
  });

  test('field weights count', () => {
    const weighted = new Bm25Index(
      [
        { title: 'debt', body: 'other words here' },
        { title: 'other', body: 'debt words here' },
      ],
      (d) => [
        { text: d.title, weight: 3 },
        { text: d.body, weight: 1 },
      ],
    );
    assert.equal(weighted.search('debt')[0]?.doc.title, 'debt');
    assert.throws(() => new Bm25Index([{ t: 'x' }], (d) => [{ text: d.t, weight: 0 }]), RangeError);
  });
});

describe('the playbook', () => {
  const search = new PlaybookSearch(PLAYBOOK);
  const expectations: [string, string][] = [
    ['How do I push back on a deadline my PM promised a customer?', 'promised-deadline'],
    ['Sales committed a date to the client without asking engineering', 'promised-deadline'],
    ['my engineer wants two sprints to refactor auth but it is not customer facing', 'refactor-dismissed'],
    ['how do I make the case for paying down tech debt', 'debt-in-business-terms'],
    ['the meeting got heated and we were going in circles', 'check-in-when-heated'],
    ['how do I put numbers on the risk of an outage', 'price-the-risks'],
    ['who should decide whether we ship with known risks', 'bearers-decide'],
    ['one of my engineers stopped speaking up in planning', 'withdrawal'],
    ['we had an outage after I ignored a warning, how do I rebuild trust', 'rebuild-trust'],
    ['engineers keep pushing back on my specs', 'bring-the-problem'],
    ['I feel burned out by the pace', 'needs-behind-engineering-positions'],
    ['we have too many features for the sprint', 'shared-language'],
    ['our planning meetings keep turning into the same fight', 'structural-cause'],
    ['how do we write down decisions so nobody is surprised', 'document-trade-offs'],
    ['the fight is never about the estimate, it keeps happening', 'escalation-cycle'],
  ];

  test('finds the entry that answers common questions', () => {
    for (const [q, id] of expectations) assert.equal(search.search(q)[0]?.entry.id, id, q);
  });

  test('finds nothing for questions it has no entry for', () => {
    assert.deepEqual(search.search('what is the weather in Lisbon today'), []);
  });

  test('every entry is reachable by its own title', () => {
    for (const e of PLAYBOOK) assert.equal(search.search(e.title)[0]?.entry.id, e.id, e.title);
  });

  test('entries are checked when the playbook loads', () => {
    const one = PLAYBOOK[0] as (typeof PLAYBOOK)[number];
    assert.throws(() => checkPlaybook([one, one]), /appears twice/);
    assert.throws(() => checkPlaybook([{ ...one, advice: [] }]), /advice/);
    assert.throws(() => checkPlaybook([{ ...one, steps: ['nonsense' as never] }]), /steps/);
  });

  test('entries are kind and speak to the framework', () => {
    for (const e of PLAYBOOK) {
      const text = [e.summary, ...e.advice, ...e.phrasings, ...e.followUps].join(' ');
      assert.equal(shamingIn(text), null, `${e.id}: ${shamingIn(text)}`);
      assert.equal(comparisonIn(text), null, `${e.id}: ${comparisonIn(text)}`);
    }
    assert.ok(PLAYBOOK.length >= 15);
  });

  test("a playbook answer uses the best entry and the person's own history", () => {
    const q = 'How do I push back on a deadline my PM promised a customer?';
    const plain = playbookAnswer(q, search.search(q), EMPTY_HISTORY, new Variation('p'));
    assert.equal(plain.source, 'playbook');
    assert.equal(plain.entries[0]?.id, 'promised-deadline');
    assert.equal(plain.personal, null);
    assert.match(plain.text, /What to try:/);
    assert.match(plain.text, /You could say:/);
    const history = historyFrom([
      {
        version: 1,
        questId: 'q',
        scenarioId: 'ship-by-friday',
        scenarioTitle: 'Ship by Friday',
        role: 'eng',
        roleName: 'Sam',
        signals: { risksPriced: 1 } as never,
        strengths: [{ step: 'price_risks', moment: 'in ‘Thursday’, 1:21 into the quest, you proposed “Pilot”' }],
        practise: 'protect_relationship',
      },
    ]);
    const personal = playbookAnswer(q, search.search(q), history, new Variation('p'));
    assert.match(personal.personal ?? '', /you proposed “Pilot”/);
    assert.ok(personal.text.includes(personal.personal as string));
    const heated = playbookAnswer(
      'we were going in circles',
      search.search('we were going in circles'),
      history,
      new Variation('p'),
    );
    assert.match(heated.personal ?? '', /practice item|practising/);
  });

  test('a question with no entry gets a helpful answer, not an error', () => {
    const a = playbookAnswer('banana', [], EMPTY_HISTORY, new Variation('x'));
    assert.deepEqual(a.entries, []);
    assert.match(a.text, /do not have a playbook entry/);
  });
});
