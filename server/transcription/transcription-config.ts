// Server-side transcription is optional: set TRANSCRIPTION_BASE_URL (an OpenAI-compatible API, e.g.
// https://api.openai.com/v1 or a local whisper server) and it turns push-to-talk recordings into text for browsers
// without speech recognition. Unset, the routes answer that it is not available and nothing is sent anywhere.
import { z } from 'zod';

export interface TranscriptionConfig {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** The largest recording accepted, in bytes. */
  maxBytes: number;
  /** Recordings per player and minute. */
  perMinute: number;
  timeoutMs: number;
}

export class TranscriptionConfigError extends Error {}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

const envSchema = z.object({
  TRANSCRIPTION_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'TRANSCRIPTION_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1' })
    .optional(),
  TRANSCRIPTION_API_KEY: z.string().min(1).optional(),
  TRANSCRIPTION_MODEL: z
    .string()
    .regex(/^[\w.:/-]{1,100}$/, 'TRANSCRIPTION_MODEL is a model name such as whisper-1')
    .default('whisper-1'),
  TRANSCRIPTION_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024, 'TRANSCRIPTION_MAX_BYTES is at least 1024')
    .max(25 * 1024 * 1024, 'TRANSCRIPTION_MAX_BYTES is at most 25 MB (the API limit)')
    .default(DEFAULT_MAX_BYTES),
  TRANSCRIPTION_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(12),
});

/** The configuration from the environment, null when transcription is off; a clear error for a bad value. */
export function transcriptionConfigFrom(env: Record<string, string | undefined>): TranscriptionConfig | null {
  const relevant = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('TRANSCRIPTION_') && v !== ''));
  const r = envSchema.safeParse(relevant);
  if (!r.success) throw new TranscriptionConfigError(r.error.issues.map((i) => i.message).join('; '));
  const c = r.data;
  if (!c.TRANSCRIPTION_BASE_URL) return null;
  return {
    baseUrl: c.TRANSCRIPTION_BASE_URL.replace(/\/+$/, ''),
    apiKey: c.TRANSCRIPTION_API_KEY ?? null,
    model: c.TRANSCRIPTION_MODEL,
    maxBytes: c.TRANSCRIPTION_MAX_BYTES,
    perMinute: c.TRANSCRIPTION_PER_MINUTE,
    timeoutMs: 30_000,
  };
}
