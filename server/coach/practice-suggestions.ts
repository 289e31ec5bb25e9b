// One thing to practise next time, per step of the framework: a few ways of saying what to try and a few lines the
// person could actually say, written after the examples in the source documents.
import type { Need } from '../../engine/index.ts';
import type { FrameworkStep } from './framework.ts';

export interface PracticeSuggestion {
  texts: readonly string[];
  lines: readonly string[];
}

export const PRACTICE: Record<FrameworkStep, PracticeSuggestion> = {
  structural: {
    texts: [
      'Before the next argument about scope, name the structure out loud: your role and theirs are measured on different things, and both concerns are real.',
      'Next time the same disagreement comes back, try reframing it as "this tension versus us" before arguing the details.',
      'When you notice a debate going round, say what each role is rewarded for; it turns a contest into a shared problem.',
    ],
    lines: [
      'I think we keep having the same argument in different clothes. My job pulls me towards what users need now, yours towards what the system needs long-term. Neither of us is wrong.',
      'Can we name what is really going on? You are measured on uptime and I am measured on what ships this quarter. Both matter here.',
      'We both have a point. Let us treat this as one problem we share, not a fight one of us has to win.',
    ],
  },
  name_tradeoff: {
    texts: [
      'Before your next proposal, name the trade-off in one sentence: what you gain, and what specific risk you accept for it.',
      'Practise stating the cost of your own preferred option before anyone else has to point it out.',
      'Next time, put the risks you are accepting right next to the option you propose, so nobody has to dig for them.',
    ],
    lines: [
      'If we ship in two weeks instead of six, we accept that it is untested under load and that we owe two weeks of cleanup next sprint.',
      'Here is what we gain by going now, and here is exactly what we are giving up to get it.',
      'The honest version of my proposal is: faster for the customer, and a real chance of a rough first week for on-call.',
    ],
  },
  price_risks: {
    texts: [
      'Attach one priced risk (how likely, and what it would cost) to your next proposal or objection.',
      'Practise turning "this feels risky" into a rough number before you say it; an estimate is enough.',
      'Next time you raise a concern, give it a probability and a cost, even a rough one, so the team can weigh it.',
    ],
    lines: [
      'I would put it at about one in four that the queue stalls on Monday; if it does, that is a day of support tickets and a hard call with the customer.',
      'Rough numbers: maybe a 30% chance of an outage, and an outage like that costs us about a week of trust with this account.',
      'My estimate is fuzzy, but it is roughly two extra days per change until we clean this up.',
    ],
  },
  bearers_decide: {
    texts: [
      'Next time, ask who bears the consequences of the decision, and make sure they are part of the call.',
      'Practise steering towards a decision while there is still time, so the people who live with it decide, not the clock.',
      'Before a vote, check that the people who will clean up afterwards have had their say, and write down what was accepted.',
    ],
    lines: [
      'Engineering carries the cleanup if we take the shortcut. Can we decide this together, and write down what we are accepting?',
      'We have five minutes left. Can we vote now, so we choose this instead of the default choosing for us?',
      'Who is going to be paged if this goes wrong? I would like them to be part of this call.',
    ],
  },
  surface_needs: {
    texts: [
      'Say your own need out loud once per quest, in plain words, before arguing for an option.',
      'Practise asking one other person what they need, not what they want, before the vote.',
      'Next time, try naming the need under your position; it gives the others more ways to help.',
    ],
    lines: [
      'What I need here is to be able to tell the customer a date that will not move.',
      'What would you need from this to be able to say yes?',
      'Underneath my position is a need for a pace we can keep. Can we find an option that respects that?',
    ],
  },
  protect_relationship: {
    texts: [
      'When objections start to stack up, call the check-in yourself; you do not have to wait for someone else to.',
      'Practise noticing the moment a discussion starts going round in circles, and pausing it there.',
      'Next time it gets tense, step back from the tactics for a minute and ask about what matters to each person.',
    ],
    lines: [
      'I notice we are going in circles. Before we keep debating the scope, can we step back? I want to understand what matters most to you here.',
      'Can we pause for a second? I think we might be talking past each other.',
      'Before anyone votes again: what does each of us need from this decision?',
    ],
  },
  problem_first: {
    texts: [
      'Share one piece of what you know before anyone proposes a solution.',
      'Practise opening with the problem (what you are seeing and why it matters) instead of with your answer.',
      'Next time, put your intel on the table early and let the options come out of the discussion.',
    ],
    lines: [
      'Before we pick an option, here is what I know that you might not.',
      'Customers are leaving because they cannot connect their CRM, and it is costing us about $40K of monthly revenue a quarter. How would you approach that?',
      'Here is the problem as I see it. I have an idea, but I would like to hear yours first.',
    ],
  },
  shared_language: {
    texts: [
      "Next time, build on someone else's proposal instead of writing a competing one.",
      'Practise making a conditional commitment: "I can commit to that if we also ...", and then write it down.',
      'Try ranking the options together and walking through the technical cost of each before anyone argues for one.',
    ],
    lines: [
      'If we take your approach on the third item, can we also agree on one sprint for the cleanup? Let us write that down.',
      'I can work with that if you can commit to the timeline, and I will hold the scope steady in return.',
      'Here is what I think matters most, ranked. Can you walk me through the cost of each and flag what worries you?',
    ],
  },
  tech_debt: {
    texts: [
      'Next time debt comes up, put it in business terms: slowdown per sprint, chance of an outage, and effect on the next features.',
      'Practise sizing a debt item like any backlog item, so it can be weighed against features on the same scale.',
      'Try describing the cost of not cleaning up as interest paid every sprint; it makes the trade-off concrete.',
    ],
    lines: [
      'This module costs us about two days every sprint, and it sits under the next three features on the roadmap.',
      'If we score the refactor with the same RICE sheet as the features, where does it land?',
      'Each change here takes six days instead of four. With two more changes coming, the cleanup pays for itself.',
    ],
  },
};

/**
 * Lines that say the person's own need aloud, in the first person: the practice line for "surface the unspoken needs"
 * is about the need their role carries, not someone else's.
 */
export const OWN_NEED_LINES: Record<Need, readonly string[]> = {
  predictability: [
    'What I need here is to be able to tell the customer a date that will not move.',
    'Underneath my push for a date is a need for predictability: I have to know what ships, and when.',
  ],
  responsiveness: [
    'What I need is room to move when a customer needs us; can we keep a way to respond fast in this plan?',
    'Underneath my position is a need to stay responsive. Which option leaves us able to react next week?',
  ],
  partnership: [
    'What I need is to decide this with you, not hear about it afterwards.',
    'Underneath my position is a need for partnership: can we make this call together and write down why?',
  ],
  autonomy: [
    'What I need is room to make the engineering call on how; you decide what and when.',
    'Underneath my pushback is a need for autonomy: trust us with the how, and hold us to the outcome.',
  ],
  sustainability: [
    'Underneath my position is a need for a pace we can keep. Can we find an option that respects that?',
    'What I need is a plan that does not cost us nights and weekends next month.',
  ],
  craft: [
    'What I need is to ship something I will not have to apologise for later; can we name what "good enough" means here?',
    'Underneath my pushback is a need for craft: I want us to be proud of this, and I can tell you what that costs.',
  ],
};
