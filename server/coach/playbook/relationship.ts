// Playbook entries on the relationship between product and engineering: the structural cause of the tension, the
// trigger, escalation and withdrawal cycle, the six unspoken needs, checking in when it heats up, and rebuilding trust.
import type { PlaybookEntry } from './playbook-entry.ts';

export const RELATIONSHIP_ENTRIES: PlaybookEntry[] = [
  {
    id: 'structural-cause',
    title: 'It is structural before it is personal',
    audience: 'anyone',
    topics: ['why product and engineering clash', 'different incentives', 'reframing the conflict'],
    triggers: [
      "they don't care",
      'do not care about quality',
      'slowing us down',
      'incentives',
      'measured on',
      'metrics',
      'different priorities',
      'always clash',
      'why do we fight',
      'frustrated',
      'frustrating',
      'same argument',
      'us versus them',
      'pm vs engineering',
    ],
    summary:
      "Product and engineering are measured on different things: user outcomes and this quarter's results on one side, " +
      "reliability and the system's lifespan on the other. Under pressure each side's rational answer differs, and each " +
      'sees only the costs of the other\'s approach. Naming that structure together turns "you versus me" into "this ' +
      'tension versus us".',
    advice: [
      'Assume the other person is responding to real signals from their world: a contract, a churning cohort, a test suite going flaky.',
      'Say out loud what each role is rewarded for, and that both concerns are legitimate.',
      'Ask "how do we make this trade-off visible for this decision?" instead of "who is right?".',
      'Watch for the labels ("they don\'t understand users", "they don\'t understand technology"); they filter everything that follows.',
    ],
    phrasings: [
      'I realise we keep having the same argument in different clothes. My job makes me focus on what users need right now, and yours makes you focus on what the system needs long-term. Neither of us is wrong.',
      'Can we treat this as one problem we share, instead of a fight one of us has to win?',
    ],
    followUps: [
      'What is the other person measured and rewarded on, and how does that shape what they are asking for?',
      'What real signal might be behind their position?',
      'How could you name the tension as shared without giving up your concern?',
    ],
    steps: ['structural'],
    source: 'The structural cause (first source); why this happens and step 1, name the structural tension (second source).',
  },
  {
    id: 'needs-behind-pm-positions',
    title: 'What product managers need but rarely say',
    audience: 'anyone',
    topics: ['predictability', 'responsiveness', 'partnership', 'understanding your PM'],
    triggers: [
      'pm needs',
      'what does my pm need',
      'need from me',
      'pm',
      'needs',
      'my pm',
      'product manager',
      'stakeholders',
      'credibility',
      'predictable',
      'predictability',
      'dates keep moving',
      'estimates keep changing',
      'move quickly',
      'responsiveness',
      'partnership',
      'care about the user',
    ],
    summary:
      'Behind most PM positions sit three needs: predictability (a date they can tell stakeholders that will not move), ' +
      'responsiveness (a team that can move when an opportunity or crisis appears), and partnership (engineers who care ' +
      'about the user problem, not only the technical solution). Meeting the need is often easier than arguing the position.',
    advice: [
      'When a PM pushes for a date, ask what they need to be able to tell stakeholders; it may be a range or a milestone, not the full scope.',
      'If estimates keep changing, share why early and give a confidence level; an early warning costs far less trust than a late surprise.',
      'Show interest in the user problem itself: ask about the customers, the usage data, the business context.',
      'PMs: say the need out loud ("my credibility with this customer depends on this date") instead of defending the date.',
    ],
    phrasings: [
      'What do you need to be able to tell the customer on Friday? Let us make sure you can say it with confidence.',
      'What I need here is predictability: my credibility with the customer depends on a date that will not move.',
      'Tell me about the users who asked for this. What are they trying to do?',
    ],
    followUps: [
      'Which of the three needs (predictability, responsiveness, partnership) is under pressure right now?',
      'What could you offer that meets that need without giving up the quality concern?',
    ],
    steps: ['surface_needs'],
    source: 'Step 2, surface the unspoken needs: what PMs typically need but do not say (second source).',
  },
  {
    id: 'needs-behind-engineering-positions',
    title: 'What engineers need but rarely say',
    audience: 'anyone',
    topics: ['autonomy', 'sustainability', 'craft', 'understanding your engineers'],
    triggers: [
      'engineers need',
      'what do my engineers need',
      'needs',
      'my engineers',
      'engineering team',
      'burnout',
      'burned out',
      'pace',
      'sustainable',
      'proud',
      'craft',
      'autonomy',
      'micromanage',
      'second-guessed',
      'how to build',
      'quality',
      'morale',
    ],
    summary:
      'Behind most engineering positions sit three needs: autonomy over technical decisions (being trusted on how to ' +
      'build), sustainability (time for the work that keeps the system healthy, not an ever-faster pace), and craft (enough ' +
      'time to build something they are proud of). When these are said aloud, the conversation changes.',
    advice: [
      'Bring engineers problems, not prescribed solutions; how to build it is their call.',
      'Make room for quality work in the roadmap, visibly, instead of always deferring it.',
      'Engineers: say the need ("I need to feel proud of what we ship") rather than only arguing the estimate.',
      'Notice when every feature ships in a minimal state; that is where the craft need starts to fray.',
    ],
    phrasings: [
      'What I need is a pace we can keep. Can we plan a sprint where the health work is on the board, not squeezed in?',
      'I need to feel proud of what I build, and this version is not there yet. Can we talk about what would get it there?',
      'How would you build this? I will bring you the problem and the constraints, and leave the approach to you.',
    ],
    followUps: [
      'Which of the three needs (autonomy, sustainability, craft) sits under the current disagreement?',
      'When did the team last have time for work that keeps the system healthy?',
    ],
    steps: ['surface_needs'],
    source: 'Step 2, surface the unspoken needs: what engineers typically need but do not say (second source).',
  },
  {
    id: 'check-in-when-heated',
    title: 'Check in when it heats up',
    audience: 'anyone',
    topics: ['tense meetings', 'going in circles', 'pausing an argument'],
    triggers: [
      'heated',
      'argument',
      'arguing',
      'going in circles',
      'tense',
      'angry',
      'upset',
      'shouting',
      'conflict',
      'meeting went sideways',
      'talking past each other',
      'defensive',
      'calm down',
    ],
    summary:
      'Even with good frameworks, planning sometimes gets tense. The most useful move then is to pause the tactical ' +
      'argument and check in on the relational one: two capable people who keep disagreeing are usually missing ' +
      "something about each other's perspective.",
    advice: [
      'Notice the signs: the same points repeated, voices rising, objections piling up, people going quiet.',
      'Name the pattern, not the person: "I notice we are going in circles."',
      'Ask about what matters to the other person before arguing scope again.',
      'A check-in takes confidence, and it usually produces a better decision than arguing harder.',
      'If it is too hot to continue, agree on when you will pick it up again, and do.',
    ],
    phrasings: [
      'I notice we are going in circles. Before we keep debating the scope, can we step back? I want to understand what matters most to you here, because I think we might be talking past each other.',
      'Can we pause for a second? What does each of us need from this decision?',
    ],
    followUps: [
      'What signs tell you a discussion is starting to heat up?',
      'What do you think matters most to the other person in this disagreement?',
    ],
    steps: ['protect_relationship'],
    source: 'Step 4, protect the relationship in heated moments (second source).',
  },
  {
    id: 'escalation-cycle',
    title: 'Spot the trigger, escalation and withdrawal cycle',
    audience: 'anyone',
    topics: ['proxy arguments', 'recurring conflict', 'silos'],
    triggers: [
      'keeps happening',
      'again and again',
      'cycle',
      'proxy',
      'estimate too high',
      'requirements too vague',
      'vague requirements',
      'unreasonable deadline',
      'jira',
      'passive-aggressive',
      'status updates',
      'stopped talking',
      'silos',
      'labels',
    ],
    summary:
      'The conflict follows a predictable arc: a prioritisation decision triggers it, both sides get frustrated without ' +
      'saying why, the real disagreement about values gets fought through proxies (the estimate, the requirements, the ' +
      'deadline), and finally both sides withdraw into silos. Each round deepens the labels. Naming the real disagreement ' +
      'breaks the arc.',
    advice: [
      'When an argument about estimates or requirements carries more heat than it deserves, ask what the unspoken disagreement is.',
      'Say your frustration as a concern, not a verdict: "I am worried we lose the customer" instead of "your team keeps slipping".',
      'Move the conversation to needs and trade-offs (what each of you is protecting) instead of timelines and scope.',
      'Watch for the withdrawal stage: promises made without consulting, padded estimates, communication only through tickets.',
    ],
    phrasings: [
      'I do not think this is really about the estimate. I think we disagree about how much risk is acceptable this quarter. Can we talk about that directly?',
      'I have noticed we have had this argument three times this month. What is it really about for you?',
    ],
    followUps: [
      'What is the argument you keep having on the surface, and what might it be about underneath?',
      'Where are you in the cycle right now: trigger, frustration, proxy arguments, or withdrawal?',
    ],
    steps: ['structural', 'surface_needs'],
    source: 'The pattern: trigger, mutual frustration, escalation through proxy arguments, withdrawal, repeat (second source).',
  },
  {
    id: 'withdrawal',
    title: 'When someone stops raising concerns',
    audience: 'anyone',
    topics: ['people going quiet', 'padding estimates', 'hidden work', 'disengagement'],
    triggers: [
      'quiet',
      'stopped raising concerns',
      'does not speak up',
      "doesn't speak up",
      'silent',
      'disengaged',
      'padding estimates',
      'padding',
      'hidden time',
      'just builds what they are told',
      'updating their resume',
      'gave up',
      'withdrawn',
    ],
    summary:
      'Withdrawal is the last stage of the cycle, and the quietest: the engineer who was dismissed three times just builds ' +
      'what they are told, the PM promises customers dates without asking, estimates grow padding to hide technical work. ' +
      'It looks like peace and is the opposite. The way back is to invite the concern in, and then act on it.',
    advice: [
      'Ask directly and privately: "You have been quieter in planning lately. What am I missing?"',
      'Take the next concern seriously, visibly: price it, put it on the board, follow up.',
      'If estimates are padded to make room for quality work, make that work explicit instead; then nobody needs to hide it.',
      'If you are the one who withdrew, one sentence about what you need is a small, safe way back in.',
    ],
    phrasings: [
      'You have been quieter in planning lately, and I would rather hear the concern than find out later. What am I missing?',
      'If we need time for the health work, let us put it on the board openly instead of hiding it inside estimates.',
      'I stopped raising this because it kept getting pushed back, but I think it matters. Can I walk you through it?',
    ],
    followUps: [
      'What might have taught someone that raising concerns does not help?',
      'What is one concern you have stopped raising, and what would make it safe to raise again?',
    ],
    steps: ['surface_needs', 'protect_relationship'],
    source:
      'Withdrawal into silos (second source); the engineer who stops raising concerns after being dismissed (first source, tech debt conversation).',
  },
  {
    id: 'rebuild-trust',
    title: 'Rebuild trust after it breaks',
    audience: 'anyone',
    topics: ['after an outage', 'broken commitments', 'repairing the relationship'],
    triggers: [
      'trust',
      'broken',
      'broke',
      'outage',
      'incident',
      'postmortem',
      'apologise',
      'apologize',
      'repair',
      'blamed',
      'dismissed',
      'deprioritized',
      'deprioritised',
      'scope change',
      'let down',
    ],
    summary:
      'Trust breaks in specific moments: a scope change without discussion, a dismissed concern that later caused an ' +
      'outage, a deadline set without engineering, a debt commitment quietly dropped. The repair has to be just as ' +
      'specific: name what happened and what will change, then keep small commitments consistently. It is rebuilt over ' +
      'months, not meetings.',
    advice: [
      'Acknowledge the specific thing that broke trust, not a general "let us do better".',
      'Say what will change, concretely, and when people will see it.',
      'Keep the next small commitments: include engineering in the next discovery session, honour the next debt commitment.',
      'Document the next trade-off before the decision, not after.',
      'Expect it to take a while; consistency matters more than any single gesture.',
    ],
    phrasings: [
      'In March you told me the queue would not hold under load, and I pushed the date anyway. That caused the outage. Here is what I will do differently: no customer date goes out until you have seen the scope.',
      "We committed to the billing cleanup and then let it slide. It is on this sprint's board, and I will protect it.",
    ],
    followUps: [
      'What, specifically, broke trust, and has anyone named it out loud?',
      'What is the next small commitment you can keep, visibly?',
    ],
    steps: ['protect_relationship', 'bearers_decide'],
    source: 'Rebuilding trust after it breaks (first source).',
  },
  {
    id: 'healthy-tension',
    title: 'Keep the tension healthy instead of trying to end it',
    audience: 'anyone',
    topics: ['healthy versus toxic tension', 'polarity management', 'balance between shipping and quality'],
    triggers: [
      'healthy',
      'toxic',
      'normal',
      'always fighting',
      'balance',
      'polarity',
      'tension',
      'will it ever stop',
      'culture',
      'relationship',
    ],
    summary:
      'The tension between product and engineering is permanent and useful: a team that only listens to product builds on ' +
      'a foundation that cannot hold, and a team that only listens to engineering builds something beautiful nobody uses. ' +
      'It turns toxic when it is unmanaged: one side always overriding, the other always blocking, or both talking only ' +
      'through tickets.',
    advice: [
      'Check the warning signs: a PM who consistently overrides engineering, engineering that consistently blocks, or communication through tickets and status updates.',
      'Aim to navigate the tension each time, not to win it once.',
      "Value the other side's pull: the PM who values craft and the engineer who values speed are doing the job well.",
      'Practise the conversations before the stakes are real, so they are familiar when they matter.',
    ],
    phrasings: [
      'I do not want either of us to win this; I want us to get the balance right for this release.',
      'Our disagreement is useful. Let us make sure we are having it directly, not through Jira.',
    ],
    followUps: [
      'Which warning sign of toxic tension, if any, do you see on your team?',
      'When did the tension last produce a better decision than either side would have made alone?',
    ],
    steps: ['structural'],
    source: 'Some tension is healthy (first source); a polarity to be managed (second source, closing).',
  },
];
