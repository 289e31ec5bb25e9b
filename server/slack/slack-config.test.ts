// Slack's settings: off when nothing is set, a clear error naming what is missing when half is set, Socket Mode with
// an app token, and token sealing keys that are stable and separate from the coach's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keyring, newKeyText, parseKey } from '../coach/keyring.ts';
import { derivedSlackKey, readSlackConfig, SlackConfigError } from './slack-config.ts';

const coach = new Keyring(parseKey(newKeyText(), 'coach'));

test('with nothing set Slack is off', () => {
  assert.equal(readSlackConfig({}, coach), null);
  assert.equal(readSlackConfig({ SLACK_CLIENT_ID: '  ' }, coach), null);
});

test('the client id and secret alone are Sign in with Slack, not the app', () => {
  assert.equal(readSlackConfig({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'very-secret-value' }, coach), null);
});

test('half a configuration names what is missing and echoes no secret', () => {
  assert.throws(
    () => readSlackConfig({ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 'very-secret-value' }, coach),
    (e: Error) =>
      e instanceof SlackConfigError && /SLACK_CLIENT_SECRET/.test(e.message) && !e.message.includes('very-secret-value'),
  );
  assert.throws(() => readSlackConfig({ SLACK_SIGNING_SECRET: 's' }, coach), /SLACK_CLIENT_ID and SLACK_CLIENT_SECRET/);
  assert.throws(
    () => readSlackConfig({ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }, coach),
    /xapp-/,
  );
  assert.throws(
    () =>
      readSlackConfig(
        { SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x', SLACK_ENCRYPTION_KEY: 'short' },
        coach,
      ),
    /SLACK_ENCRYPTION_KEY must be 32 random bytes/,
  );
});

test('HTTP mode with a signing secret, Socket Mode with an app token', () => {
  const httpMode = readSlackConfig({ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x' }, coach);
  assert.equal(httpMode?.mode, 'http');
  assert.ok((httpMode?.stateSecret.length ?? 0) >= 32, 'a state secret is derived when unset');
  const socket = readSlackConfig({ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1-abc' }, coach);
  assert.equal(socket?.mode, 'socket');
  assert.equal(socket?.signingSecret, null);
});

test('tokens are sealed with SLACK_ENCRYPTION_KEY, or a key derived from the coach key that is stable and different', () => {
  const env = { SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x' };
  const a = readSlackConfig(env, coach);
  const b = readSlackConfig(env, coach);
  assert.equal(a?.keyring.current.id, b?.keyring.current.id);
  assert.notEqual(a?.keyring.current.id, coach.current.id);
  assert.equal(a?.keyring.current.id, derivedSlackKey(coach.current).id);
  const own = newKeyText();
  const configured = readSlackConfig({ ...env, SLACK_ENCRYPTION_KEY: own }, coach);
  assert.equal(configured?.keyring.current.id, parseKey(own, 'k').id);
});
