// Push-to-talk: press the button (or hold T while not typing) and speak. What was heard is read by the command
// grammar: a command is sent, an irreversible one (a proposal, a vote, sharing private intel) is first read back
// and sent only after "yes", and anything else goes to the team as a spoken chat message.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { api } from '../api/http.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import { playerFor } from '../api/session.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { interpret, readConfirmation, type VoiceContext, type VoiceReading } from './grammar.ts';
import {
  browserRecognitionAvailable,
  browserSpeechInput,
  recordingAvailable,
  type SpeechInput,
  serverSpeechInput,
} from './speech-input.ts';

type Sendable = Extract<VoiceReading, { kind: 'command' | 'dictation' }>;
const TALK_KEY = 't';

export function voiceContext(view: QuestView): VoiceContext {
  return {
    decision: view.decision
      ? {
          id: view.decision.id,
          plan: view.decision.plan,
          choices: view.decision.choices.map((c) =>
            c.kind ? { id: c.id, label: c.label, kind: c.kind } : { id: c.id, label: c.label },
          ),
        }
      : null,
    proposals: view.proposals.map((p) => ({ id: p.id, status: p.status, author: p.author, decision: p.decision })),
    me: view.me
      ? { role: view.me.role, cards: view.me.cards.map((c) => ({ id: c.id, title: c.title, sharedWith: c.sharedWith })) }
      : null,
    roles: view.roles.map((r) => ({ id: r.id, name: r.name, title: r.title })),
    facilitating: 'facilitator' in view.seat,
  };
}

/** Where speech comes from on this browser: its own recognition, the server's transcription, or nowhere. */
function useSpeechSource(): { source: 'browser' | 'server' | 'none' | 'checking'; maxBytes: number } {
  const [state, setState] = useState<{ source: 'browser' | 'server' | 'none' | 'checking'; maxBytes: number }>(() =>
    browserRecognitionAvailable() ? { source: 'browser', maxBytes: 0 } : { source: 'checking', maxBytes: 0 },
  );
  useEffect(() => {
    if (state.source !== 'checking') return;
    if (!recordingAvailable()) {
      setState({ source: 'none', maxBytes: 0 });
      return;
    }
    let live = true;
    api.transcription().then(
      (t) => live && setState(t.available ? { source: 'server', maxBytes: t.maxBytes } : { source: 'none', maxBytes: 0 }),
      () => live && setState({ source: 'none', maxBytes: 0 }),
    );
    return () => {
      live = false;
    };
  }, [state.source]);
  return state;
}

