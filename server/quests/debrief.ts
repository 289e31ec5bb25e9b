// The debrief is read off the event log, not the final state: the timeline of key moments and, for each step of
// the trade-off framework, whether the team used it and the moves that show it. Only structured moves count as
// evidence (a proposal with risks, a priced risk, a vote, a named need, a check-in); free text is never guessed at.
import {
  type CompiledScenario,
  choiceLabel,
  type QuestEvent,
  type QuestState,
  type QuestView,
  type Risk,
  renderTemplate,
} from '../../engine/index.ts';
import type { Debrief } from './quest-service.ts';

export const FRAMEWORK_STEPS = [
  'Name the trade-off',
  'Price the risks',
  'Those who bear the consequences decide',
  'Surface unspoken needs',
  'Protect the relationship',
] as const;

/** Enough to show a pattern without turning the debrief into the transcript. */
const MAX_EVIDENCE = 6;

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

function money(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function quote(text: string, max = 120): string {
  const t = text.trim();
  return `"${t.length > max ? `${t.slice(0, max - 1)}…` : t}"`;
}

interface TrackedProposal {
  decision: string;
  bearers: string[];
  votes: Map<string, 'yes' | 'no'>;
}

export function debriefOf(
  sc: CompiledScenario,
  state: QuestState,
  view: QuestView,
  events: readonly { seq: number; event: QuestEvent }[],
): Debrief {
  const name = (role: string) => sc.roles.get(role)?.name ?? role;
  const timeline: Debrief['timeline'] = [];
  const evidence = new Map<string, string[]>(FRAMEWORK_STEPS.map((s) => [s, []]));
  const note = (step: (typeof FRAMEWORK_STEPS)[number], text: string) => evidence.get(step)?.push(text);
  const proposals = new Map<string, TrackedProposal>();
  const priced = (by: string, risks: readonly Risk[]) => {
    for (const r of risks) {
      if (r.probability > 0 && r.cost > 0) {
        note(
          'Price the risks',
          `${name(by)} priced ${quote(r.text, 80)} at ${percent(r.probability)} likely, costing ${money(r.cost)}`,
        );
      }
    }
  };

  for (const { seq, event: e } of events) {
    const at = e.at;
    switch (e.type) {
      case 'scene_started': {
        const scene = sc.scenes[e.index];
        const title = scene ? renderTemplate(scene.title, state.vars) : e.scene;
        timeline.push({ seq, at, kind: 'scene', text: `Scene ${e.index + 1}: ${title}` });
        break;
      }
      case 'proposal_made':
      case 'proposal_amended': {
        const prev = proposals.get(e.id);
        const decision = e.type === 'proposal_made' ? e.decision : (prev?.decision ?? '');
        proposals.set(e.id, { decision, bearers: e.bearers, votes: new Map() });
        if (e.risks.length > 0) {
          const verb = e.type === 'proposal_made' ? 'proposed' : 'amended the proposal to';
          const label = decision ? choiceLabel(sc, decision, e.choice) : e.id;
          note('Name the trade-off', `${name(e.by)} ${verb} ${quote(label, 80)} accepting ${quote(e.risks[0]?.text ?? '', 80)}`);
        }
        priced(e.by, e.risks);
        break;
      }
      case 'proposal_objected':
        if (e.risk) {
          note('Name the trade-off', `${name(e.by)} objected with a concrete risk: ${quote(e.risk.text, 80)}`);
          priced(e.by, [e.risk]);
        }
        break;
      case 'vote_cast':
        proposals.get(e.id)?.votes.set(e.by, e.vote);
        break;
      case 'decision_made': {
        const label = choiceLabel(sc, e.decision, e.choice);
        const def = sc.decisions.get(e.decision)?.def;
        const text =
          e.via === 'vote'
            ? `The team decided ${quote(label)} by vote`
            : e.via === 'timeout'
              ? `Time ran out on ${quote(def?.prompt ?? e.decision)}: the default ${quote(label)} went ahead`
              : `The facilitator settled ${quote(def?.prompt ?? e.decision)} on ${quote(label)}`;
        timeline.push({ seq, at, kind: 'decision', text });
        const p = e.proposal ? proposals.get(e.proposal) : undefined;
        if (e.via === 'vote' && p && def) {
          const bearers =
            def.rule === 'bearers'
              ? def.bearers
              : p.bearers.length > 0
                ? p.bearers
                : def.rule === 'consensus'
                  ? state.seats.map((s) => s.role)
                  : [];
          if (bearers.length > 0 && bearers.every((b) => p.votes.get(b) === 'yes')) {
            note(
              'Those who bear the consequences decide',
              `${quote(label, 80)} carried with a yes from ${bearers.map(name).join(', ')}`,
            );
          }
        }
        break;
      }
      case 'risk_rolled':
        if (e.fired) timeline.push({ seq, at, kind: 'risk', text: `A risk came true: ${e.text}` });
        break;
      case 'challenge_solved':
        timeline.push({
          seq,
          at,
          kind: 'challenge',
          text: `Hidden challenge solved: ${sc.challenges.get(e.challenge)?.title ?? e.challenge}`,
        });
        break;
      case 'need_named': {
        const whose = e.of === e.by ? 'their own' : `${name(e.of)}'s`;
        const text = `${name(e.by)} named ${whose} need for ${e.need}`;
        timeline.push({ seq, at, kind: 'need', text });
        note('Surface unspoken needs', text);
        break;
      }
      case 'check_in_called': {
        const text = `${name(e.by)} called a check-in${e.note ? `: ${quote(e.note, 80)}` : ''}`;
        timeline.push({ seq, at, kind: 'check_in', text });
        note('Protect the relationship', text);
        break;
      }
      case 'consequence_came_due':
        timeline.push({ seq, at, kind: 'consequence', text: e.text.trim() });
        break;
      case 'quest_ended': {
        const ending = sc.def.endings.find((x) => x.id === e.ending);
        const how = e.early ? 'The facilitator ended the quest early' : 'The quest ended';
        timeline.push({ seq, at, kind: 'ending', text: `${how}: ${ending?.title ?? e.ending} (score ${e.score})` });
        break;
      }
      default:
        break;
    }
  }

  return {
    view,
    timeline,
    framework: FRAMEWORK_STEPS.map((step) => {
      const all = evidence.get(step) ?? [];
      return { step, used: all.length > 0, evidence: all.slice(0, MAX_EVIDENCE) };
    }),
  };
}
