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

/**
 * The summary of one scenario, or null while loading or when it cannot be found. A scenario generated for one
 * quest (a ledger practice quest) is not in the gallery: with the quest's invite it is read from the invite instead.
 */
export function useScenario(id: string, invite?: string): ScenarioSummary | null {
  const [scenario, setScenario] = useState<ScenarioSummary | null>(null);
  useEffect(() => {
    let live = true;
    loadScenarios()
      .then(async (all) => {
        const found = all.find((s) => s.id === id);
        if (found || !invite) return found ?? null;
        const { scenario: generated } = await api.invite(invite);
        if (generated.id !== id) return null;
        return { ...generated, practises: generated.practises ?? [], sceneCount: generated.sceneCount ?? 0 };
      })
      .then(
        (found) => live && setScenario(found),
        () => live && setScenario(null),
      );
    return () => {
      live = false;
    };
  }, [id, invite]);
  return scenario;
}
