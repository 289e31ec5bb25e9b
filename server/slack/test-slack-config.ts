// Slack settings for tests: a fresh sealing key each time, Slack's Web API at the given (stub) address.
import { Keyring, newKeyText, parseKey } from '../coach/keyring.ts';
import type { SlackConfig } from './slack-config.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function testSlackConfig(apiUrl: string, over: Partial<SlackConfig> = {}): SlackConfig {
  return {
    clientId: '111.222',
    clientSecret: 'test-client-secret',
    signingSecret: SIGNING_SECRET,
    stateSecret: 'test-state-secret',
    appToken: null,
    mode: 'http',
    keyring: new Keyring(parseKey(newKeyText(), 'test key')),
    apiUrl,
    authorizeUrl: 'https://slack.test/oauth/v2/authorize',
    ...over,
  };
}
