// The cinematic presentation's pure parts: casting voices, splitting narration, choosing scene art, and reading
// stored settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from './presentation-settings.ts';
import { sceneArtFor } from './scene-art-choice.ts';
import { castVoices, NARRATOR, sentencesOf } from './voice-casting.ts';

const v = (name: string, lang: string, isDefault = false) => ({ name, lang, default: isDefault });

test('the narrator takes the default voice and each character gets a different one, accent first', () => {
  const voices = [
    v('Alex', 'en-US', true),
    v('Daniel', 'en-GB'),
    v('Karen', 'en-AU'),
    v('Samantha', 'en-US'),
    v('Thomas', 'fr-FR'),
  ];
  const cast = castVoices(voices, [
    { id: 'pm' },
    { id: 'eng', voice: { lang: 'en-GB', pitch: 0.8 } },
    { id: 'cs', voice: { lang: 'en-AU' } },
  ]);
  assert.equal(cast.get(NARRATOR)?.voice?.name, 'Alex');
  assert.equal(cast.get('eng')?.voice?.name, 'Daniel');
  assert.equal(cast.get('eng')?.pitch, 0.8);
  assert.equal(cast.get('cs')?.voice?.name, 'Karen');
  assert.equal(cast.get('pm')?.voice?.name, 'Samantha', 'a voice in the page language, not the French one');
  const names = ['pm', 'eng', 'cs', NARRATOR].map((id) => cast.get(id)?.voice?.name);
  assert.equal(new Set(names).size, 4, 'nobody shares a voice while there are enough');
});

test('with too few voices, characters share them at different pitches', () => {
  const cast = castVoices([v('Only', 'en-US', true)], [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  const sounds = ['a', 'b', 'c', NARRATOR].map((id) => `${cast.get(id)?.voice?.name}@${cast.get(id)?.pitch}`);
  assert.equal(new Set(sounds).size, 4, sounds.join(', '));
  for (const id of ['a', 'b', 'c']) {
    const p = cast.get(id)?.pitch as number;
    assert.ok(p >= 0.5 && p <= 1.5);
  }
});

test('without any voice (headless browsers) everyone is cast with none and captions carry the words', () => {
  const cast = castVoices([], [{ id: 'a' }]);
  assert.equal(cast.get('a')?.voice, null);
  assert.equal(cast.get(NARRATOR)?.voice, null);
});

test('narration is split into sentences short enough to speak', () => {
  assert.deepEqual(sentencesOf('It is 4:40 pm.  The release is due!   Who decides? Nobody knows'), [
    'It is 4:40 pm.',
    'The release is due!',
    'Who decides?',
    'Nobody knows',
  ]);
  const long = `${'word '.repeat(100)}end.`;
  for (const s of sentencesOf(long, 100)) assert.ok(s.length <= 100);
  assert.equal(sentencesOf(long, 100).join(' ').split(' ').length, 101);
});

test('scene art: the scenario’s choice wins; otherwise the scene’s words pick it', () => {
  assert.equal(sceneArtFor({ art: 'dashboard', title: 'Outage', narrative: 'Everything is on fire.' }), 'dashboard');
  assert.equal(
    sceneArtFor({ art: null, title: 'Monday, 9:30 am', narrative: 'The queue stalled and the pager went off.' }),
    'server_fire',
  );
  assert.equal(
    sceneArtFor({ art: null, title: 'The call', narrative: 'Carla, the customer, is on the call about the renewal.' }),
    'customer_call',
  );
  assert.equal(
    sceneArtFor({ art: null, title: 'Thursday', narrative: 'The release is due to ship on Friday.' }),
    'release_train',
  );
  assert.equal(sceneArtFor({ art: null, title: 'Planning', narrative: 'The sprint backlog and the roadmap.' }), 'dashboard');
  assert.equal(sceneArtFor({ art: null, title: 'A quiet moment', narrative: 'Nothing much.' }), 'war_room');
});

test('stored settings: missing, malformed or partial values fall back to the defaults', () => {
  assert.deepEqual(parseSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(parseSettings('{not json'), DEFAULT_SETTINGS);
  assert.deepEqual(parseSettings('{"textOnly":true,"ambient":"loud"}'), { ...DEFAULT_SETTINGS, textOnly: true });
  assert.equal(parseSettings('{"talkKey":false}').talkKey, false);
});
