// A team's trade-off ledger: one page per part of the framework, picked by the path after /ledger. The team (its
// name and members) is loaded once here, because bearers, owners and signatures are chosen from its members.
import { useCallback, useEffect } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { useLoad } from '../accounts/use-load.ts';
import type { SignedInPerson, Team } from '../api/accounts.ts';
import { ledgerApi } from '../api/ledger.ts';
import { Link, ledgerPath } from '../app/router.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { CommitmentsSection } from './CommitmentsSection.tsx';
import { ImportSection } from './ImportSection.tsx';
import { PracticeSection } from './PracticeSection.tsx';
import { RankingSection } from './RankingSection.tsx';
import { SprintsSection } from './SprintsSection.tsx';
import { TradeOffsSection } from './TradeOffsSection.tsx';
import { TrustSection } from './TrustSection.tsx';
import './ledger.css';

const SECTIONS = [
  { id: 'ranking', label: 'Ranking' },
  { id: 'trade-offs', label: 'Trade-offs' },
  { id: 'commitments', label: 'Commitments' },
  { id: 'sprints', label: 'Sprints' },
  { id: 'trust', label: 'Trust timeline' },
  { id: 'import', label: 'Import' },
  { id: 'practice', label: 'Practise' },
] as const;

export interface SectionProps {
  teamId: string;
  team: Team;
  me: SignedInPerson;
  /** The rest of the path after the section, e.g. a trade-off's id. */
  rest: string;
}

export function LedgerScreen({ teamId, section }: { teamId: string; section: string }) {
  return <SignedInOnly>{(me) => <Ledger teamId={teamId} section={section} me={me} />}</SignedInOnly>;
}

function Ledger({ teamId, section, me }: { teamId: string; section: string; me: SignedInPerson }) {
  const team = useLoad(useCallback(() => ledgerApi.team(teamId), [teamId]));
  const [head = '', ...restParts] = section.split('/');
  const current = SECTIONS.find((s) => s.id === head) ?? SECTIONS[0];
  const name = team.data?.name;
  useEffect(() => {
    document.title = `${current.label} · ${name ? `${name} ledger` : 'Ledger'} · Polarity`;
  }, [current.label, name]);

  if (team.error) {
    return (
      <div className="page narrow">
        <ErrorState
          title="This team's ledger could not be opened"
          message={team.error.message}
          onRetry={team.error.status === 404 || team.error.status === 403 ? undefined : team.reload}
        >
          <Link href="/orgs" className="btn btn-secondary">
            My organisations
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!team.data) return <Loading label="Opening the ledger…" />;
  const props: SectionProps = { teamId, team: team.data, me, rest: restParts.join('/') };
  return (
    <div className="page page-wide ledger">
      <div className="page-head">
        <p className="eyebrow">Trade-off ledger · {team.data.name}</p>
        <h1>{current.label}</h1>
      </div>
      <nav className="ledger-tabs" aria-label="Ledger sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <Link href={ledgerPath(teamId, s.id)} aria-current={s.id === current.id ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current.id === 'ranking' && <RankingSection {...props} />}
      {current.id === 'trade-offs' && <TradeOffsSection {...props} />}
      {current.id === 'commitments' && <CommitmentsSection {...props} />}
      {current.id === 'sprints' && <SprintsSection {...props} />}
      {current.id === 'trust' && <TrustSection {...props} />}
      {current.id === 'import' && <ImportSection {...props} />}
      {current.id === 'practice' && <PracticeSection {...props} />}
    </div>
  );
}
