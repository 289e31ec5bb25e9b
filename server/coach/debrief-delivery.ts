// How a new debrief reaches its person. The debrief is already stored (sealed) when a delivery runs; a delivery only
// tells the person it is there. In the app that is a notice to the person's own open sessions; a Slack DM delivery
// (to the person, never to a channel) plugs in behind the same interface.
import { PersonNotices } from '../realtime/person-notices.ts';
import type { PersonalDebrief } from './debrief-writer.ts';

export type DeliveredDebrief = PersonalDebrief & { id: string };

export interface DebriefDelivery {
  /** For log lines. */
  readonly name: string;
  deliverDebrief(personId: string, debrief: DeliveredDebrief): Promise<void>;
}

/** What an in-app notice carries: enough to show "your debrief is ready", none of its content. */
export interface DebriefNotice {
  debriefId: string;
  questId: string;
  scenarioTitle: string;
}

export class InAppDelivery implements DebriefDelivery {
  readonly name = 'in-app';
  private readonly notices = new PersonNotices<DebriefNotice>();

  /** Listen for one person's new debriefs (e.g. to push to their sockets); returns the unsubscribe function. */
  subscribe(personId: string, listener: (notice: DebriefNotice) => void): () => void {
    return this.notices.subscribe(personId, listener);
  }

  async deliverDebrief(personId: string, debrief: DeliveredDebrief): Promise<void> {
    this.notices.notify(personId, { debriefId: debrief.id, questId: debrief.questId, scenarioTitle: debrief.scenarioTitle });
  }
}
