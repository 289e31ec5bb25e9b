// How a service method says no. One constructor so every refusal has the same shape: the code the transports map
// to a status, and a message written for the person who asked.
import type { ServiceError } from './quest-service.ts';

export const refuse = (code: ServiceError['code'], message: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code, message },
});
