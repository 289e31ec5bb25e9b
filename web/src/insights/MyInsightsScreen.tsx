// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function MyInsightsScreen() {
  return (
    <div className="page">
      <h1>Your insights</h1>
    </div>
  );
}
