// Placeholder until its issue's screen lands; replaced by the owner of this folder.
export function CoachScreen() {
  return (
    <div className="page">
      <h1>Your coach</h1>
    </div>
  );
}
