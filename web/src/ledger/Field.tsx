// A labelled box as every ledger form lays it out: the label above, tied to its control by id so screen readers
// announce it and a click on the label focuses the control.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type Labelled = { id: string; label: ReactNode };

/** A text, date or number box; `className` replaces the default `input` (e.g. "input ledger-short"). */
export function InputField({ id, label, className = 'input', ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input id={id} className={className} {...input} />
    </div>
  );
}

/** A choice among `children` (the options). */
export function SelectField({ id, label, children, ...select }: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="select" {...select}>
        {children}
      </select>
    </div>
  );
}
