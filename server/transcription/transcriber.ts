// One recording to text through an OpenAI-compatible endpoint: POST {base}/audio/transcriptions, multipart, with
// the file and the model; the answer is JSON with `text`. The recording is forwarded and forgotten: nothing is
// stored here.
import type { TranscriptionConfig } from './transcription-config.ts';

export class TranscriptionFailed extends Error {}

const EXTENSIONS: Record<string, string> = {
  'audio/webm': 'webm',
  'video/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/flac': 'flac',
};

/** The file name the API sees; services pick the decoder from its extension. */
export function fileNameFor(contentType: string): string {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return `speech.${EXTENSIONS[base] ?? 'webm'}`;
}

export interface Transcriber {
  transcribe(audio: Uint8Array, contentType: string): Promise<string>;
}

export function createTranscriber(config: TranscriptionConfig, fetchImpl: typeof fetch = fetch): Transcriber {
  return {
    async transcribe(audio, contentType) {
      const form = new FormData();
      const type = contentType.split(';')[0]?.trim() || 'application/octet-stream';
      // Copied into a plain ArrayBuffer: a Buffer may be a view on a larger shared pool.
      form.append('file', new Blob([new Uint8Array(audio)], { type }), fileNameFor(contentType));
      form.append('model', config.model);
      form.append('response_format', 'json');
      const headers: Record<string, string> = { accept: 'application/json' };
      if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
      let res: Response;
      try {
        res = await fetchImpl(`${config.baseUrl}/audio/transcriptions`, {
          method: 'POST',
          headers,
          body: form,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (e) {
        throw new TranscriptionFailed(`the transcription service could not be reached (${(e as Error).message})`);
      }
      const body = await res.text();
      if (!res.ok) throw new TranscriptionFailed(`the transcription service answered ${res.status}: ${body.slice(0, 200)}`);
      let text: unknown;
      try {
        text = (JSON.parse(body) as { text?: unknown }).text;
      } catch {
        throw new TranscriptionFailed('the transcription service did not answer with JSON');
      }
      if (typeof text !== 'string') throw new TranscriptionFailed('the transcription service answered without text');
      return text.trim().slice(0, 2000);
    },
  };
}
