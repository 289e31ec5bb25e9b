// Sign-in and invitation links carry their token in the address's fragment, which never reaches a server log.
// The page takes it out of the address bar at once (so it is not shared by copying the address) and, for an
// invitation, keeps it in this browser while the person signs in: an emailed sign-in link opens in a new tab.
const INVITATION_KEY = 'polarity.invitation';

export function takeFragmentToken(): string | null {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (token) history.replaceState(null, '', `${location.pathname}${location.search}`);
  return token;
}

export function keepInvitationToken(token: string): void {
  try {
    localStorage.setItem(INVITATION_KEY, token);
  } catch {
    // Storage refused: the person can open the link again after signing in.
  }
}

export function keptInvitationToken(): string | null {
  try {
    return localStorage.getItem(INVITATION_KEY);
  } catch {
    return null;
  }
}

export function forgetInvitationToken(): void {
  try {
    localStorage.removeItem(INVITATION_KEY);
  } catch {
    // Nothing kept.
  }
}
