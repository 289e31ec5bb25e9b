// Playbook entries on technical debt (in business terms, and when a refactor is dismissed) and on bringing
// engineering into discovery with the problem instead of handing it a solution.
import type { PlaybookEntry } from './playbook-entry.ts';

export const DEBT_AND_DISCOVERY_ENTRIES: PlaybookEntry[] = [
  {
    id: 'debt-in-business-terms',
    title: 'Put tech debt in business terms',
    audience: 'engineer',
    topics: ['making the case for a refactor', 'quantifying technical debt', 'scoring debt against features'],
    triggers: [
      'tech debt',
      'technical debt',
      'refactor',
      'refactoring',
      'cleanup',
      'clean up',
      'legacy',
      'rewrite',
      'performance',
      'maintenance',
      'make the case',
      'justify',
      'convince my pm',
      'rice',
      'ice',
      'interest',
    ],
    summary:
      'Debt gets deprioritised when it is argued as a matter of taste. Quantify it the way the business thinks: how much ' +
      'it slows every sprint, how likely it is to cause an outage and what that would cost, and what it does to the next ' +
      'features on the roadmap. Then score it with the same framework as everything else in the backlog.',
    advice: [
      'Measure the interest: extra hours per change in this area times changes per sprint. "Each change takes six days instead of four."',
      'Give the outage exposure: a rough probability times the cost of an outage.',
      'Trace the next three roadmap features through the code: which of them does the debt slow down, and by how much?',
      "Score the cleanup with the team's usual scoring (RICE, ICE) next to the features; sometimes it wins, sometimes it does not, and either way the discussion rests on shared data.",
      'Propose a bounded piece of work with a payback: "five days of cleanup pays for itself after two more features".',
    ],
    phrasings: [
      'This module costs us about two days every sprint, and it sits under the next three features on the roadmap.',
      'If we score the refactor with the same RICE sheet as the features, where does it land?',
      'Each change here takes six days instead of four. With two more changes coming, the cleanup pays for itself.',
    ],
    followUps: [
      'How many extra hours does this debt add to a typical change, and how many changes a sprint touch it?',
      'Which upcoming features depend on this part of the system?',
      'What is the chance of an outage from it this quarter, and what would one cost?',
    ],
    steps: ['tech_debt', 'price_risks'],
    source: 'The technical debt conversation (first source); debt as interest and payback in the research notes.',
  },
  {
    id: 'refactor-dismissed',
    title: 'When a refactor request meets "it is not customer-facing"',
    audience: 'pm',
    topics: ['responding to a refactor request', 'dismissing tech debt', 'keeping engineers raising concerns'],
    triggers: [
      'not customer-facing',
      'not user-facing',
      'two sprints',
      'wants to refactor',
      'engineers want',
      'rewrite everything',
      'gold plating',
      'no time for that',
      'infrastructure work',
      'performance issues',
      'piling up',
    ],
    summary:
      'To the engineer, "we do not have time for that, it is not customer-facing" sounds like "your professional judgement ' +
      'does not matter". After a few rounds of it, engineers stop raising concerns. Treat the request as a first-class ' +
      'backlog item: ask for it in business terms and weigh it honestly.',
    advice: [
      'Resist the reflex answer; ask what the debt costs per sprint and what it puts at risk.',
      'Remember: it will be user-facing when the app starts crashing. Ask how close that is.',
      'Run it through the same scoring as feature work and share the result, whichever way it goes.',
      'If it loses this quarter, say when it will be reconsidered, and keep that commitment.',
    ],
    phrasings: [
      'Help me see it the way you do: how much does this slow us per sprint, and what is the chance it bites us this quarter?',
      'Let us score it next to the features. If it wins, it goes in; if it does not, we will look again in six weeks, and I will put that in writing.',
    ],
    followUps: [
      'What would change your mind about the refactor: a number, a risk, a dependency?',
      'What happened the last time this team raised a debt concern?',
    ],
    steps: ['tech_debt', 'surface_needs'],
    source: 'The technical debt conversation (first source); the sprint planning opening of the second source.',
  },
  {
    id: 'bring-the-problem',
    title: 'Bring the problem, not the solution',
    audience: 'pm',
    topics: ['briefing engineers', 'engineers in discovery', 'sharing customer context'],
    triggers: [
      'requirements',
      'spec',
      'solution',
      'discovery',
      'prescribe',
      'build this',
      'feature request',
      'customer problem',
      'context',
      'why are we building',
      'pushback on my spec',
      'engineers push back',
      'collaboration',
      'ticket',
    ],
    summary:
      'A PM who brings a solution ("build this endpoint by Friday") gets pushback; a PM who brings the problem ("customers ' +
      'are churning because they cannot connect their CRM, and it costs us $40K MRR a quarter") gets collaboration, and ' +
      'often a better, faster, sturdier solution than the one they had in mind.',
    advice: [
      'Share the customer problem, the usage data and the business context before any solution.',
      'Bring engineers into discovery, not just implementation: let them hear customers directly.',
      'Say what outcome you need and by when, and leave the how open.',
      'Engineers: when handed a solution, ask for the problem behind it; it is a collaborative question, not a challenge.',
    ],
    phrasings: [
      'Customers are churning because they cannot integrate with their CRM, and we lose about $40K MRR a quarter to it. How would you approach it?',
      'Here is the problem and the data. I have a hunch about a solution, but I would like to hear yours first.',
      'Before we build the endpoint, can you tell me what problem it solves for the customer? I might see a simpler way.',
    ],
    followUps: [
      'What is the customer problem behind the request, in one sentence with a number in it?',
      'When did engineering last hear from a customer directly?',
    ],
    steps: ['problem_first'],
    source: 'The communication fix: bring engineering into discovery (first source).',
  },
];
