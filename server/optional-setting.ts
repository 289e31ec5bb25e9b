// An environment setting that may be left out: surrounding spaces are trimmed and an empty value counts as unset, so
// `COACH_LLM_MODEL=` in an env file means the same as no COACH_LLM_MODEL at all.
import { z } from 'zod';

export const optionalSetting = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ? s : undefined));
