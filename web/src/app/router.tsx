// The gallery, an invite, a quest, and the account pages (sign-in, invitations, organisations, my data, billing).
// History API routing; the server answers every non-API path with the client.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'join'; invite: string }
  | { name: 'quest'; questId: string }
  | { name: 'sign-in' }
  | { name: 'email-link' }
  | { name: 'invitation' }
  | { name: 'organisations' }
  | { name: 'organisation'; orgId: string }
  | { name: 'billing'; orgId: string }
  | { name: 'my-data' }
  | { name: 'my-insights' }
  | { name: 'coach' }
  | { name: 'team-insights'; teamId: string }
  | { name: 'org-insights'; orgId: string }
  | { name: 'ledger'; teamId: string; section: string }
  | { name: 'slack'; orgId: string }
  | { name: 'missing' };

const ACCOUNT_PAGES: Record<string, Route> = {
  '/sign-in': { name: 'sign-in' },
  '/sign-in/email': { name: 'email-link' },
  '/invitation': { name: 'invitation' },
  '/orgs': { name: 'organisations' },
  '/me': { name: 'my-data' },
  '/me/insights': { name: 'my-insights' },
  '/me/coach': { name: 'coach' },
};

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const join = /^\/join\/([A-Za-z0-9_-]{1,128})\/?$/.exec(pathname);
  if (join?.[1]) return { name: 'join', invite: join[1] };
  const quest = /^\/quests\/([A-Za-z0-9_-]{1,128})\/?$/.exec(pathname);
  if (quest?.[1]) return { name: 'quest', questId: quest[1] };
  const page = ACCOUNT_PAGES[pathname.replace(/\/$/, '')];
  // A fresh object, so navigating within a page (only its ?query changes) renders it again.
  if (page) return { ...page };
  const org = /^\/orgs\/([A-Za-z0-9_-]{1,128})(\/billing)?\/?$/.exec(pathname);
  if (org?.[1]) return org[2] ? { name: 'billing', orgId: org[1] } : { name: 'organisation', orgId: org[1] };
  const orgPage = /^\/orgs\/([A-Za-z0-9_-]{1,128})\/(insights|slack)\/?$/.exec(pathname);
  if (orgPage?.[1]) {
    return orgPage[2] === 'insights' ? { name: 'org-insights', orgId: orgPage[1] } : { name: 'slack', orgId: orgPage[1] };
  }
  const teamInsights = /^\/teams\/([A-Za-z0-9_-]{1,128})\/insights\/?$/.exec(pathname);
  if (teamInsights?.[1]) return { name: 'team-insights', teamId: teamInsights[1] };
  // The ledger's own sections (ranking, trade-offs, commitments, sprints, trust) are read by the ledger screen.
  const ledger = /^\/teams\/([A-Za-z0-9_-]{1,128})\/ledger((?:\/[A-Za-z0-9_-]{1,128}){0,3})\/?$/.exec(pathname);
  if (ledger?.[1]) return { name: 'ledger', teamId: ledger[1], section: (ledger[2] ?? '').replace(/^\//, '') };
  return { name: 'missing' };
}

const listeners = new Set<() => void>();

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.scrollTo(0, 0);
  for (const l of listeners) l();
  // A new screen: start reading (and tabbing) from the top of the content, not from the link that was clicked.
  document.getElementById('main')?.focus({ preventScroll: true });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

export const questPath = (questId: string) => `/quests/${questId}`;
export const invitePath = (invite: string) => `/join/${invite}`;
export const organisationPath = (orgId: string) => `/orgs/${orgId}`;
export const billingPath = (orgId: string) => `/orgs/${orgId}/billing`;
export const orgInsightsPath = (orgId: string) => `/orgs/${orgId}/insights`;
export const slackPath = (orgId: string) => `/orgs/${orgId}/slack`;
export const teamInsightsPath = (teamId: string) => `/teams/${teamId}/insights`;
export const ledgerPath = (teamId: string, section = '') => `/teams/${teamId}/ledger${section ? `/${section}` : ''}`;
export const myInsightsPath = '/me/insights';
export const coachPath = '/me/coach';

/** A real link (it opens in a new tab, it can be copied) that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