export function VoiceControl({
  view,
  questId,
  socket,
  speak,
  talkKey,
}: {
  view: QuestView;
  questId: string;
  socket: QuestSocket | null;
  /** Reads a line aloud in the narrator's voice (and captions it). */
  speak: (text: string) => void;
  /** Whether holding T talks (the person can switch the shortcut off). */
  talkKey: boolean;
}) {
  const { source, maxBytes } = useSpeechSource();
  const [listening, setListening] = useState(false);
  const [heard, setHeard] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [pending, setPending] = useState<Sendable | null>(null);
  const helpId = useId();
  const viewRef = useRef(view);
  viewRef.current = view;
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const send = useCallback(
    async (reading: Sendable) => {
      setPending(null);
      const ack = (await socket?.command(reading.command)) ?? (await notConnected());
      if (ack.ok) {
        setError('');
        setStatus(`Done: ${reading.summary}`);
      } else {
        setStatus('');
        setError(ack.error.message);
      }
    },
    [socket],
  );

  const handle = useCallback(
    (utterance: string) => {
      setHeard(utterance);
      const waiting = pendingRef.current;
      if (waiting) {
        const answer = readConfirmation(utterance);
        if (answer === 'yes') void send(waiting);
        else if (answer === 'no') {
          setPending(null);
          setStatus(`Not sent: ${waiting.summary}`);
        } else setError('Say “yes” to send it or “no” to drop it, or use the buttons.');
        return;
      }
      const reading = interpret(utterance, voiceContext(viewRef.current));
      setError('');
      switch (reading.kind) {
        case 'silence':
          setStatus('Nothing was heard. Press Talk and speak.');
          return;
        case 'unclear':
          setStatus('');
          setError(reading.message);
          return;
        default:
          if (reading.confirm) {
            setPending(reading);
            setStatus('');
            speak(`${reading.summary}. Send it? Say yes or no.`);
          } else void send(reading);
      }
    },
    [send, speak],
  );

  const inputRef = useRef<SpeechInput | null>(null);
  const player = useMemo(() => playerFor(questId), [questId]);
  const input = useMemo<SpeechInput | null>(() => {
    const handlers = {
      interim: (t: string) => setHeard(t),
      final: (t: string) => {
        setListening(false);
        handle(t);
      },
      error: (m: string) => {
        setListening(false);
        setError(m);
      },
    };
    if (source === 'browser') return browserSpeechInput(handlers);
    if (source === 'server' && player) return serverSpeechInput(questId, player.token, maxBytes, handlers);
    return null;
  }, [source, player, questId, maxBytes, handle]);
  inputRef.current = input;

  const startTalking = useCallback(() => {
    const i = inputRef.current;
    if (!i) return;
    window.speechSynthesis?.cancel();
    setError('');
    setStatus('');
    setHeard('');
    setListening(true);
    i.start();
  }, []);
  const stopTalking = useCallback(() => inputRef.current?.stop(), []);

  // Hold T to talk, anywhere except where a person types.
  useEffect(() => {
    if (!talkKey) return;
    const typing = (t: EventTarget | null) =>
      t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    const down = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== TALK_KEY || e.repeat || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault();
      startTalking();
    };
    const up = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== TALK_KEY || typing(e.target)) return;
      stopTalking();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [startTalking, stopTalking, talkKey]);
  useEffect(() => () => inputRef.current?.abort(), []);

  if (source === 'checking') return null;
  if (!view.me && !('facilitator' in view.seat)) return null;
  return (
    <section className="voice" aria-labelledby={`${helpId}-title`}>
      <h2 id={`${helpId}-title`} className="label-heading">
        Voice control
      </h2>
      {source === 'none' ? (
        <p className="field-help">
          This browser cannot recognise speech and the server has no transcription service, so voice control is off.
        </p>
      ) : (
        <>
          <div className="voice-row">
            <button
              type="button"
              className={`btn btn-small ${listening ? 'btn-primary voice-live' : 'btn-secondary'}`}
              aria-pressed={listening}
              aria-describedby={`${helpId}-help`}
              onClick={() => (listening ? stopTalking() : startTalking())}
            >
              {listening ? 'Stop listening' : 'Talk'}
            </button>
            {heard && (
              <p className="voice-heard">
                <span className="muted">Heard:</span> “{heard}”
              </p>
            )}
          </div>
          <p id={`${helpId}-help`} className="field-help">
            Press Talk{talkKey ? ' or hold T' : ''}. Say “I propose…”, “I support that”, “I object: …”, “share my intel card”,
            “let’s pause” or “vote yes”; anything else goes to the team as a message marked as said aloud. Like typed messages, it
            counts in team insights only if you take part in them.
            {source === 'server' && ' Your recording is sent to the server to be transcribed and is not kept.'}
          </p>
        </>
      )}
      {pending && (
        <fieldset className="voice-confirm">
          <legend>
            <strong>{pending.summary}.</strong> Send it? Say “yes” or “no”.
          </legend>
          <div className="row">
            <button type="button" className="btn btn-small btn-primary" onClick={() => void send(pending)}>
              Send it
            </button>
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => {
                setStatus(`Not sent: ${pending.summary}`);
                setPending(null);
              }}
            >
              Don’t send
            </button>
          </div>
        </fieldset>
      )}
      <p className="voice-status" role="status" aria-live="polite">
        {status}
      </p>
      <ActionError message={error || null} />
    </section>
  );
}
