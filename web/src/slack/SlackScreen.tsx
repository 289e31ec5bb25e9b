// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function SlackScreen(_: { orgId: string }) {
  return (
    <div className="page">
      <h1>Slack</h1>
    </div>
  );
}
