// Which compiled scenario a quest plays. Built-in scenarios come from the catalog loaded at boot (scenarios/*.yaml);
// scenarios generated at run time (the ledger's practice quests) are stored as YAML in generated_scenarios, keyed
// like a quest names its scenario (id and definition hash), so any process can compile one again after a restart.
// A stored scenario never changes (its key is its content's hash), so a compiled one is kept once read.
import { and, eq } from 'drizzle-orm';
import type { CompiledScenario } from '../../engine/index.ts';
import { compileScenarioText, formatProblem } from '../../scenarios/catalog.ts';
import type { StoreDatabase } from '../store/quest-store.ts';
import { generatedScenarios } from '../store/schema.ts';

/** How a quest row names its scenario. */
export interface ScenarioKey {
  scenarioId: string;
  scenarioHash: string;
}

export type GeneratedScenario = { ok: true; scenario: CompiledScenario } | { ok: false; message: string };

/** Compiled generated scenarios held in memory; each is a few hundred KB at most, and quests on one share it. */
const COMPILED_LIMIT = 500;

export class ScenarioSource {
  private readonly compiled = new Map<string, CompiledScenario>();

  constructor(
    readonly catalog: ReadonlyMap<string, CompiledScenario>,
    private readonly db: StoreDatabase,
  ) {}

  /**
   * The scenario a quest was created with: the catalog's when its hash matches, else the stored generated one with
   * that key, else the catalog's by id (a built-in scenario edited since: the quest can be viewed, not played).
   */
  async forQuest(key: ScenarioKey): Promise<CompiledScenario | null> {
    const built = this.catalog.get(key.scenarioId);
    if (built && built.hash === key.scenarioHash) return built;
    return (await this.stored(key)) ?? built ?? null;
  }

  /**
   * Compiles a generated scenario and stores its source for the organisation, before any quest refers to it. Refuses
   * anything that does not compile, naming every problem, and any id a built-in scenario already uses.
   */
  async addGenerated(input: { scenarioId: string; yaml: string; orgId: string }): Promise<GeneratedScenario> {
    const { scenarioId, yaml, orgId } = input;
    if (this.catalog.has(scenarioId)) {
      return { ok: false, message: `'${scenarioId}' is a built-in scenario's id; a generated scenario needs its own` };
    }
    const result = compileScenarioText(yaml, `${scenarioId}.yaml`);
    if (!result.ok) {
      return { ok: false, message: `the generated scenario does not compile: ${result.problems.map(formatProblem).join('; ')}` };
    }
    const scenario = result.scenario;
    // The same definition generated twice is one row: the first stored source is as good as the second.
    await this.db
      .insert(generatedScenarios)
      .values({ scenarioId, scenarioHash: scenario.hash, orgId, source: yaml })
      .onConflictDoNothing();
    this.keep({ scenarioId, scenarioHash: scenario.hash }, scenario);
    return { ok: true, scenario };
  }

  private async stored(key: ScenarioKey): Promise<CompiledScenario | null> {
    const k = cacheKey(key);
    const held = this.compiled.get(k);
    if (held) return held;
    const [row] = await this.db
      .select({ source: generatedScenarios.source })
      .from(generatedScenarios)
      .where(and(eq(generatedScenarios.scenarioId, key.scenarioId), eq(generatedScenarios.scenarioHash, key.scenarioHash)));
    if (!row) return null;
    const result = compileScenarioText(row.source, `${key.scenarioId}.yaml`);
    // A stored source that compiled when it was stored but not now means the engine's format changed under it.
    if (!result.ok) {
      throw new Error(`stored scenario ${key.scenarioId} no longer compiles: ${result.problems.map(formatProblem).join('; ')}`);
    }
    // Should the engine ever read the same YAML into another definition, the hashes differ and the quest's state
    // says so: it can then be viewed, not played, as with an edited built-in scenario.
    this.keep(key, result.scenario);
    return result.scenario;
  }

  private keep(key: ScenarioKey, scenario: CompiledScenario): void {
    const k = cacheKey(key);
    this.compiled.delete(k);
    this.compiled.set(k, scenario);
    for (const oldest of this.compiled.keys()) {
      if (this.compiled.size <= COMPILED_LIMIT) break;
      this.compiled.delete(oldest);
    }
  }
}

function cacheKey(key: ScenarioKey): string {
  return `${key.scenarioId}\u0000${key.scenarioHash}`;
}
