// The private coach, for the signed-in person only: their inbox of debriefs (one open at a time, marked read when
// opened), asking the coach about a real situation, what they asked before, and deleting all of it. The address
// carries what is open: ?debrief=<id> for one debrief, ?quest=<id> for "the debrief of the quest I just played"
// (written a moment after the quest ends, so it is waited for), ?ask=<text> to start a question.
import { useCallback, useEffect, useState } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { type Loaded, useLoad } from '../accounts/use-load.ts';
import { accountsApi } from '../api/accounts.ts';
import { coachApi, type DebriefSummary } from '../api/coach.ts';
import { coachPath, Link, navigate } from '../app/router.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { AskCoach } from './AskCoach.tsx';
import { CoachHistory } from './CoachHistory.tsx';
import { DebriefView } from './DebriefView.tsx';
import { DeleteCoaching } from './DeleteCoaching.tsx';
import './coach.css';
import { formatDay } from './coach-words.ts';
import { noteDebriefs } from './unread-debriefs.ts';

export function CoachScreen() {
  useEffect(() => {
    document.title = 'Your coach · Polarity';
  }, []);
  const params = new URLSearchParams(location.search);
  const debriefId = params.get('debrief');
  const questId = params.get('quest');
  return (
    <SignedInOnly>
      {() => (
        <div className="page narrow coach">
          <div className="page-head">
            <p className="eyebrow">Private to you</p>
            <h1>Your coach</h1>
            <p className="lede">
              Only you can see this page: not your team, not your lead, not an admin. Nothing here is ever used to judge your
              work.
            </p>
          </div>
          {debriefId ? (
            <DebriefView key={debriefId} debriefId={debriefId} />
          ) : questId ? (
            <QuestDebrief key={questId} questId={questId} />
          ) : (
            <CoachHome initialQuestion={params.get('ask') ?? ''} />
          )}
        </div>
      )}
    </SignedInOnly>
  );
}

function CoachHome({ initialQuestion }: { initialQuestion: string }) {
  const list = useLoad(useCallback(() => coachApi.debriefs(), []));
  const history = useLoad(useCallback(() => coachApi.history(), []));
  // The list is the source of the header's count too: keep them in step without asking twice.
  useEffect(() => {
    if (list.data) noteDebriefs(list.data);
  }, [list.data]);
  return (
    <>
      <section className="card coach-section" aria-labelledby="inbox-title">
        <h2 id="inbox-title" className="card-title">
          Your debriefs
        </h2>
        <Inbox list={list} />
      </section>
      <AskCoach initialQuestion={initialQuestion} onAnswered={history.reload} />
      <CoachHistory history={history} />
      <DeleteCoaching
        onDeleted={() => {
          list.reload();
          history.reload();
        }}
      />
    </>
  );
}

function Inbox({ list }: { list: Loaded<DebriefSummary[]> }) {
  if (list.error)
    return <ErrorState title="Your debriefs could not be loaded" message={list.error.message} onRetry={list.reload} />;
  if (!list.data) return <Loading label="Loading your debriefs…" />;
  if (list.data.length === 0) {
    return (
      <Empty>
        After each quest you play signed in, a private debrief about your own moves arrives here: what worked, one thing worth a
        second look, and one thing to practise.
      </Empty>
    );
  }
  const unread = list.data.filter((d) => d.unread).length;
  return (
    <>
      <p className="muted">
        {list.data.length === 1 ? 'One debrief' : `${list.data.length} debriefs`}
        {unread > 0 ? `, ${unread} not opened yet.` : ', all opened.'}
      </p>
      <ul className="coach-inbox">
        {list.data.map((d) => (
          <li key={d.id} className={d.unread ? 'coach-inbox-item coach-unread' : 'coach-inbox-item'}>
            <Link href={`${coachPath}?debrief=${encodeURIComponent(d.id)}`} className="coach-inbox-link">
              <span className="coach-inbox-title">
                {d.unread && <span className="tag coach-new">New</span>} {d.scenarioTitle}
                <span className="visually-hidden">{d.unread ? ' (not opened yet)' : ''}</span>
              </span>
              <span className="coach-inbox-meta">
                As {d.roleName} · {formatDay(d.createdAt)}
              </span>
              <span className="coach-inbox-headline">{d.headline}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

const WAIT_MS = 3_000;
const WAIT_TRIES = 40;

/** The debrief of one quest: opened as soon as it has been written, which takes a moment after the quest ends. */
function QuestDebrief({ questId }: { questId: string }) {
  const [attempt, setAttempt] = useState(0);
  return <QuestDebriefWait key={attempt} questId={questId} onRetry={() => setAttempt((a) => a + 1)} />;
}

function QuestDebriefWait({ questId, onRetry }: { questId: string; onRetry(): void }) {
  const [state, setState] = useState<'waiting' | 'none' | { error: string }>('waiting');
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async (tries: number) => {
      try {
        const found = (await coachApi.debriefs()).find((d) => d.questId === questId);
        if (stopped) return;
        if (found) {
          navigate(`${coachPath}?debrief=${encodeURIComponent(found.id)}`, { replace: true });
          return;
        }
        // Someone who does not take part gets no debrief: say so now rather than after a minute of waiting.
        const takingPart = tries > 1 || (await accountsApi.consent()).status === 'taking_part';
        if (stopped) return;
        if (!takingPart || tries >= WAIT_TRIES) setState('none');
        else timer = setTimeout(() => void look(tries + 1), WAIT_MS);
      } catch (e) {
        if (!stopped) setState({ error: e instanceof Error ? e.message : String(e) });
      }
    };
    setState('waiting');
    void look(1);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [questId]);
  if (state === 'waiting') return <Loading label="Your coach is writing your debrief for this quest…" />;
  if (typeof state === 'object') {
    return <ErrorState title="Your debriefs could not be loaded" message={state.error} onRetry={onRetry} />;
  }
  return (
    <section className="card coach-section" aria-labelledby="no-debrief-title">
      <h2 id="no-debrief-title" className="card-title">
        No private debrief for this quest
      </h2>
      <p>
        Debriefs are written for players who were signed in when they joined and who have chosen to take part (see{' '}
        <Link href="/me">My data</Link>). A seat covered by a bot gets none.
      </p>
      <p>
        <Link href={coachPath}>See all your debriefs and ask the coach</Link>
      </p>
    </section>
  );
}
