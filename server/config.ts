// The server's settings, read once from the environment. Every value has a default that works on a fresh clone,
// so `npm start` needs no configuration; a bad value stops the start with a message naming the variable.
import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const envSchema = z.object({
  PORT: port.default(3000),
  // localhost binds both 127.0.0.1 and ::1; HOST=0.0.0.0 lets teammates on the network join.
  HOST: z.string().trim().min(1, 'must not be empty').default('localhost'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  POLARITY_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  // Another folder of scenario YAML files instead of the built-in scenarios/ (every process must use the same ones).
  POLARITY_SCENARIOS_DIR: z.string().trim().min(1, 'must not be empty').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRACE_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .max(3600, 'must be at most 3600')
    .default(45),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // How long bots think between turns, "min-max" in ms; quick bots make demos and crash tests move faster.
  // Several processes: Socket.IO rooms and quest announcements through this Redis (docs/DEPLOY.md).
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().trim().max(100, 'must be at most 100 characters').default('polarity:'),
  // When set, /metrics needs it as a Bearer token; when not, /metrics answers only requests from this machine.
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  POLARITY_BOT_THINK_MS: z
    .string()
    .regex(/^\d{1,7}-\d{1,7}$/, 'must be min-max in milliseconds, like 4000-20000')
    .transform((s) => s.split('-').map(Number) as [number, number])
    .refine(([min, max]) => min <= max, 'min must not exceed max')
    .transform(([min, max]) => ({ min, max }))
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  /** A real PostgreSQL server; when absent the embedded PGlite under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
  graceSeconds: number;
  nodeEnv: z.output<typeof envSchema>['NODE_ENV'];
  /** Bot think time; undefined keeps the quest service's default. */
  botThinkMs: { min: number; max: number } | undefined;
  /** Redis for several processes; absent, Socket.IO rooms stay in this process. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  /** Scenario YAML folder; undefined means the built-in scenarios/. */
  scenariosDir: string | undefined;
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === undefined ? undefined : env[k]]));
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(picked[String(i.path[0])])})`,
    );
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = r.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(cwd, e.POLARITY_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    graceSeconds: e.GRACE_SECONDS,
    nodeEnv: e.NODE_ENV,
    botThinkMs: e.POLARITY_BOT_THINK_MS,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    scenariosDir: e.POLARITY_SCENARIOS_DIR === undefined ? undefined : resolve(cwd, e.POLARITY_SCENARIOS_DIR),
    metricsToken: e.METRICS_TOKEN,
  };
}
