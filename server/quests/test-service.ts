// What the quest service tests share: the scenario they play, a service on a hand-driven clock, and a quest with
// its players authenticated the way a transport would.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { CompiledScenario } from '../../engine/index.ts';
import { nextRandom } from '../../engine/prng.ts';
import { loadScenarioFile } from '../../scenarios/catalog.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { createQuestService, type QuestPlay, type QuestServiceOptions } from './create-quest-service.ts';
import type { Player } from './quest-service.ts';
import type { TestClock } from './test-clock.ts';

const file = fileURLToPath(new URL('../../scenarios/ship-by-friday.yaml', import.meta.url));
const loaded = loadScenarioFile(file);
if (!loaded.ok) throw new Error(`ship-by-friday does not compile: ${JSON.stringify(loaded.problems)}`);
export const SCENARIO: CompiledScenario = loaded.scenario;
export const ROLES = SCENARIO.def.roles.map((r) => r.id);

export function seededRandom(seed: number): () => number {
  let rng = seed;
  return () => {
    const r = nextRandom(rng);
    rng = r.rng;
    return r.value;
  };
}

export function openService(store: QuestStore, clock: TestClock, opts: Partial<QuestServiceOptions> = {}): Promise<QuestPlay> {
  return createQuestService({
    store,
    catalog: new Map([[SCENARIO.id, SCENARIO]]),
    clock: clock.clock,
    timers: clock,
    random: seededRandom(11),
    graceSeconds: 45,
    snapshotEvery: 10,
    ...opts,
  });
}

export interface TestQuest {
  questId: string;
  invite: string;
  host: Player;
  guests: Player[];
  tokens: Map<string, string>;
}

/** A quest in its lobby: the host plus one guest per name, each authenticated by the token they were given. */
export async function questWith(service: QuestPlay, guestNames: string[], seed = 42): Promise<TestQuest> {
  const created = await service.createQuest({ scenarioId: SCENARIO.id, hostName: 'Hana Host', seed });
  assert.ok(created.ok, JSON.stringify(created));
  const tokens = new Map<string, string>([[created.player.id, created.player.token]]);
  const host = await service.authenticate(created.questId, created.player.token);
  assert.ok(host);
  const guests: Player[] = [];
  for (const name of guestNames) {
    const joined = await service.join(created.invite, name);
    assert.ok(joined.ok, JSON.stringify(joined));
    const p = await service.authenticate(created.questId, joined.player.token);
    assert.ok(p);
    tokens.set(p.id, joined.player.token);
    guests.push(p);
  }
  return { questId: created.questId, invite: created.invite, host, guests, tokens };
}

/** The host and three guests in ship-by-friday's four roles (pm, eng, cs, design), ready to start. */
export async function seatedQuest(service: QuestPlay): Promise<TestQuest & { seated: Player[] }> {
  const q = await questWith(service, ['Gil', 'Fay', 'Sol']);
  const seated = [q.host, ...q.guests];
  for (const [i, p] of seated.entries()) assert.ok((await service.takeSeat(p, ROLES[i] as string)).ok);
  return { ...q, seated };
}
