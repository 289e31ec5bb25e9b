// A small lexical ranker: Okapi BM25 over documents made of weighted fields (BM25F-style: a field's weight scales its
// term frequencies and its length), with an English tokenizer, a light suffix-stripping stemmer and a synonym table.
// Deterministic: equal scores keep the documents' order.

const STOPWORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with about from into over under up down out as is are was were ' +
    'be been being am do does did doing have has had having i me my mine we us our you your yours he him his she her they ' +
    'them their it its this that these those there here what which who whom whose when where why how can could should would ' +
    'will shall may might must just very really too also not no yes any some all each every more most other such own ' +
    'than get got getting let lets make made one two im ive youre theyre dont doesnt didnt cant wont isnt arent wasnt ' +
    'weve theyve hes shes thats whats'
  ).split(/\s+/),
);

/** Words people use for the same thing, folded onto one word before stemming. */
const SYNONYMS: Record<string, string> = {
  date: 'deadline',
  dates: 'deadline',
  timeline: 'deadline',
  timelines: 'deadline',
  due: 'deadline',
  eta: 'deadline',
  pushback: 'push',
  client: 'customer',
  clients: 'customer',
  engineering: 'engineer',
  engineers: 'engineer',
  developer: 'engineer',
  developers: 'engineer',
  dev: 'engineer',
  devs: 'engineer',
  eng: 'engineer',
  tradeoff: 'trade',
  tradeoffs: 'trade',
  refactoring: 'refactor',
  refactors: 'refactor',
  argue: 'argument',
  arguing: 'argument',
  fight: 'argument',
  fighting: 'argument',
  clash: 'argument',
  prioritize: 'prioritise',
  prioritization: 'prioritise',
  prioritisation: 'prioritise',
  quantify: 'price',
  apologize: 'apologise',
  deprioritized: 'deprioritised',
};

export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      // shipping -> shipp -> ship
      if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lower-cased, stop words dropped, synonyms folded, stemmed. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/)) {
    if (raw === '' || STOPWORDS.has(raw)) continue;
    out.push(stem(SYNONYMS[raw] ?? raw));
  }
  return out;
}

export interface WeightedField {
  text: string;
  weight: number;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Scored<T> {
  doc: T;
  score: number;
  /** The query terms found in the document. */
  matched: string[];
}

interface Indexed<T> {
  doc: T;
  tf: Map<string, number>;
  length: number;
}

export class Bm25Index<T> {
  private readonly docs: Indexed<T>[];
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;
  private readonly k1: number;
  private readonly b: number;

  constructor(docs: readonly T[], fields: (doc: T) => WeightedField[], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.docs = docs.map((doc) => {
      const tf = new Map<string, number>();
      let length = 0;
      for (const f of fields(doc)) {
        if (f.weight <= 0) throw new RangeError('field weights must be positive');
        for (const t of tokens(f.text)) {
          tf.set(t, (tf.get(t) ?? 0) + f.weight);
          length += f.weight;
        }
      }
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { doc, tf, length };
    });
    const total = this.docs.reduce((n, d) => n + d.length, 0);
    this.avgLength = this.docs.length > 0 ? total / this.docs.length : 0;
  }

  /** Inverse document frequency of a word (tokenised like the documents) or of an already tokenised term. */
  idf(word: string): number {
    const n = this.df.get(tokens(word)[0] ?? word) ?? this.df.get(word) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  private idfOf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  /** Documents with a positive score, best first; ties keep the order the documents were given in. */
  search(query: string): Scored<T>[] {
    const terms = [...new Set(tokens(query))];
    if (terms.length === 0 || this.avgLength === 0) return [];
    const scored: (Scored<T> & { order: number })[] = [];
    this.docs.forEach((d, order) => {
      let score = 0;
      const matched: string[] = [];
      for (const t of terms) {
        const f = d.tf.get(t);
        if (!f) continue;
        matched.push(t);
        const norm = this.k1 * (1 - this.b + (this.b * d.length) / this.avgLength);
        score += this.idfOf(t) * ((f * (this.k1 + 1)) / (f + norm));
      }
      if (score > 0) scored.push({ doc: d.doc, score, matched, order });
    });
    scored.sort((x, y) => y.score - x.score || x.order - y.order);
    return scored.map(({ doc, score, matched }) => ({ doc, score, matched }));
  }
}
