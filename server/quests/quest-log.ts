// What quest play writes to the server log. The shape is pino's, so the process passes its logger straight in;
// tests pass none and get silence.
export interface QuestLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const quietLogger: QuestLogger = { debug() {}, info() {}, warn() {}, error() {} };
