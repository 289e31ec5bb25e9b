// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function OrgInsightsScreen(_: { orgId: string }) {
  return (
    <div className="page">
      <h1>Organisation insights</h1>
    </div>
  );
}
