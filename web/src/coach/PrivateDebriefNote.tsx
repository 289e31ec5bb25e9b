// On the quest's shared debrief: a pointer to the player's own private one, for a signed-in player. It names no
// content; the coach page waits for the debrief if it is still being written.
import { useAccountSession } from '../accounts/account-session.tsx';
import { coachPath, Link } from '../app/router.tsx';

export function PrivateDebriefNote({ questId }: { questId: string }) {
  const { state } = useAccountSession();
  if (state.status !== 'ready' || !state.session.person || !questId) return null;
  return (
    <p className="coach-private-note">
      <strong>Your private debrief:</strong> the coach writes one about your own moves, for you alone.{' '}
      <Link href={`${coachPath}?quest=${encodeURIComponent(questId)}`}>Read your private debrief</Link>
    </p>
  );
}
