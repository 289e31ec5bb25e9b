// The voice grammar on a table of utterances as speech recognition delivers them: paraphrases, fillers, mishearings
// ("won", "too", "for"), no punctuation or stray punctuation, any case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interpret, normalise, readConfirmation, type VoiceContext, type VoiceReading } from './grammar.ts';

const roles = [
  { id: 'pm', name: 'Dana Okafor', title: 'Product Manager' },
  { id: 'eng', name: 'Sam Reyes', title: 'Engineering Lead' },
  { id: 'csm', name: 'Lee Park', title: 'Customer Success Manager' },
];

/** A sprint plan: three features and two tech-debt items, in the order the board lists them. */
const planning: VoiceContext = {
  decision: {
    id: 'sprint',
    plan: true,
    choices: [
      { id: 'pos_sync', label: 'Toastline integration, two-way sync', kind: 'feature' },
      { id: 'onboarding', label: 'Onboarding redesign', kind: 'feature' },
      { id: 'crash_fix', label: 'Fix the list leak behind the large-catalog crash', kind: 'debt' },
      { id: 'price_alerts', label: 'Supplier price alerts', kind: 'feature' },
      { id: 'cleanup', label: 'Cleanup sprint for the sync engine', kind: 'debt' },
    ],
  },
  proposals: [
    { id: 'p1', status: 'open', author: 'eng', decision: 'sprint' },
    { id: 'p2', status: 'open', author: 'csm', decision: 'sprint' },
    { id: 'p3', status: 'superseded', author: 'pm', decision: 'sprint' },
  ],
  me: {
    role: 'pm',
    cards: [
      { id: 'velocity', title: 'The last three sprints', sharedWith: [] },
      { id: 'marrow_renewal', title: 'Marrow & Vine’s renewal', sharedWith: [] },
      { id: 'rice_sheet', title: 'Your RICE sheet', sharedWith: 'team' },
    ],
  },
  roles,
  facilitating: false,
};

/** A single choice, with only the speaker's own proposal open, and one card left unshared. */
const release: VoiceContext = {
  decision: {
    id: 'release',
    plan: false,
    choices: [
      { id: 'ship_all', label: 'Ship to everyone on Friday' },
      { id: 'hold', label: 'Hold the release two weeks and isolate the queue' },
      { id: 'pilot', label: 'Ship Friday behind a flag to Halcyon’s pilot clinics only' },
      { id: 'chunked', label: 'Ship Tuesday with chunked submission and a progress bar' },
    ],
  },
  proposals: [{ id: 'p1', status: 'open', author: 'pm', decision: 'release' }],
  me: { role: 'pm', cards: [{ id: 'contract', title: 'What Halcyon actually signed', sharedWith: ['eng'] }] },
  roles,
  facilitating: false,
};

const empty: VoiceContext = { ...release, proposals: [] };
const facilitator: VoiceContext = { ...release, me: null, facilitating: true };
const spectator: VoiceContext = { ...release, me: null, facilitating: false };

type Expect =
  | { propose: string[] | string }
  | { vote: 'yes' | 'no'; on: string }
  | { support: string }
  | { object: string; reason: string }
  | { share: string; with?: string }
  | { checkIn: string }
  | { pause: true }
  | { ready: true }
  | { say: string }
  | { ask: string }
  | { unclear: RegExp };

function check(reading: VoiceReading, want: Expect): void {
  const c = reading.kind === 'command' || reading.kind === 'dictation' ? reading.command : null;
  if ('unclear' in want) {
    assert.equal(reading.kind, 'unclear', `expected unclear, got ${JSON.stringify(reading)}`);
    assert.match((reading as { message: string }).message, want.unclear);
    return;
  }
  assert.ok(c, `expected a command, got ${JSON.stringify(reading)}`);
  const confirm = (reading as { confirm: boolean }).confirm;
  if ('propose' in want) {
    assert.equal(c.type, 'propose');
    assert.ok(c.type === 'propose');
    if (Array.isArray(want.propose)) assert.deepEqual(c.items, want.propose);
    else assert.equal(c.option, want.propose);
    assert.equal(confirm, true, 'a proposal is confirmed first');
  } else if ('vote' in want) {
    assert.deepEqual(c, { type: 'vote', proposal: want.on, vote: want.vote });
    assert.equal(confirm, true, 'a vote is confirmed first');
  } else if ('support' in want) {
    assert.deepEqual(c, { type: 'support', proposal: want.support });
    assert.equal(confirm, false);
  } else if ('object' in want) {
    assert.deepEqual(c, { type: 'object', proposal: want.object, reason: want.reason });
  } else if ('share' in want) {
    assert.deepEqual(c, { type: 'share', card: want.share, with: want.with ?? 'team' });
    assert.equal(confirm, true, 'sharing private intel is confirmed first');
  } else if ('checkIn' in want) {
    assert.deepEqual(c, { type: 'check_in', note: want.checkIn });
  } else if ('pause' in want) {
    assert.deepEqual(c, { type: 'pause' });
  } else if ('ready' in want) {
    assert.deepEqual(c, { type: 'ready' });
  } else if ('say' in want) {
    assert.deepEqual(c, { type: 'say', text: want.say, via: 'voice' });
    assert.equal(confirm, false);
  } else {
    assert.deepEqual(c, { type: 'ask', text: want.ask, via: 'voice' });
  }
}

