// The header's way into the private coach, with how many debriefs are waiting unread; when a new one arrives while
// the page is open, a polite announcement says so once (screen readers hear it, nobody is interrupted).
import { coachPath, Link } from '../app/router.tsx';
import './coach.css';
import { useUnreadDebriefs } from './unread-debriefs.ts';

export function CoachLink() {
  const { unread, arrived } = useUnreadDebriefs(true);
  const count = unread?.length ?? 0;
  const newest = arrived[0];
  return (
    <>
      <Link href={coachPath} className="account-link coach-link">
        Coach
        {count > 0 && (
          <span className="coach-count">
            <span aria-hidden="true">{count}</span>
            <span className="visually-hidden">{count === 1 ? ', 1 unread debrief' : `, ${count} unread debriefs`}</span>
          </span>
        )}
      </Link>
      <p className="visually-hidden" role="status" aria-live="polite">
        {newest ? `Your private debrief from ${newest.scenarioTitle} is ready.` : ''}
      </p>
    </>
  );
}
