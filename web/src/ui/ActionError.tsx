// The reason a control's last action was refused, announced when it appears.
export function ActionError({ message, id }: { message: string | null; id?: string }) {
  return (
    <p className="action-error" role="alert" id={id} hidden={!message}>
      {message}
    </p>
  );
}
