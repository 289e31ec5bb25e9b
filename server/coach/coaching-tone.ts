// The coach never shames and never compares: words of judgement, comparisons with other people and scores have no
// place in what it writes. Tests run every phrasing in the library through these checks, and a model's answer that
// trips them is thrown away in favour of the playbook's.

const SHAMING: readonly RegExp[] = [
  /\bfail(s|ed|ing|ure|ures)?\b/i,
  /\bbad(ly)?\b/i,
  /\bpoor(ly)?\b/i,
  /\bmistakes?\b/i,
  /\blazy\b/i,
  /\bweak(ness|nesses)?\b/i,
  /\bworst\b/i,
  /\bterrible\b/i,
  /\bawful\b/i,
  /\bstupid\b/i,
  /\bincompetent\b/i,
  /\buseless\b/i,
  /\bpathetic\b/i,
  /\bcareless\b/i,
  /\bshame(ful)?\b/i,
  /\bblam(e|ed|ing)\b/i,
  /\bat fault\b/i,
  /\bdisappoint(ed|ing|ment)?\b/i,
  /\bshould have\b/i,
  /\bshould've\b/i,
  /\byou never\b/i,
  /\byou always\b/i,
  /\byou were wrong\b/i,
];

const COMPARING: readonly RegExp[] = [
  /\b(better|worse|more|less|fewer|quieter|louder|faster|slower) than (you|your|the others?|others|everyone|anyone|the rest|they|them|[A-Z][a-z]+)\b/,
  /\bunlike\b/i,
  /\bcompared (to|with)\b/i,
  /\beveryone else\b/i,
  /\bthe others did\b/i,
  /\b(your|their|his|her|the team's|the team) (score|rank|ranking)\b/i,
  /\bscored? (higher|lower|better|worse)\b/i,
  /\branked (you|him|her|people|lowest|highest|last|first)\b/i,
  /\bpoints (behind|ahead)\b/i,
];

/** The first shaming expression in a text, or null. */
export function shamingIn(text: string): string | null {
  for (const re of SHAMING) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}

/** The first comparison with other people (or score) in a text, or null. */
export function comparisonIn(text: string): string | null {
  for (const re of COMPARING) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}
