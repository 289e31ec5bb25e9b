// The switches for how the quest is presented. They stay on the page in text-only mode, so it can be left again.
import type { PresentationSettings } from './presentation-settings.ts';
import { updateSettings } from './presentation-settings.ts';

export function PresentationControls({
  settings,
  speechAvailable,
  onReplay,
}: {
  settings: PresentationSettings;
  speechAvailable: boolean;
  onReplay: () => void;
}) {
  const toggle = (key: keyof PresentationSettings) => updateSettings({ [key]: !settings[key] });
  return (
    <fieldset className="presentation-controls">
      <legend className="visually-hidden">Presentation</legend>
      <button
        type="button"
        className="btn btn-small btn-quiet"
        aria-pressed={settings.textOnly}
        onClick={() => toggle('textOnly')}
      >
        Text-only mode
      </button>
      <button type="button" className="btn btn-small btn-quiet" aria-pressed={settings.talkKey} onClick={() => toggle('talkKey')}>
        Hold T to talk
      </button>
      {!settings.textOnly && (
        <>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-pressed={settings.narration}
            disabled={!speechAvailable}
            title={speechAvailable ? undefined : 'This browser cannot speak; captions show every line.'}
            onClick={() => toggle('narration')}
          >
            Narration
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-pressed={settings.readTeammates}
            onClick={() => toggle('readTeammates')}
          >
            Read teammates aloud
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-pressed={settings.ambient}
            onClick={() => toggle('ambient')}
          >
            Ambient sound
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={onReplay}>
            Replay the scene
          </button>
        </>
      )}
    </fieldset>
  );
}
