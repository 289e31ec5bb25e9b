// HTTP calls for the private coach (docs/COACH.md): the person's own debriefs, asking a question, what they asked
// before, and deleting all of it. No call takes a person: the server answers for whoever is signed in, and only them.
import { signedInRequest } from './accounts.ts';

export type ObservationTone = 'strength' | 'edge';

export interface DebriefSummary {
  id: string;
  questId: string;
  scenarioTitle: string;
  roleName: string;
  createdAt: string;
  unread: boolean;
  /** The steps it is about: "Price the risks · practise: Check in when it heats up". */
  headline: string;
}

export interface DebriefObservation {
  pattern: string;
  step: string;
  stepTitle: string;
  tone: ObservationTone;
  text: string;
  scene: string;
  time: string;
}

export interface PrivateDebrief {
  id: string;
  questId: string;
  createdAt: string;
  readAt: string | null;
  scenarioTitle: string;
  roleName: string;
  roleTitle: string;
  opening: string;
  observations: DebriefObservation[];
  practise: { step: string; stepTitle: string; text: string; line: string };
  closing: string;
}

export interface CoachAnswer {
  question: string;
  /** Who wrote the text: the playbook, or the model this server is configured with. */
  source: 'playbook' | 'model';
  text: string;
  entries: { id: string; title: string }[];
  advice: string[];
  phrasings: string[];
  followUps: string[];
  /** The part drawn from the person's own quests, if any. */
  personal: string | null;
}

export interface AskedQuestion {
  id: string;
  askedAt: string;
  answer: CoachAnswer;
}

export interface CoachTopic {
  id: string;
  title: string;
  topics: string[];
}

const BASE = '/api/me/coach';

export const coachApi = {
  debriefs: () => signedInRequest<{ debriefs: DebriefSummary[] }>('GET', `${BASE}/debriefs`).then((r) => r.debriefs),
  /** Opening a debrief marks it read. */
  debrief: (debriefId: string) =>
    signedInRequest<{ debrief: PrivateDebrief }>('GET', `${BASE}/debriefs/${encodeURIComponent(debriefId)}`).then(
      (r) => r.debrief,
    ),
  ask: (question: string) => signedInRequest<{ answer: CoachAnswer }>('POST', `${BASE}/ask`, { question }).then((r) => r.answer),
  history: () => signedInRequest<{ questions: AskedQuestion[] }>('GET', `${BASE}/history`).then((r) => r.questions),
  topics: () => signedInRequest<{ topics: CoachTopic[] }>('GET', `${BASE}/topics`).then((r) => r.topics),
  deleteAll: () => signedInRequest<void>('DELETE', `${BASE}/data`),
};

/** The longest question the server takes (server/coach/coach.ts MAX_QUESTION_LENGTH). */
export const MAX_QUESTION_LENGTH = 1000;
