// The coach service on both database drivers: debriefs stored sealed per person, delivered once, read only by their
// person, erased on request, re-sealed on key rotation; questions answered from the playbook and the person's history.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Coach, CoachRefusal, createCoach } from './coach.ts';
import { type DebriefNotice, InAppDelivery } from './debrief-delivery.ts';
import { Keyring, newKeyText, parseKey } from './keyring.ts';
import { PLAYBOOK } from './playbook/playbook.ts';
import { type CoachTestDatabase, DRIVERS, openCoachDatabase } from './test-coach-database.ts';
import { playedQuest, uuidOf } from './test-quest.ts';

const keyA = parseKey(newKeyText(), 'a');
const keyB = parseKey(newKeyText(), 'b');

for (const driver of DRIVERS) {
  describe(`the coach on ${driver}`, () => {
    let t: CoachTestDatabase;
    let coach: Coach;
    const inApp = new InAppDelivery();
    const notices: { personId: string; notice: DebriefNotice }[] = [];
    const warnings: string[] = [];
    let now = Date.parse('2026-11-21T10:00:00Z');
    const played = playedQuest(`coach-${driver}`);
    const [pm, eng, cs, design] = ['pm', 'eng', 'cs', 'design'].map((r) => played.people[r] as string) as [
      string,
      string,
      string,
      string,
    ];
    const optedOut = design;

    const make = (keyring: Keyring) =>
      createCoach({
        db: t.db,
        config: { keyring, llm: null },
        deliveries: [inApp],
        takingPart: async (id) => id !== optedOut,
        clock: () => now,
        logger: { info: () => undefined, warn: (_o, msg) => warnings.push(msg) },
        askLimit: { max: 5, windowMs: 60_000 },
      });

    before(async () => {
      t = await openCoachDatabase(driver);
      coach = make(new Keyring(keyA));
      for (const role of ['pm', 'eng', 'cs', 'design']) {
        inApp.subscribe(played.people[role] as string, (notice) =>
          notices.push({ personId: played.people[role] as string, notice }),
        );
      }
    });
    after(async () => {
      await t?.destroy();
    });

    test('debriefs every player taking part once, and tells each of them in the app', async () => {
      const first = await coach.debriefQuest(played.quest);
      assert.deepEqual(
        first.map((r) => [r.personId, r.created]),
        [
          [pm, true],
          [eng, true],
          [cs, true],
          [design, false],
        ],
      );
      assert.equal(notices.length, 3);
      for (const n of notices) {
        assert.deepEqual(Object.keys(n.notice).sort(), ['debriefId', 'questId', 'scenarioTitle'], 'a notice carries no content');
        assert.equal(n.notice.questId, played.quest.questId);
      }
      const again = await coach.debriefQuest(played.quest);
      assert.ok(
        again.every((r) => !r.created && r.debriefId === null),
        'a retried quest_ended stores nothing new',
      );
      assert.equal(notices.length, 3, 'and delivers nothing twice');
      assert.deepEqual(await coach.listDebriefs(design), []);
    });

    test('stores everything a person did or was told sealed; only ids and times are readable at rest', async () => {
      const rows = await t.query<{ person_id: string; key_id: string; sealed: string }>('select * from coach_debriefs');
      const signals = await t.query<{ sealed: string }>('select * from coach_signals');
      assert.equal(rows.length, 3);
      assert.equal(signals.length, 3);
      const mine = await coach.readDebrief(pm, (await coach.listDebriefs(pm))[0]?.id as string);
      const secrets = [
        mine?.debrief.opening as string,
        mine?.debrief.roleName as string,
        'Ship by Friday',
        mine?.debrief.observations[0]?.text.slice(0, 30) as string,
      ];
      for (const row of [...rows, ...signals]) {
        const everything = JSON.stringify(row) + Buffer.from(row.sealed, 'base64').toString('latin1');
        for (const s of secrets) assert.ok(!everything.includes(s), `"${s}" is readable at rest`);
      }
      assert.ok(rows.every((r) => r.key_id === keyA.id));
    });

    test("each person reads only their own debriefs; someone else's id is as good as none", async () => {
      const list = await coach.listDebriefs(pm);
      assert.equal(list.length, 1);
      const summary = list[0] as (typeof list)[number];
      assert.equal(summary.unread, false, 'read in the previous test');
      assert.equal(summary.scenarioTitle, 'Ship by Friday');
      assert.match(summary.headline, /[Pp]ractise: /);
      const engList = await coach.listDebriefs(eng);
      assert.equal(engList[0]?.unread, true);
      assert.equal(await coach.readDebrief(eng, summary.id), null);
      assert.equal(await coach.readDebrief(pm, uuidOf('nothing')), null);
      assert.equal(await coach.readDebrief(pm, 'not-an-id'), null);
      const read = await coach.readDebrief(eng, engList[0]?.id as string);
      assert.equal(read?.debrief.role, 'eng');
      assert.equal((await coach.listDebriefs(eng))[0]?.unread, false);
      await assert.rejects(coach.listDebriefs('someone'), CoachRefusal);
    });

    test('a sealed record moved onto another person opens for nobody', async () => {
      const csId = (await coach.listDebriefs(cs))[0]?.id as string;
      const other = uuidOf('moved-to');
      await t.query('update coach_debriefs set person_id = $1 where id = $2', [other, csId]);
      warnings.length = 0;
      assert.deepEqual(await coach.listDebriefs(other), []);
      assert.equal(await coach.readDebrief(other, csId), null);
      assert.ok(warnings.some((w) => /could not be opened/.test(w)));
      await t.query('update coach_debriefs set person_id = $1 where id = $2', [cs, csId]);
      assert.equal((await coach.listDebriefs(cs)).length, 1);
    });

    test("answers questions from the playbook and the person's own history, and keeps them private", async () => {
      const q = 'How do I push back on a deadline my PM promised a customer?';
      const answer = await coach.ask(eng, q);
      assert.equal(answer.source, 'playbook');
      assert.equal(answer.entries[0]?.id, 'promised-deadline');
      const history = await coach.history(eng);
      assert.equal(history.length, 1);
      assert.equal(history[0]?.answer.question, q);
      assert.deepEqual(await coach.history(pm), []);
      const sealed = await t.query<{ sealed: string }>('select sealed from coach_questions');
      assert.ok(!sealed.some((r) => Buffer.from(r.sealed, 'base64').toString('latin1').includes('push back')));
      await assert.rejects(coach.ask(eng, '   '), /must not be empty/);
      await assert.rejects(coach.ask(eng, 'x'.repeat(1001)), /at most 1000/);
    });

    test("the personal part of an answer comes from the person's own debriefs", async () => {
      const exported = await coach.exportFor(pm);
      const strengths = (exported.signals as { strengths: { step: string; moment: string }[] }[]).flatMap((s) => s.strengths);
      const shown = strengths[0];
      assert.ok(shown, 'the collaborative PM showed at least one strength');
      const entry = PLAYBOOK.find((e) => e.steps[0] === shown.step) as (typeof PLAYBOOK)[number];
      const answer = await coach.ask(pm, entry.title);
      assert.ok(answer.personal?.includes(shown.moment), `${answer.personal} quotes ${shown.moment}`);
      const other = await coach.ask(cs, entry.title);
      assert.ok(!other.text.includes(shown.moment), 'another person never gets it');
    });

    test('limits how many questions a person asks in a window', async () => {
      const asker = uuidOf('asker');
      for (let i = 0; i < 5; i++) await coach.ask(asker, `How do I price a risk, take ${i}?`);
      await assert.rejects(coach.ask(asker, 'one more?'), (e: CoachRefusal) => e.code === 'rate_limited');
      now += 61_000;
      assert.equal((await coach.ask(asker, 'and now?')).question, 'and now?');
    });

    test("a person's own export holds their coaching and nobody else's", async () => {
      const exported = await coach.personalDataSource.export(eng);
      const json = JSON.stringify(exported);
      assert.match(json, /"role":"eng"/);
      assert.ok(!json.includes('"role":"pm"'));
      assert.equal(coach.personalDataSource.name, 'coaching');
    });

    test('re-seals every record with a new key, leaving what cannot be opened untouched', async () => {
      const rotated = make(new Keyring(keyB, [keyA]));
      const before = await rotated.listDebriefs(pm);
      const { resealed, unreadable } = await rotated.rotateKeys();
      assert.ok(resealed >= 3 + 3 + 3, `resealed ${resealed}`);
      assert.equal(unreadable, 0);
      const keys = await t.query<{ key_id: string }>(
        'select key_id from coach_debriefs union all select key_id from coach_signals union all select key_id from coach_questions',
      );
      assert.ok(keys.every((k) => k.key_id === keyB.id));
      const onlyB = make(new Keyring(keyB));
      assert.deepEqual(await onlyB.listDebriefs(pm), before);
      assert.deepEqual(await onlyB.rotateKeys(), { resealed: 0, unreadable: 0 });
      // A record sealed with a key nobody has any more stays as it is.
      const lost = parseKey(newKeyText(), 'lost');
      await make(new Keyring(lost)).ask(uuidOf('lost-key-person'), 'How do I price a risk?');
      assert.deepEqual(await onlyB.rotateKeys(), { resealed: 0, unreadable: 1 });
      coach = onlyB;
    });

    test("deleting one's data deletes it, and only theirs; twice is fine", async () => {
      await coach.erase(eng);
      assert.deepEqual(await coach.listDebriefs(eng), []);
      assert.deepEqual(await coach.history(eng), []);
      const left = await t.query<{ n: string }>(
        `select count(*)::text as n from (select person_id from coach_debriefs union all select person_id from coach_signals
          union all select person_id from coach_questions) x where person_id = $1`,
        [eng],
      );
      assert.equal(left[0]?.n, '0');
      assert.equal((await coach.listDebriefs(pm)).length, 1);
      await coach.personalDataSource.erase(eng);
      assert.deepEqual(await coach.listDebriefs(eng), []);
    });
  });
}
