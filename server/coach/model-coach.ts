// The optional model coach: an OpenAI-compatible /chat/completions call (hosted or a local model server) whose prompt
// holds only the asking person's own history and the playbook entries that match their question. Anything short of
// a clean, timely, well-formed answer (an error status, a timeout, a body that is not the expected JSON, an empty or
// oversized reply, or a reply in a tone the coach never uses) returns a reason instead, and the caller answers from
// the playbook.
import type { LlmSettings } from './coach-config.ts';
import { shamingIn } from './coaching-tone.ts';
import { STEP_TITLES } from './framework.ts';
import type { PersonalHistory } from './personal-history.ts';
import type { PlaybookMatch } from './playbook/playbook-search.ts';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export type ModelReply = { ok: true; text: string } | { ok: false; reason: string };

const MIN_ANSWER = 40;
const MAX_ANSWER = 4000;
const MAX_RESPONSE_BYTES = 256 * 1024;

const SYSTEM = [
  'You are a private coach for people who practise the tension between shipping fast and building well, in product and engineering teams.',
  "Answer the person's question in plain, warm, practical words, in at most 250 words.",
  'Draw on the playbook entries given; you may adapt them to the situation, and quote their example lines.',
  "When the person's own history is given, connect the advice to it in one sentence; never invent moments that are not listed.",
  'Speak only about the person asking. Never judge, shame, label or compare them with anyone; no scores.',
  "Do not ask for or mention anyone else's private information. Reply with the answer text only.",
].join(' ');

export function buildPrompt(question: string, matches: readonly PlaybookMatch[], history: PersonalHistory): ChatMessage[] {
  const entries = matches.map(({ entry: e }) =>
    [
      `## ${e.title}`,
      e.summary,
      'What to try:',
      ...e.advice.map((a) => `- ${a}`),
      'Example lines:',
      ...e.phrasings.map((p) => `- "${p}"`),
      'Questions to ask back:',
      ...e.followUps.map((f) => `- ${f}`),
    ].join('\n'),
  );
  const own: string[] = [];
  if (history.quests > 0) {
    own.push(`Quests debriefed: ${history.quests}.`);
    for (const s of history.strengths.slice(0, 5))
      own.push(`- Strength (${STEP_TITLES[s.step]}), in "${s.scenarioTitle}": ${s.moment}`);
    for (const p of history.practised.slice(0, 3)) own.push(`- Practice item from "${p.scenarioTitle}": ${STEP_TITLES[p.step]}`);
  }
  const user = [
    `Question: ${question}`,
    '',
    'Playbook entries:',
    entries.length > 0
      ? entries.join('\n\n')
      : '(none matched; answer briefly from general good practice and suggest what to ask about)',
    '',
    "The person's own history (their own moves in practice quests):",
    own.length > 0 ? own.join('\n') : '(none yet)',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The model's text, cleaned, or null when it is not something the coach would say. */
export function acceptableAnswer(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  // Reasoning models served locally often prepend their thinking; it is not part of the answer.
  const text = raw.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  if (text.length < MIN_ANSWER || text.length > MAX_ANSWER) return null;
  if (!/[a-z]{3,}/i.test(text) || /\uFFFD/.test(text)) return null;
  if (shamingIn(text)) return null;
  return text;
}

export async function askModel(
  settings: LlmSettings,
  messages: readonly ChatMessage[],
  fetchImpl: typeof fetch = fetch,
): Promise<ModelReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
    const response = await fetchImpl(`${settings.baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: settings.model, messages, temperature: 0.4, max_tokens: 700, stream: false }),
      signal: controller.signal,
      redirect: 'error',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: `the model endpoint answered ${response.status}` };
    }
    const body = await response.text();
    if (body.length > MAX_RESPONSE_BYTES) return { ok: false, reason: 'the model answer was too large' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { ok: false, reason: 'the model endpoint did not answer with JSON' };
    }
    const content = (parsed as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
    const text = acceptableAnswer(content);
    return text ? { ok: true, text } : { ok: false, reason: 'the model answer was empty, malformed or off-tone' };
  } catch (e) {
    if (controller.signal.aborted) return { ok: false, reason: `the model did not answer within ${settings.timeoutMs} ms` };
    return { ok: false, reason: `the model endpoint could not be reached (${(e as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}
