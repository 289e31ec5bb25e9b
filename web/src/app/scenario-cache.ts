// Scenario summaries change only when the server restarts: one fetch per page load is enough.
import { useEffect, useState } from 'react';
import { api } from '../api/http.ts';
import type { ScenarioSummary } from '../api/types.ts';

let cached: Promise<ScenarioSummary[]> | null = null;

function loadScenarios(): Promise<ScenarioSummary[]> {
  cached ??= api.scenarios().catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}

/** The summary of one scenario, or null while loading or when it cannot be found. */
export function useScenario(id: string): ScenarioSummary | null {
  const [scenario, setScenario] = useState<ScenarioSummary | null>(null);
  useEffect(() => {
    let live = true;
    loadScenarios().then(
      (all) => live && setScenario(all.find((s) => s.id === id) ?? null),
      () => live && setScenario(null),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return scenario;
}