const TABLE: [string, VoiceContext, Expect][] = [
  // Proposals for a plan: numbers by kind, by position, by name, misheard.
  ['I propose we take features one and two and the cleanup sprint', planning, { propose: ['pos_sync', 'onboarding', 'cleanup'] }],
  [
    'i propose we take features won and too and the clean up sprint',
    planning,
    { propose: ['pos_sync', 'onboarding', 'cleanup'] },
  ],
  ['Um, I propose, uh, like, features one and two', planning, { propose: ['pos_sync', 'onboarding'] }],
  ['I PROPOSE WE TAKE FEATURES ONE AND TWO.', planning, { propose: ['pos_sync', 'onboarding'] }],
  ['i propose items one two and for', planning, { propose: ['pos_sync', 'onboarding', 'price_alerts'] }],
  ['i propose feature three', planning, { propose: ['price_alerts'] }],
  ['I propose we take item 1 and item 3', planning, { propose: ['pos_sync', 'crash_fix'] }],
  ['i propose options one and five', planning, { propose: ['pos_sync', 'cleanup'] }],
  ['I propose the onboarding redesign and the crash fix', planning, { propose: ['onboarding', 'crash_fix'] }],
  ['i propose onboarding, price alerts and the cleanup sprint', planning, { propose: ['onboarding', 'price_alerts', 'cleanup'] }],
  ['I’d like to propose that we do the toastline integration', planning, { propose: ['pos_sync'] }],
  ['let’s take the first feature and the second debt item', planning, { propose: ['pos_sync', 'cleanup'] }],
  ['i suggest we take debt one and debt two', planning, { propose: ['crash_fix', 'cleanup'] }],
  ['we should do tech debt 2', planning, { propose: ['cleanup'] }],
  ['how about we take the onboarding redesign', planning, { propose: ['onboarding'] }],
  ['so, um, my proposal is we take supplier price alerts', planning, { propose: ['price_alerts'] }],
  ['i propose the tost line integration', planning, { propose: ['pos_sync'] }],
  ['I propose we take the onboard redesign plus the cleanup', planning, { propose: ['onboarding', 'cleanup'] }],
  ['i propose number two and number four', planning, { propose: ['onboarding', 'price_alerts'] }],
  ['I propose feature one and feature one', planning, { propose: ['pos_sync'] }],
  ['i propose we take features one and six', planning, { unclear: /no feature 6/ }],
  ['i propose the moon landing', planning, { unclear: /No backlog item matches “moon landing”/ }],
  ['i propose', planning, { unclear: /Say what you propose/ }],
  // Proposals for a single choice.
  ['I propose option three', release, { propose: 'pilot' }],
  ['i propose option number too', release, { propose: 'hold' }],
  ['i propose we ship friday behind a flag', release, { propose: 'pilot' }],
  ['let’s go with the pilot clinics', release, { propose: 'pilot' }],
  ['i propose we hold the release two weeks', release, { propose: 'hold' }],
  ['I propose the second one', release, { propose: 'hold' }],
  ['i propose the 4th option', release, { propose: 'chunked' }],
  ['I propose chunked submission with a progress bar', release, { propose: 'chunked' }],
  ['i recommend we ship to everyone', release, { propose: 'ship_all' }],
  ['i purpose we take option for', release, { propose: 'chunked' }],
  ['i propose option nine', release, { unclear: /no option 9 on the board/ }],
  ['i propose we ship', release, { unclear: /could be more than one option/ }],
  ['i propose something', { ...release, decision: null }, { unclear: /no decision on the table/ }],
  ['I propose option one', spectator, { unclear: /Only a seated player can propose/ }],
  // Weak leads that name nothing on the board are talk, not proposals.
  ['I suggest we ask Carla first', release, { say: 'I suggest we ask Carla first' }],
  ['let’s take a breath', release, { say: 'Let’s take a breath' }],
  ['we should do what the customer needs', release, { say: 'We should do what the customer needs' }],
  // Votes.
  ['vote yes', release, { vote: 'yes', on: 'p1' }],
  ['Vote yes.', release, { vote: 'yes', on: 'p1' }],
  ['um vote yes', release, { vote: 'yes', on: 'p1' }],
  ['I vote yes', release, { vote: 'yes', on: 'p1' }],
  ['i vote yeah', release, { vote: 'yes', on: 'p1' }],
  ['boat yes', release, { vote: 'yes', on: 'p1' }],
  ['I vote no', release, { vote: 'no', on: 'p1' }],
  ['vote know', release, { vote: 'no', on: 'p1' }],
  ['i vote against it', release, { vote: 'no', on: 'p1' }],
  ['I vote in favour', release, { vote: 'yes', on: 'p1' }],
  ['i vote in favor of that', release, { vote: 'yes', on: 'p1' }],
  ['vote yes on proposal two', planning, { vote: 'yes', on: 'p2' }],
  ['vote yes on proposal won', planning, { vote: 'yes', on: 'p1' }],
  ['vote no on p2', planning, { vote: 'no', on: 'p2' }],
  ['I vote for proposal one', planning, { vote: 'yes', on: 'p1' }],
  ['vote yes on proposal to', planning, { vote: 'yes', on: 'p2' }],
  ['vote yes', planning, { vote: 'yes', on: 'p2' }],
  ['yes vote on proposal 1', planning, { vote: 'yes', on: 'p1' }],
  ['my vote is yes', release, { vote: 'yes', on: 'p1' }],
  ['yes on proposal two', planning, { vote: 'yes', on: 'p2' }],
  ['OK so I’m voting yes', release, { vote: 'yes', on: 'p1' }],
  ['vote yes on proposal three', planning, { unclear: /no open proposal P3.*Open: P1, P2/ }],
  ['vote yes', empty, { unclear: /no open proposal to vote on/ }],
  ['vote yes', spectator, { unclear: /Only a seated player can vote/ }],
  // Support.
  ['I support that', release, { support: 'p1' }],
  ['i support that', planning, { support: 'p2' }],
  ['I support proposal one', planning, { support: 'p1' }],
  ['I second that', planning, { support: 'p2' }],
  ['plus one', planning, { support: 'p2' }],
  ['+1 to that', planning, { support: 'p2' }],
  ['I back this proposal', planning, { support: 'p2' }],
  ['i agree with that', planning, { support: 'p2' }],
  ['uh I really support that one', planning, { support: 'p2' }],
  ['i support p1', planning, { support: 'p1' }],
  ['I support that', empty, { unclear: /no open proposal to support/ }],
  // Objections, with the reason in the speaker's own words.
  ['I object: it breaks under load', release, { object: 'p1', reason: 'It breaks under load' }],
  ['i object it breaks under load', release, { object: 'p1', reason: 'It breaks under load' }],
  ['I object because the queue stalls on Mondays', release, { object: 'p1', reason: 'The queue stalls on Mondays' }],
  [
    'um, I, uh, object, the pilot clinics double-click submit',
    release,
    {
      object: 'p1',
      reason: 'The pilot clinics double-click submit',
    },
  ],
  ['I object to proposal two, it ignores the crash', planning, { object: 'p2', reason: 'It ignores the crash' }],
  ['I object to p1 since nobody estimated it', planning, { object: 'p1', reason: 'Nobody estimated it' }],
  ['objection: we promised Marrow a date', planning, { object: 'p2', reason: 'We promised Marrow a date' }],
  ['I have an objection, it skips the load test', release, { object: 'p1', reason: 'It skips the load test' }],
  ['I object', release, { unclear: /Say why/ }],
  ['i object to proposal nine because no', planning, { unclear: /no open proposal P9/ }],
  // Sharing intel.
  ['share my intel card', release, { share: 'contract' }],
  ['Share my intel card.', release, { share: 'contract' }],
  ['uh share my card', release, { share: 'contract' }],
  ['chair my intel card', release, { share: 'contract' }],
  ['I’ll share my intel with the team', release, { share: 'contract' }],
  ['show my card to everyone', release, { share: 'contract' }],
  ['show my intel to Sam', release, { share: 'contract', with: 'eng' }],
  ['share my card with the engineering lead', release, { share: 'contract', with: 'eng' }],
  ['share the last three sprints card', planning, { share: 'velocity' }],
  ['share my renewal card', planning, { share: 'marrow_renewal' }],
  ['share the marrow and vine renewal', planning, { share: 'marrow_renewal' }],
  ['share my intel card', planning, { unclear: /Which card\? Say its title/ }],
  ['share my rice sheet card', planning, { unclear: /already shared with the whole team/ }],
  ['share my card with Bob', release, { unclear: /Nobody here is called “bob”/ }],
  ['share my intel card', spectator, { unclear: /Only a seated player has intel/ }],
  ['we should share the load', planning, { say: 'We should share the load' }],
  // Pausing: a check-in for a player, the clock for the facilitator.
  ['let’s pause', release, { checkIn: '' }],
  ['Let’s pause.', release, { checkIn: '' }],
  ['can we pause for a moment', release, { checkIn: '' }],
  ['uh, like, let’s pause here', release, { checkIn: '' }],
  ['let’s paws', release, { checkIn: '' }],
  ['time out', release, { checkIn: '' }],
  ['I want to call a check in', release, { checkIn: '' }],
  ['let’s pause because we are going in circles', release, { checkIn: 'We are going in circles' }],
  ['let’s pause', facilitator, { pause: true }],
  ['hit pause please', facilitator, { pause: true }],
  ['let’s pause', spectator, { unclear: /Only a seated player can call a check-in/ }],
  ['pause the release until Tuesday', release, { say: 'Pause the release until Tuesday' }],
  // Ready.
  ['I’m ready', release, { ready: true }],
  ['ready to discuss', release, { ready: true }],
  ['let’s move on', release, { ready: true }],
  ['next scene', release, { ready: true }],
  // Everything else is dictation, in the speaker's words, fillers removed.
  [
    'um the queue stops draining at twelve hundred jobs a minute',
    release,
    {
      say: 'The queue stops draining at twelve hundred jobs a minute',
    },
  ],
  ['I think the date matters to Carla', release, { say: 'I think the date matters to Carla' }],
  ['what does the customer really need', release, { ask: 'What does the customer really need?' }],
  ['How big was their biggest Monday burst?', release, { ask: 'How big was their biggest Monday burst?' }],
  ['uh, could we ship to one clinic first', release, { ask: 'Could we ship to one clinic first?' }],
  ['I like the idea of a flag', release, { say: 'I like the idea of a flag' }],
  ['voting is hard', release, { say: 'Voting is hard' }],
  ['support is drowning in tickets', release, { say: 'Support is drowning in tickets' }],
  ['the objection process is fine', release, { say: 'The objection process is fine' }],
  ['show me the numbers', release, { say: 'Show me the numbers' }],
  ['ready or not, Monday comes', release, { say: 'Ready or not, Monday comes' }],
];

