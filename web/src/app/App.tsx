// The application shell: a skip link, the brand bar, and the screen for the current address.
import { useEffect } from 'react';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { JoinScreen } from '../screens/JoinScreen.tsx';
import { QuestRoute } from '../screens/QuestRoute.tsx';
import { Link, useRoute } from './router.tsx';

export function App() {
  const route = useRoute();
  useEffect(() => {
    if (route.name === 'home') document.title = 'Polarity: practise shipping fast and building well';
    if (route.name === 'missing') document.title = 'Page not found · Polarity';
  }, [route]);
  return (
    <>
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
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.name === 'home' && <HomeScreen />}
        {route.name === 'join' && <JoinScreen key={route.invite} invite={route.invite} />}
        {route.name === 'quest' && <QuestRoute key={route.questId} questId={route.questId} />}
        {route.name === 'missing' && (
          <div className="page narrow">
            <h1>There is nothing at this address</h1>
            <p>
              The link may be incomplete. <Link href="/">Go to the scenario gallery</Link>.
            </p>
          </div>
        )}
      </main>
    </>
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
