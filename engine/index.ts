// The quest engine's public surface. Pure: no I/O, no clock, no Math.random. Time arrives in commands,
// randomness lives in the state.
export * from './commands.ts';
export { decide, type DecideContext, initialState, nextDeadline, QuestSetupError } from './decide.ts';
export * from './events.ts';
export { evolve } from './evolve.ts';
export * from './quest-state.ts';
export { replay } from './replay.ts';
export {
  type CompiledScenario,
  compileScenario,
  formatPath,
  renderTemplate,
  type ScenarioProblem,
  scenarioJsonSchema,
} from './scenario.ts';
export * from './scenario-schema.ts';
export { canonicalJson, hashJson } from './state-hash.ts';
export { canSee, type CardView, type ChoiceView, choiceLabel, eventFor, type QuestView, type RedactedShare, type SeatRef, viewFor } from './views.ts';
