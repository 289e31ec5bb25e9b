// Playbook entries on making a speed-versus-quality call: the three-step framework (name, price, let the bearers
// decide), deadlines promised without engineering, saying no with an alternative, shared language and written records.
import type { PlaybookEntry } from './playbook-entry.ts';

export const TRADE_OFF_ENTRIES: PlaybookEntry[] = [
  {
    id: 'name-the-trade-off',
    title: 'Name the trade-off out loud',
    audience: 'anyone',
    topics: ['speed versus quality', 'making a trade-off explicit', 'shipping fast without hiding the cost'],
    triggers: [
      'trade-off',
      'tradeoff',
      'speed vs quality',
      'ship fast',
      'cut corners',
      'shortcut',
      'quick and dirty',
      'good enough',
      'ship it now',
      'fix it later',
      'vague',
    ],
    summary:
      'Every speed-versus-quality argument gets easier once somebody states the trade-off plainly: what we gain by going ' +
      'faster, and exactly which risks and which follow-up work we accept in exchange. Vague worries about "quality" ' +
      'invite vague answers; specific risks invite a decision.',
    advice: [
      'Put the choice in one sentence: "If we ship in X instead of Y, we accept these specific risks and owe this cleanup."',
      'List concrete risks (untested under load, no rollback, a migration nobody has rehearsed), not adjectives.',
      'Name the follow-up work you are signing up for and when it happens, so "later" has a date.',
      'State the cost of your own preferred option before anyone else has to dig for it; it earns you credibility.',
      'Do it before the vote, not in the retrospective.',
    ],
    phrasings: [
      'If we ship in two weeks instead of six, we accept that it is untested under load and that we owe two weeks of cleanup next sprint.',
      'Here is what we gain by going now, and here is exactly what we are giving up to get it.',
      'Before we decide: can each of us say what our preferred option costs?',
    ],
    followUps: [
      'What, specifically, could go wrong with the faster option?',
      'What cleanup would you be signing up for, and when would it happen?',
      'Who would notice first if the risk came true?',
    ],
    steps: ['name_tradeoff'],
    source: 'The decision framework, step 1 (first source); step 3, shared language for tradeoffs (second source).',
  },
  {
    id: 'price-the-risks',
    title: 'Put numbers on the risk',
    audience: 'anyone',
    topics: ['pricing risk', 'estimating the cost of an outage', 'making a trade-off concrete'],
    triggers: [
      'price',
      'cost',
      'numbers',
      'quantify',
      'probability',
      'how likely',
      'estimate the risk',
      'outage cost',
      'expected cost',
      'business case',
      'convince',
      'prove',
    ],
    summary:
      'Once a risk is named, give it a size: how likely it is, and what it would cost if it happened, in revenue, ' +
      'customer trust or weeks of delay. Rough estimates are fine. The point is to make the trade-off concrete, not precise.',
    advice: [
      'For each risk, give a rough probability and a rough cost; "one in four, about a week of support load" is enough.',
      'Multiply them for an expected cost (a 30% chance of a $200k problem is a $60k bet) and compare options on it.',
      'Say what the cleanup does to the next feature: "it delays the integration by about two weeks".',
      "When you disagree with someone else's number, offer your own instead of dismissing theirs.",
      'Write the numbers down next to the decision, so you can check them later and get better at estimating.',
    ],
    phrasings: [
      'I would put it at about one in four that the queue stalls on Monday; if it does, that is a day of support tickets and a hard call with the customer.',
      'My estimate is fuzzy, but it is roughly two extra days per change until we clean this up.',
      'If an outage costs us about $50k in credits and some trust, and the chance is 20%, we are betting $10k to save a week. Is that a bet we want?',
    ],
    followUps: [
      'If the risk came true, what would it cost in money, in customer trust, or in weeks?',
      'How likely is it, roughly: one in ten, one in four, one in two?',
      'What would it take to make the risk smaller, and what would that cost?',
    ],
    steps: ['price_risks'],
    source: 'The decision framework, step 2 (first source); expected monetary value from the research notes.',
  },
  {
    id: 'bearers-decide',
    title: 'Let the people who bear the consequences make the call',
    audience: 'anyone',
    topics: ['who decides', 'misaligned incentives', 'cleanup cost falling on someone else'],
    triggers: [
      'who decides',
      'who gets to decide',
      'decide',
      'decision',
      'make the call',
      'final say',
      'known risks',
      'accept the risk',
      'decision rights',
      'overruled',
      'overrule',
      'override',
      'sign off',
      'veto',
      'on-call',
      'we pay for it',
      'cleanup',
      'consequences',
      'not my call',
      'decided without us',
    ],
    summary:
      'When one side chooses speed and the other side pays for the cleanup, the incentives are misaligned. The decision ' +
      'should involve the people who will live with its consequences, and the trade-off should be written down so ' +
      'nobody is surprised when the consequences arrive.',
    advice: [
      'Ask explicitly: who gets paged, who does the cleanup, who faces the customer if this goes wrong?',
      'Make sure those people are in the room (or the thread) when the call is made, not told afterwards.',
      'Decide before the deadline forces a default on everyone; ask for a vote a few minutes early.',
      'Write down what was accepted and by whom, so the consequences land on people who agreed to them.',
    ],
    phrasings: [
      'Engineering carries the cleanup if we take the shortcut. Can we decide this together, and write down what we are accepting?',
      'Who is going to be paged if this goes wrong? I would like them to be part of this call.',
      'We have five minutes left. Can we vote now, so we choose this instead of the default choosing for us?',
    ],
    followUps: [
      'Who bears the cost if the risk comes true, and were they part of the decision?',
      'Where will the trade-off be written down?',
      'What would change if the people paying the cost had the final say?',
    ],
    steps: ['bearers_decide'],
    source: 'The decision framework, step 3 (first source).',
  },
  {
    id: 'promised-deadline',
    title: 'When a date was promised to a customer without you',
    audience: 'engineer',
    topics: ['pushing back on a promised deadline', 'customer commitments', 'dates set without engineering'],
    triggers: [
      'deadline',
      'promised',
      'promise',
      'customer',
      'push back',
      'pushback',
      'date',
      'commitment',
      'committed',
      'sales promised',
      'unrealistic',
      'timeline',
      'without asking',
      'without consulting',
      'end of the sprint',
      'by friday',
    ],
    summary:
      'A date promised without engineering input is one of the specific moments that break trust, and arguing about the ' +
      'estimate turns it into a proxy fight. Push back on the plan, not on the person: understand what the customer ' +
      'actually needs, lay out the options with their risks priced, and let the people who bear the consequences choose, ' +
      'early enough that the customer hears any change in good time.',
    advice: [
      "Start with the PM's need, not your estimate: they promised a date because their credibility with the customer depends on it (predictability).",
      'Ask what the customer really needs on that date; often it is a narrower slice (a pilot, a subset of users, one workflow) than what was promised.',
      'Bring two or three options, each with the trade-off named and the main risk priced: the full scope late, a smaller scope on time, the full scope on time with specific risks accepted.',
      'Be concrete about what breaks and what it costs: "untested under load; one in four chance of a stall on day one; about a day of support".',
      'Agree on who decides and when, and if the date has to move, make sure the customer hears it early from the person who promised it.',
      'Afterwards, talk about the process, not the person ("the date was set before we saw the scope") and agree how the next promise gets made.',
    ],
    phrasings: [
      'I want Monday to go well for the customer too. Can you tell me what they need to have on that day, so we can find a version we can deliver safely?',
      'Here are three ways to hit the date, with what each one risks. Which risk are we most willing to carry?',
      'Next time a date goes to a customer, can we look at the scope together first? I will turn an estimate around within a day.',
    ],
    followUps: [
      'What does the customer actually need on that date, and what could wait a week?',
      'What is the single biggest risk of shipping as promised, and roughly how likely is it?',
      'If the date has to move, who tells the customer, and by when?',
    ],
    steps: ['surface_needs', 'name_tradeoff', 'price_risks', 'bearers_decide'],
    source:
      'Trust breaks on "a deadline imposed without engineering input" (first source, rebuilding trust); the PM\'s need for ' +
      'predictability and the withdrawal stage where PMs promise without consulting (second source).',
  },
  {
    id: 'say-no-with-an-alternative',
    title: 'Raise a concern without becoming the blocker',
    audience: 'engineer',
    topics: ['saying no', 'proposing an alternative approach', 'conditional commitments'],
    triggers: [
      'say no',
      'blocker',
      'blocking',
      'fragile',
      'time bomb',
      'concern',
      'worried',
      'alternative',
      'different approach',
      'scope',
      'too risky',
      'slowing us down',
    ],
    summary:
      'A bare "no" sounds like engineering blocking the business. A concern paired with an alternative and a conditional ' +
      'commitment sounds like a partner: "this part worries me, here is a way that takes a week longer and does not leave ' +
      'a time bomb, and I can commit to it if we also plan the cleanup."',
    advice: [
      'Separate what is fine from what worries you; say yes clearly to the parts that are straightforward.',
      'For the worrying part, describe the fragile area and what could happen, in plain business terms.',
      'Offer an alternative with its own cost ("a week longer") so the other person can weigh it.',
      'Make your commitment conditional and explicit: "I can commit to that if we also ...", then write it down.',
    ],
    phrasings: [
      'This feature is straightforward. The third one worries me: the way it is scoped works around a part of the system that is already fragile. Could we take a different approach that costs a week more and does not create a time bomb?',
      'I can commit to that timeline if we also set aside one sprint this quarter for the cleanup.',
      'I am not saying no; I am saying this version carries a risk I want us to choose knowingly.',
    ],
    followUps: [
      'Which part of the plan are you comfortable with, and which part worries you?',
      'What alternative would you offer, and what does it cost?',
      'What would you need in return to commit to the date?',
    ],
    steps: ['name_tradeoff', 'shared_language'],
    source: "Step 3, shared language for tradeoffs, the engineer's side of the planning conversation (second source).",
  },
  {
    id: 'shared-language',
    title: 'Build a shared language for trade-offs in planning',
    audience: 'anyone',
    topics: ['sprint planning', 'negotiating scope', 'too many features for the capacity'],
    triggers: [
      'sprint planning',
      'planning',
      'roadmap',
      'prioritise',
      'prioritize',
      'priorities',
      'too many features',
      'capacity',
      'negotiate',
      'same argument',
      'every sprint',
      'backlog',
    ],
    summary:
      'Instead of relitigating the same argument every sprint, agree on how trade-offs get made: the PM ranks what ' +
      'matters and explains why, engineering walks through the technical cost of each item and flags concerns, and both ' +
      'make conditional commitments that get written down.',
    advice: [
      'PM: bring the ranked list and the business reason for each rank; ask engineering to walk through the cost of each item.',
      'Engineering: be transparent about cost and complexity, including what an item adds to debt you will need to address.',
      'Trade in the open: "if we take your approach on the third item, we ship three features, one a week later".',
      'Close every negotiation with what each side committed to, and write it down ("Deal. Let\'s write that down.").',
      'Nobody pads estimates and nobody hides business pressure; both make the next negotiation easier.',
    ],
    phrasings: [
      'Here is what I am hearing from customers this quarter and what I think matters most. I have ranked them. Can you walk me through the technical cost of each and flag anything that concerns you?',
      'So if we do the first two as scoped and your alternative on the third, we ship three features and the third lands a week later. I can work with that.',
      'Deal. Let us write down what each of us just agreed to.',
    ],
    followUps: [
      'Does everyone in the planning meeting see the same ranked list, with the reasons?',
      'Which item adds debt you will have to address, and when?',
      'Where do the commitments from this planning get written down?',
    ],
    steps: ['shared_language', 'name_tradeoff'],
    source: 'Step 3, build shared language for tradeoffs (second source).',
  },
  {
    id: 'document-trade-offs',
    title: 'Write the trade-off down before the decision',
    audience: 'anyone',
    topics: ['decision records', 'documenting trade-offs', 'avoiding surprises later'],
    triggers: [
      'document',
      'write down',
      'written',
      'decision record',
      'adr',
      'record',
      'nobody remembers',
      'surprised',
      'paper trail',
      'accountability',
      'forgot',
    ],
    summary:
      'A trade-off that only lives in a meeting gets remembered differently by everyone. Writing it down before the ' +
      'decision (context, the options, what was chosen, what it costs, who agreed) means nobody is surprised when the ' +
      'consequences arrive, and the next argument starts from facts.',
    advice: [
      'Keep it short: the context, the options considered, the decision ("We will ..."), the risks accepted and the follow-up owed.',
      'Record who decided and who was consulted, and a date when the follow-up is due.',
      'Write it before the vote, so the record shapes the decision instead of justifying it.',
      'Treat an accepted record as fixed; when the decision changes, write a new one that supersedes it.',
    ],
    phrasings: [
      'Before we vote, can we write down what we are accepting, so nobody is surprised in three weeks?',
      'Let us put the cleanup in the record with a date and an owner.',
      'This supersedes what we decided in March; let us note why.',
    ],
    followUps: [
      'Where would the next person look to find out why this was decided?',
      'What follow-up does the decision owe, and who owns it?',
    ],
    steps: ['bearers_decide', 'shared_language'],
    source:
      'Step 3 of the decision framework, "documented so nobody is surprised" (first source); decision records in the research notes.',
  },
];
