// The shape of one playbook entry: what it is about (topics and the words people use when they ask about it), the
// advice, lines a person could say, questions to think on, and the framework steps it practises, which is how an
// answer finds the matching moments in the person's own debriefs.
import type { FrameworkStep } from '../framework.ts';

export type Audience = 'pm' | 'engineer' | 'anyone';

export interface PlaybookEntry {
  /** Stable, lower-case with hyphens: answers and the history refer to it. */
  id: string;
  title: string;
  /** Who the advice is written for. */
  audience: Audience;
  /** What the entry covers, in a few words each. */
  topics: string[];
  /** Words and phrases people use when they ask about it; weighted highest by the ranker. */
  triggers: string[];
  /** Two or three sentences: the idea. */
  summary: string;
  advice: string[];
  /** Lines a person could say, in their own voice. */
  phrasings: string[];
  /** Questions the coach asks back, to help the person apply it. */
  followUps: string[];
  steps: FrameworkStep[];
  /** Where in the source documents the idea comes from. */
  source: string;
}
