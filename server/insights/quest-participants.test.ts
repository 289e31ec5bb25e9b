// Only people who take part are counted, each once, each in one role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consentingParticipants } from './quest-participants.ts';

test('a quest’s participants are the seated people who take part right now', async () => {
  const source = consentingParticipants({
    questPlace: async (id) => (id === 'q1' ? { teamId: 't1' } : null),
    seatedPeople: async () => [
      { role: 'pm', personId: 'ana' },
      { role: 'eng', personId: 'bo' },
      { role: 'cs', personId: 'cy' },
      { role: 'design', personId: 'ana' },
      { role: 'pm', personId: 'dee' },
    ],
    isTakingPart: async (personId) => personId !== 'bo',
  });
  assert.deepEqual(await source.participantsOf('q1'), {
    teamId: 't1',
    people: [
      { role: 'pm', personId: 'ana' },
      { role: 'cs', personId: 'cy' },
    ],
  });
  assert.equal(await source.participantsOf('q2'), null);
});
