// A step that cannot be undone (withdrawing, deleting coaching) is asked for twice: the first button only opens the
// second, which takes focus and is described by the warning, so a stray click or key press never deletes anything.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { reasonOf } from '../accounts/use-load.ts';
import { ActionError } from './ActionError.tsx';

export interface ConfirmTwiceProps {
  /** The first button, which only asks, e.g. "Withdraw…". */
  askLabel: string;
  askClassName: string;
  /** The second button, which does it, and what it says while the server works. */
  confirmLabel: string;
  pendingLabel: string;
  cancelLabel: string;
  /** What will be lost, shown next to the second button; leave it out when `describedBy` already says it on the page. */
  warning?: ReactNode;
  describedBy?: string;
  /** Said (in a live region) once it is done. */
  doneMessage: string;
  /** Does it; a throw shows the server's reason and leaves the second button up to try again. */
  act(): Promise<void>;
  onDone(): void;
}

export function ConfirmTwice(props: ConfirmTwiceProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const warningId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.act();
      setConfirming(false);
      setDone(true);
      props.onDone();
    } catch (e) {
      setError(reasonOf(e));
    } finally {
      setBusy(false);
    }
  };
  const buttons = (
    <div className="row">
      <button
        type="button"
        className="btn btn-danger"
        ref={confirmRef}
        onClick={confirm}
        disabled={busy}
        aria-describedby={props.warning ? warningId : props.describedBy}
      >
        {busy ? props.pendingLabel : props.confirmLabel}
      </button>
      <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} disabled={busy}>
        {props.cancelLabel}
      </button>
    </div>
  );
  return (
    <>
      {!confirming ? (
        <button
          type="button"
          className={props.askClassName}
          disabled={busy}
          onClick={() => {
            setDone(false);
            setConfirming(true);
          }}
        >
          {props.askLabel}
        </button>
      ) : props.warning ? (
        <div className="confirm-box">
          <div id={warningId}>{props.warning}</div>
          {buttons}
        </div>
      ) : (
        buttons
      )}
      <ActionError message={error} />
      <p className="done-note" role="status">
        {done ? props.doneMessage : ''}
      </p>
    </>
  );
}
