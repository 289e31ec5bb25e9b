// The account pages' addresses, and where a sign-in may send the browser afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billingPath, organisationPath, parseRoute } from '../app/router.tsx';
import { safeReturnTo } from './account-session.tsx';

test('account addresses open their pages, with or without a trailing slash', () => {
  assert.deepEqual(parseRoute('/sign-in'), { name: 'sign-in' });
  assert.deepEqual(parseRoute('/sign-in/email'), { name: 'email-link' });
  assert.deepEqual(parseRoute('/invitation/'), { name: 'invitation' });
  assert.deepEqual(parseRoute('/orgs'), { name: 'organisations' });
  assert.deepEqual(parseRoute('/me'), { name: 'my-data' });
  const orgId = '0b5e6c1a-4a8e-4f53-9d53-0f5b8b0e9a11';
  assert.deepEqual(parseRoute(organisationPath(orgId)), { name: 'organisation', orgId });
  assert.deepEqual(parseRoute(`${billingPath(orgId)}/`), { name: 'billing', orgId });
});

test('addresses near the account pages are not mistaken for them', () => {
  assert.deepEqual(parseRoute('/orgs/a/b'), { name: 'missing' });
  assert.deepEqual(parseRoute('/orgs/bad id'), { name: 'missing' });
  assert.deepEqual(parseRoute('/sign-in/slack'), { name: 'missing' });
  assert.deepEqual(parseRoute('/me/export'), { name: 'missing' });
});

test('after signing in the browser goes only to a path on this site', () => {
  assert.equal(safeReturnTo('/orgs/x/billing?checkout=done'), '/orgs/x/billing?checkout=done');
  assert.equal(safeReturnTo('//evil.example/path'), null);
  assert.equal(safeReturnTo('https://evil.example/'), null);
  assert.equal(safeReturnTo(''), null);
  assert.equal(safeReturnTo(null), null);
});
