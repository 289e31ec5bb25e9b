// The transcription routes: whether the server can transcribe, and a player's recording to text. A quest's player
// token authorises a recording, as for every other quest route; each player gets a few recordings a minute, and a
// recording must fit within the configured size.
import type { FastifyInstance } from 'fastify';
import { HttpError, parsePart } from '../http/errors.ts';
import { bearer, emptyQuery, questParams } from '../http/request-schemas.ts';
import type { QuestService } from '../quests/quest-service.ts';
import { createTranscriber, type Transcriber, TranscriptionFailed } from './transcriber.ts';
import type { TranscriptionConfig } from './transcription-config.ts';

const AUDIO_TYPES = /^(?:audio\/[\w.+-]+|video\/webm|application\/octet-stream)(?:\s*;.*)?$/i;

/** A sliding window per player: how many recordings in the last minute. */
class PerPlayerLimit {
  private readonly seen = new Map<string, number[]>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}
  /** Seconds until the next recording is allowed, or 0 when it is allowed now (and counted). */
  take(key: string): number {
    const t = this.now();
    const recent = (this.seen.get(key) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= this.perMinute) {
      this.seen.set(key, recent);
      return Math.ceil((60_000 - (t - (recent[0] as number))) / 1000);
    }
    recent.push(t);
    this.seen.set(key, recent);
    // Forget idle players now and then, so the map does not grow with every quest ever played.
    if (this.seen.size > 10_000) for (const [k, v] of this.seen) if (v.every((x) => t - x >= 60_000)) this.seen.delete(k);
    return 0;
  }
}

export interface TranscriptionRouteOptions {
  service: QuestService;
  config: TranscriptionConfig | null;
  transcriber?: Transcriber;
  now?: () => number;
}

export function transcriptionRoutes(opts: TranscriptionRouteOptions) {
  const { service, config } = opts;
  const transcriber = config ? (opts.transcriber ?? createTranscriber(config)) : null;
  const limit = config ? new PerPlayerLimit(config.perMinute, opts.now ?? Date.now) : null;

  return async function register(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser(AUDIO_TYPES, { parseAs: 'buffer', bodyLimit: config?.maxBytes ?? 1024 }, (_req, body, done) =>
      done(null, body),
    );

    app.get('/transcription', async (request) => {
      parsePart(emptyQuery, request.query, 'query');
      return { available: config !== null, maxBytes: config?.maxBytes ?? 0 };
    });

    app.post('/quests/:id/transcriptions', { bodyLimit: config?.maxBytes ?? 1024 }, async (request) => {
      const { id } = parsePart(questParams, request.params, 'path');
      parsePart(emptyQuery, request.query, 'query');
      const header = request.headers.authorization;
      if (header === undefined) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <player token>');
      const token = bearer.safeParse(header);
      if (!token.success) throw new HttpError(401, 'unauthorized', 'the Authorization header must be Bearer <player token>');
      const player = await service.authenticate(id, token.data);
      if (!player) throw new HttpError(401, 'unauthorized', 'this token does not belong to a player of this quest');
      if (!config || !transcriber || !limit)
        throw new HttpError(
          404,
          'not_found',
          'this server has no transcription service; use the browser’s speech recognition or type',
        );
      const type = request.headers['content-type'] ?? '';
      if (!AUDIO_TYPES.test(type)) throw new HttpError(400, 'invalid', 'send the recording as audio/* (for example audio/webm)');
      const audio = request.body as Buffer;
      if (!Buffer.isBuffer(audio) || audio.length === 0) throw new HttpError(400, 'invalid', 'the recording is empty');
      const wait = limit.take(`${id}:${token.data}`);
      if (wait > 0) throw new HttpError(429, 'rate_limited', `too many recordings; try again in ${wait} seconds`);
      try {
        return { text: await transcriber.transcribe(audio, type) };
      } catch (e) {
        if (!(e instanceof TranscriptionFailed)) throw e;
        request.log.warn({ err: e.message }, 'transcription failed');
        throw new HttpError(503, 'busy', 'The transcription service did not answer. Try again, or type your message.');
      }
    });
  };
}
