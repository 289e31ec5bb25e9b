// The quest engine's public surface. Pure: no I/O, no clock, no Math.random. Time arrives in commands,
// randomness lives in the state.

export {
  type BotContext,
  type BotMove,
  botRng,
  isPersona,
  nextMove,
  PERSONA_IDS,
  PERSONAS,
  type PersonaId,
  positionOf,
} from './bots/personas.ts';
export { type BotCommand, type BotMemory, initialBotMemory } from './bots/turn.ts';
export * from './commands.ts';
export { type DecideContext, decide, initialState, nextDeadline, QuestSetupError } from './decide.ts';
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
export {
  choicePath,
  SIMULATION_EPOCH,
  SimulationError,
  type SimulationInput,
  type SimulationResult,
  seatsFor,
  simulate,
} from './simulation.ts';
export { canonicalJson, hashJson } from './state-hash.ts';
export {
  type CardView,
  type ChoiceView,
  canSee,
  choiceLabel,
  eventFor,
  type QuestView,
  type RedactedShare,
  type SeatEvent,
  type SeatRef,
  type SeenRisk,
  viewChanges,
  viewFor,
} from './views.ts';
