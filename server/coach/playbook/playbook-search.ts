// Finds the playbook entries that answer a question: BM25 over each entry's fields, with the words people use when
// they ask about it (triggers) weighted highest, and a bonus when a multi-word trigger appears in the question as a
// phrase ("push back", "tech debt"), which single words alone cannot tell apart.
import { Bm25Index, type Scored, tokens } from '../bm25.ts';
import type { PlaybookEntry } from './playbook-entry.ts';

const FIELD_WEIGHTS = { triggers: 3, title: 2, topics: 2, summary: 1, advice: 0.5, phrasings: 0.5 } as const;
const PHRASE_BONUS = 1.5;

export interface PlaybookMatch {
  entry: PlaybookEntry;
  score: number;
  matched: string[];
}

function containsPhrase(query: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= query.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (query[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

export class PlaybookSearch {
  private readonly index: Bm25Index<PlaybookEntry>;
  private readonly phrases: Map<string, string[][]>;

  constructor(readonly entries: readonly PlaybookEntry[]) {
    this.index = new Bm25Index(entries, (e) => [
      { text: e.triggers.join(' . '), weight: FIELD_WEIGHTS.triggers },
      { text: e.title, weight: FIELD_WEIGHTS.title },
      { text: e.topics.join(' . '), weight: FIELD_WEIGHTS.topics },
      { text: e.summary, weight: FIELD_WEIGHTS.summary },
      { text: e.advice.join(' '), weight: FIELD_WEIGHTS.advice },
      { text: e.phrasings.join(' '), weight: FIELD_WEIGHTS.phrasings },
    ]);
    this.phrases = new Map(
      entries.map((e) => [e.id, e.triggers.map((t) => tokens(t)).filter((p) => p.length >= 2)] as [string, string[][]]),
    );
  }

  /** The best entries for a question, best first; empty when nothing in the playbook speaks to it. */
  search(question: string, limit = 3): PlaybookMatch[] {
    const q = tokens(question);
    const scored: Scored<PlaybookEntry>[] = this.index.search(question).map((s) => {
      const bonus = (this.phrases.get(s.doc.id) ?? []).filter((p) => containsPhrase(q, p)).length * PHRASE_BONUS;
      return { ...s, score: s.score + bonus };
    });
    const order = new Map(this.entries.map((e, i) => [e.id, i]));
    scored.sort((a, b) => b.score - a.score || (order.get(a.doc.id) ?? 0) - (order.get(b.doc.id) ?? 0));
    return scored.slice(0, limit).map((s) => ({ entry: s.doc, score: s.score, matched: s.matched }));
  }
}
