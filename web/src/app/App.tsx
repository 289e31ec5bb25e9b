// The application shell: a skip link, the brand bar with who is signed in, and the screen for the current address.
import { useEffect } from 'react';
import { AccountMenu } from '../accounts/AccountMenu.tsx';
import { AccountSessionProvider } from '../accounts/account-session.tsx';
import { BillingScreen } from '../accounts/BillingScreen.tsx';
import { EmailLinkScreen } from '../accounts/EmailLinkScreen.tsx';
import { InvitationScreen } from '../accounts/InvitationScreen.tsx';
import { MyDataScreen } from '../accounts/MyDataScreen.tsx';
import { OrganisationScreen } from '../accounts/OrganisationScreen.tsx';
import { OrganisationsScreen } from '../accounts/OrganisationsScreen.tsx';
import { SignInScreen } from '../accounts/SignInScreen.tsx';
import { CoachScreen } from '../coach/CoachScreen.tsx';
import { MyInsightsScreen } from '../insights/MyInsightsScreen.tsx';
import { OrgInsightsScreen } from '../insights/OrgInsightsScreen.tsx';
import { TeamInsightsScreen } from '../insights/TeamInsightsScreen.tsx';
import { LedgerScreen } from '../ledger/LedgerScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { JoinScreen } from '../screens/JoinScreen.tsx';
import { QuestRoute } from '../screens/QuestRoute.tsx';
import { SlackScreen } from '../slack/SlackScreen.tsx';
import { Link, useRoute } from './router.tsx';

export function App() {
  const route = useRoute();
  useEffect(() => {
    if (route.name === 'home') document.title = 'Polarity: practise shipping fast and building well';
    if (route.name === 'missing') document.title = 'Page not found · Polarity';
  }, [route]);
  return (
    <AccountSessionProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand" aria-label="Polarity home">
            <BrandMark />
            <span>Polarity</span>
          </Link>
          <p className="topbar-tagline">Practise the trade-off before it is real.</p>
          <AccountMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.name === 'home' && <HomeScreen />}
        {route.name === 'join' && <JoinScreen key={route.invite} invite={route.invite} />}
        {route.name === 'quest' && <QuestRoute key={route.questId} questId={route.questId} />}
        {route.name === 'sign-in' && <SignInScreen />}
        {route.name === 'email-link' && <EmailLinkScreen />}
        {route.name === 'invitation' && <InvitationScreen />}
        {route.name === 'organisations' && <OrganisationsScreen />}
        {route.name === 'organisation' && <OrganisationScreen key={route.orgId} orgId={route.orgId} />}
        {route.name === 'billing' && <BillingScreen key={route.orgId} orgId={route.orgId} />}
        {route.name === 'my-data' && <MyDataScreen />}
        {route.name === 'my-insights' && <MyInsightsScreen />}
        {route.name === 'coach' && <CoachScreen />}
        {route.name === 'team-insights' && <TeamInsightsScreen key={route.teamId} teamId={route.teamId} />}
        {route.name === 'org-insights' && <OrgInsightsScreen key={route.orgId} orgId={route.orgId} />}
        {route.name === 'ledger' && <LedgerScreen key={route.teamId} teamId={route.teamId} section={route.section} />}
        {route.name === 'slack' && <SlackScreen key={route.orgId} orgId={route.orgId} />}
        {route.name === 'missing' && (
          <div className="page narrow">
            <h1>There is nothing at this address</h1>
            <p>
              The link may be incomplete. <Link href="/">Go to the scenario gallery</Link>.
            </p>
          </div>
        )}
      </main>
    </AccountSessionProvider>
  );
}

/** Two halves of one circle: the two concerns that make one picture. */
function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M16 3a13 13 0 0 0 0 26z" fill="var(--pole-product)" />
      <path d="M16 3a13 13 0 0 1 0 26z" fill="var(--pole-eng)" />
      <circle cx="16" cy="16" r="4.5" fill="var(--surface)" />
    </svg>
  );
}
