// Which drawing a scene gets: the one its scenario names, else one read from the scene's words, so every quest,
// including ones written before art existed, gets a fitting stage.
import type { SceneArt } from '../../../engine/scenario-schema.ts';

const CUES: [SceneArt, RegExp][] = [
  [
    'server_fire',
    /\b(outage|incident|on-?call|pager|paged|alert|alarm|down|crash|crashes|crashing|fire|burning|broke|broken|queue|stalled|page)\b/i,
  ],
  ['customer_call', /\b(customer|client|call|calls|churn|renewal|account|contract|clinic|clinics|ticket|tickets|support)\b/i],
  ['release_train', /\b(release|ship|shipping|deploy|launch|friday|deadline|date|go-?live|rollout|freeze)\b/i],
  [
    'dashboard',
    /\b(metric|metrics|dashboard|numbers|revenue|mrr|kpi|velocity|roadmap|board|quarter|okr|sprint|planning|backlog)\b/i,
  ],
  ['war_room', /\b(retro|retrospective|meeting|room|agreement|process|together|team|one-on-one|1:1|talk)\b/i],
];

export function sceneArtFor(scene: { art: SceneArt | null; title: string; narrative: string }): SceneArt {
  if (scene.art) return scene.art;
  const text = `${scene.title} ${scene.narrative}`;
  let best: SceneArt = 'war_room';
  let bestHits = 0;
  for (const [art, cue] of CUES) {
    const hits = text.match(new RegExp(cue.source, 'gi'))?.length ?? 0;
    if (hits > bestHits) {
      best = art;
      bestHits = hits;
    }
  }
  return best;
}

export const ART_NAMES: Record<SceneArt, string> = {
  war_room: 'the war room',
  release_train: 'the release train',
  server_fire: 'a server rack on fire',
  customer_call: 'a customer call',
  dashboard: 'the dashboard',
};
