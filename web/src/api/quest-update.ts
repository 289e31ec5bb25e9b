// The client half of quest:update (docs/API.md): a whole view replaces the one held; changes apply only on top of
// the very view they were computed against (`base`). Anything else means a message was missed or the held view
// came from elsewhere (the page's first fetch, a sync): an update the held view is already past is dropped, and
// one that cannot be placed asks for a fresh view.
import type { QuestUpdate, QuestView } from './types.ts';

export type ViewStep = { view: QuestView | null } | { stale: true } | { resync: true };

export function nextView(held: QuestView | null, update: QuestUpdate): ViewStep {
  if ('view' in update) {
    if (held && update.view && update.view.version < held.version) return { stale: true };
    return { view: update.view };
  }
  const target = update.changes.version ?? update.base;
  if (held && held.version >= target) return held.version === update.base ? { view: held } : { stale: true };
  if (held && held.version === update.base) return { view: { ...held, ...update.changes } };
  return { resync: true };
}
