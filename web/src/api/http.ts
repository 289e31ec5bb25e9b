// HTTP calls to the Polarity API. Every failure becomes an ApiError with the server's code and message, so a
// screen can say exactly what went wrong and offer a retry.
import type {
  Debrief,
  ErrorCode,
  InviteInfo,
  PlayerCredentials,
  QuestSnapshot,
  ScenarioSummary,
  SeenEvent,
  ServerError,
} from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly issues: ServerError['issues'] = [],
  ) {
    super(message);
  }
}

let clockOffsetMs = 0;
/** Server time minus this browser's time, estimated from response headers; 0 when the clocks agree. */
export function serverClockOffset(): number {
  return clockOffsetMs;
}

function noteServerDate(res: Response, sentAt: number): void {
  const header = res.headers.get('date');
  if (!header) return;
  const serverMs = Date.parse(header);
  if (Number.isNaN(serverMs)) return;
  // The Date header has one-second resolution: only a clearly wrong local clock is worth correcting.
  const offset = serverMs + 500 - (sentAt + Date.now()) / 2;
  clockOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  opts: { token?: string; body?: unknown; audio?: Blob } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  // Recorded speech goes up as it is: the server forwards the bytes to the transcription service.
  if (opts.audio) headers['content-type'] = opts.audio.type || 'application/octet-stream';
  const body = opts.audio ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError('network', 'The server could not be reached. Check your connection and try again.', 0);
  }
  noteServerDate(res, sentAt);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: ServerError } | null)?.error;
    if (err?.message) throw new ApiError(err.code, err.message, res.status, err.issues);
    const message = res.status >= 500 ? 'The server had a problem. Try again in a moment.' : `The server answered ${res.status}.`;
    throw new ApiError('network', message, res.status);
  }
  return data as T;
}

export const api = {
  scenarios: () => request<{ scenarios: ScenarioSummary[] }>('GET', '/api/scenarios').then((r) => r.scenarios),
  createQuest: (scenarioId: string, name: string) =>
    request<{ questId: string; invite: string; player: PlayerCredentials }>('POST', '/api/quests', {
      body: { scenarioId, name },
    }),
  invite: (invite: string) => request<InviteInfo>('GET', `/api/invites/${encodeURIComponent(invite)}`),
  join: (invite: string, name: string) =>
    request<{ questId: string; player: PlayerCredentials }>('POST', `/api/invites/${encodeURIComponent(invite)}/join`, {
      body: { name },
    }),
  quest: (questId: string, token: string) =>
    request<QuestSnapshot>('GET', `/api/quests/${encodeURIComponent(questId)}`, { token }),
  /** Whether the server can turn recorded speech into text (for browsers without speech recognition). */
  transcription: () => request<{ available: boolean; maxBytes: number }>('GET', '/api/transcription'),
  transcribe: (questId: string, token: string, audio: Blob) =>
    request<{ text: string }>('POST', `/api/quests/${encodeURIComponent(questId)}/transcriptions`, { token, audio }),
  debrief: (questId: string, token: string) =>
    request<Debrief>('GET', `/api/quests/${encodeURIComponent(questId)}/debrief`, { token }),
  /** Every event after `after` this seat may see, page by page. */
  async eventsAfter(questId: string, token: string, after: number): Promise<SeenEvent[]> {
    const out: SeenEvent[] = [];
    const limit = 500;
    let cursor = after;
    for (;;) {
      const page = await request<{ events: SeenEvent[] }>(
        'GET',
        `/api/quests/${encodeURIComponent(questId)}/events?after=${cursor}&limit=${limit}`,
        { token },
      );
      out.push(...page.events);
      const last = page.events[page.events.length - 1];
      if (page.events.length < limit || !last) return out;
      cursor = last.seq;
    }
  },
};