describe('the voice grammar', () => {
  test('the table holds at least 100 utterances', () => {
    assert.ok(TABLE.length >= 100, `only ${TABLE.length} utterances`);
  });
  for (const [utterance, ctx, want] of TABLE) {
    test(`“${utterance}”`, () => check(interpret(utterance, ctx), want));
  }

  test('silence and fillers alone send nothing', () => {
    for (const s of ['', '   ', 'um', 'uh, um...', '?!']) assert.deepEqual(interpret(s, release), { kind: 'silence' });
  });

  test('normalising keeps the words and drops what recognition adds', () => {
    assert.equal(normalise('  Um, I PROPOSE… “features” one-and-two! '), 'i propose features one and two');
    assert.equal(normalise('I’m the the PM'), "i'm the pm");
  });

  test('confirmation answers', () => {
    for (const s of ['yes', 'Yes.', 'yeah', 'yep do it', 'confirm', 'go ahead', 'um, send it', 'okay', 'sure'])
      assert.equal(readConfirmation(s), 'yes', s);
    for (const s of ['no', 'nope', 'cancel', 'never mind', 'wait', 'uh no thanks', 'scratch that', 'don’t'])
      assert.equal(readConfirmation(s), 'no', s);
    for (const s of ['maybe', 'what was the option again', '']) assert.equal(readConfirmation(s), null, s);
  });
});
