// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function TeamInsightsScreen(_: { teamId: string }) {
  return (
    <div className="page">
      <h1>Team insights</h1>
    </div>
  );
}
