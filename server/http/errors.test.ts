import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import type { ServiceError } from '../quests/quest-service.ts';
import { answerError, fromServiceError } from './errors.ts';

/** An app whose only route refuses with the given service error, answered the way the API answers. */
async function refusing(error: ServiceError) {
  const app = Fastify({ logger: false });
  app.setErrorHandler(answerError);
  app.get('/refuse', async () => {
    throw fromServiceError(error);
  });
  const res = await app.inject({ method: 'GET', url: '/refuse' });
  await app.close();
  return res;
}

test("a race lost to other writers is 503 'busy' with Retry-After; a rule saying no stays 409 'conflict'", async () => {
  const busy = await refusing({ code: 'busy', message: 'the quest is busy: other moves kept landing first; try again' });
  assert.equal(busy.statusCode, 503);
  assert.equal(busy.headers['retry-after'], '1');
  assert.deepEqual(busy.json(), {
    error: { code: 'busy', message: 'the quest is busy: other moves kept landing first; try again' },
  });

  const conflict = await refusing({ code: 'conflict', message: 'Gil already holds the pm role' });
  assert.equal(conflict.statusCode, 409);
  assert.equal(conflict.headers['retry-after'], undefined);
  assert.equal(conflict.json().error.code, 'conflict');
});
