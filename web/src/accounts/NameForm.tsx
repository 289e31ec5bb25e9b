// A card that names something new (an organisation, a team): one labelled field and a button, a clear message for
// an empty name or a refusal, and the button held while the request is out.
import { type FormEvent, useId, useState } from 'react';
import { ActionError } from '../ui/ActionError.tsx';
import { reasonOf } from './use-load.ts';

export interface NameFormProps {
  title: string;
  /** The card's heading level where it stands on the page. */
  level: 2 | 3;
  label: string;
  /** Said when the field is empty, e.g. 'Enter the team’s name.' */
  missing: string;
  action: string;
  busyAction: string;
  help?: string;
  /** Creates the thing; a rejection's reason is shown under the field and the name stays for another try. */
  create(name: string): Promise<unknown>;
}

export function NameForm({ title, level, label, missing, action, busyAction, help, create }: NameFormProps) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const nameId = useId();
  const helpId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(missing);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await create(name.trim());
      setName('');
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card account-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <Heading id={titleId} className="card-title">
        {title}
      </Heading>
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
      <label htmlFor={nameId} className="field-label">
        {label}
      </label>
      <div className="row">
        <input
          id={nameId}
          className="input grow"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          aria-describedby={help ? helpId : undefined}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? busyAction : action}
        </button>
      </div>
      <ActionError message={error} />
    </form>
  );
}
