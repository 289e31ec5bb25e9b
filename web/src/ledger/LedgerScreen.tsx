// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function LedgerScreen(_: { teamId: string; section: string }) {
  return (
    <div className="page">
      <h1>Trade-off ledger</h1>
    </div>
  );
}
