// Where spoken words come from: the browser's own speech recognition when it has one, else a recording sent to
// the server's transcription service (when the server has one configured). One interface for both, so the
// push-to-talk control does not care which it got.
import { api } from '../api/http.ts';

export interface SpeechHandlers {
  /** Words so far, while the person is still speaking (browser recognition only). */
  interim(text: string): void;
  /** What was said, once they stop; empty when nothing was heard. */
  final(text: string): void;
  error(message: string): void;
}

export interface SpeechInput {
  readonly kind: 'browser' | 'server';
  start(): void;
  /** Stop listening and deliver what was heard. */
  stop(): void;
  /** Stop listening and drop it. */
  abort(): void;
}

interface RecognitionResultList {
  length: number;
  [i: number]: { isFinal: boolean; 0: { transcript: string } };
}
interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((e: { resultIndex: number; results: RecognitionResultList }) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionClass = new () => Recognition;

function recognitionClass(): RecognitionClass | null {
  const w = window as unknown as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export function browserRecognitionAvailable(): boolean {
  return recognitionClass() !== null;
}

export function recordingAvailable(): boolean {
  return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

const RECOGNITION_ERRORS: Record<string, string> = {
  'not-allowed': 'The browser is not allowed to use the microphone. Allow it in the address bar, then try again.',
  'service-not-allowed': 'Speech recognition is turned off in this browser.',
  'audio-capture': 'No microphone was found.',
  network: 'Speech recognition needs a network connection.',
};

export function browserSpeechInput(h: SpeechHandlers): SpeechInput {
  const Rec = recognitionClass();
  if (!Rec) throw new Error('no speech recognition in this browser');
  let rec: Recognition | null = null;
  let heard = '';
  // Words not yet final when listening stopped still count: the person meant them.
  let pending = '';
  let dropped = false;
  return {
    kind: 'browser',
    start() {
      heard = '';
      pending = '';
      dropped = false;
      rec = new Rec();
      rec.lang = document.documentElement.lang || navigator.language || 'en-US';
      rec.continuous = true;
      rec.interimResults = true;
      rec.maxAlternatives = 1;
      rec.onresult = (e) => {
        let interim = '';
        let final = '';
        for (let i = 0; i < e.results.length; i++) {
          const r = e.results[i];
          if (!r) continue;
          if (r.isFinal) final += `${r[0].transcript} `;
          else interim += r[0].transcript;
        }
        heard = final.trim();
        pending = interim.trim();
        h.interim(`${heard} ${pending}`.trim());
      };
      rec.onerror = (e) => {
        if (e.error === 'no-speech' || e.error === 'aborted') return;
        dropped = true;
        h.error(RECOGNITION_ERRORS[e.error] ?? `Speech recognition failed (${e.error}).`);
      };
      rec.onend = () => {
        rec = null;
        if (!dropped) h.final(`${heard} ${pending}`.trim());
      };
      rec.start();
    },
    stop() {
      rec?.stop();
    },
    abort() {
      dropped = true;
      rec?.abort();
    },
  };
}

/** Records while the button or key is held, then sends the recording to the server to be transcribed. */
export function serverSpeechInput(questId: string, token: string, maxBytes: number, h: SpeechHandlers): SpeechInput {
  let recorder: MediaRecorder | null = null;
  let stream: MediaStream | null = null;
  let chunks: Blob[] = [];
  let dropped = false;
  const release = () => {
    for (const t of stream?.getTracks() ?? []) t.stop();
    stream = null;
  };
  return {
    kind: 'server',
    start() {
      chunks = [];
      dropped = false;
      navigator.mediaDevices.getUserMedia({ audio: true }).then(
        (s) => {
          stream = s;
          recorder = new MediaRecorder(s);
          recorder.ondataavailable = (e) => {
            if (e.data.size > 0) chunks.push(e.data);
          };
          recorder.onstop = async () => {
            release();
            if (dropped) return;
            const audio = new Blob(chunks, { type: recorder?.mimeType || 'audio/webm' });
            recorder = null;
            if (audio.size === 0) return h.final('');
            if (audio.size > maxBytes) return h.error('That was too long to transcribe. Keep it to a sentence or two.');
            try {
              const { text } = await api.transcribe(questId, token, audio);
              h.final(text);
            } catch (e) {
              h.error(e instanceof Error ? e.message : 'The recording could not be transcribed.');
            }
          };
          recorder.start();
        },
        () => h.error('The browser is not allowed to use the microphone. Allow it in the address bar, then try again.'),
      );
    },
    stop() {
      if (recorder?.state === 'recording') recorder.stop();
    },
    abort() {
      dropped = true;
      if (recorder?.state === 'recording') recorder.stop();
      else release();
    },
  };
}
