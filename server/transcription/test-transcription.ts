// Transcription for route tests that are about who may call it, not about speech: a configured service whose
// transcriber answers at once. server/transcription/transcription.test.ts tests the real transcriber over HTTP.
import type { TranscriptionRouteOptions } from './transcription-routes.ts';

export const TEST_TRANSCRIPTION: Omit<TranscriptionRouteOptions, 'service'> = {
  config: { baseUrl: 'http://127.0.0.1:9', apiKey: null, model: 'test', maxBytes: 64 * 1024, perMinute: 600, timeoutMs: 1000 },
  transcriber: { transcribe: async (audio) => `heard ${audio.length} bytes` },
};
