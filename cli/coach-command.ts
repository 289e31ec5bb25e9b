// `polarity coach rotate-keys`: re-seals every coaching record with the current COACH_ENCRYPTION_KEY. It opens the
// store the way the server does (the same environment: DATABASE_URL or POLARITY_DATA_DIR, COACH_ENCRYPTION_KEY and
// COACH_ENCRYPTION_PREVIOUS_KEYS), so the keys it can read with are exactly the server's. Records it cannot open (a
// key that is not configured any more) are left as they are and counted; the exit code is then 1.
import type { Command, Io } from './cli.ts';
import { parseFlags, UsageError } from './usage.ts';

const HELP = `Usage: polarity coach rotate-keys [--server-stopped]

Re-seals every coaching record (debriefs, their signals, questions asked) with the current key.

To rotate: set the new key as COACH_ENCRYPTION_KEY and the old one in COACH_ENCRYPTION_PREVIOUS_KEYS
(comma-separated), run this command (or just restart the server: it rotates at start whenever older keys are
configured), check it reports 0 unreadable, then remove the old key from COACH_ENCRYPTION_PREVIOUS_KEYS.
With embedded PGlite (no DATABASE_URL) only one process may open the data directory: stop the server and pass
--server-stopped (or simply restart the server with the keys set, which re-seals at start).

Reads the same environment as the server: DATABASE_URL or POLARITY_DATA_DIR, COACH_ENCRYPTION_KEY,
COACH_ENCRYPTION_PREVIOUS_KEYS.`;

async function rotateKeys(io: Io, serverStopped: boolean): Promise<number> {
  // Loaded here so the scenario commands never load database drivers.
  const { ConfigError, readConfig } = await import('../server/config.ts');
  const { CoachConfigError, readCoachConfig } = await import('../server/coach/coach-config.ts');
  const { createCoach } = await import('../server/coach/coach.ts');
  const { openStore } = await import('../server/store/open-store.ts');
  const refuse = (message: string) => {
    io.err(`polarity coach rotate-keys: ${message}`);
    return 2;
  };
  let config: ReturnType<typeof readConfig>;
  let coachConfig: ReturnType<typeof readCoachConfig>;
  try {
    config = readConfig();
    if (!config.databaseUrl && !serverStopped) {
      // Two processes writing one PGlite directory can corrupt it, and nothing here can tell whether a server has it
      // open; checked before anything (even a key file) is touched.
      return refuse(
        `the data is in embedded PGlite (${config.dataDir}), which only one process may open. Stop the server and run ` +
          'this again with --server-stopped, or restart the server with the keys set: it re-seals at start.',
      );
    }
    coachConfig = readCoachConfig(process.env, { dataDir: config.dataDir, embedded: !config.databaseUrl });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof CoachConfigError) return refuse(e.message);
    throw e;
  }
  const opened = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    const warnings = new Map<string, number>();
    const coach = createCoach({
      db: opened.store.db as never,
      config: coachConfig,
      logger: {
        info: () => undefined,
        warn: (obj, msg) => {
          const keyId = (obj as { keyId?: string }).keyId;
          const line = keyId ? `${msg} (sealed with key ${keyId})` : msg;
          warnings.set(line, (warnings.get(line) ?? 0) + 1);
        },
      },
    });
    const { resealed, unreadable } = await coach.rotateKeys();
    io.out(`data: ${opened.location}`);
    io.out(`current key: ${coachConfig.keyring.current.id}; readable keys: ${coachConfig.keyring.keyIds.join(', ')}`);
    io.out(`re-sealed ${resealed} coaching record${resealed === 1 ? '' : 's'} with the current key`);
    if (unreadable > 0) {
      for (const [line, n] of warnings) io.err(`${n} × ${line}`);
      io.err(
        `${unreadable} record${unreadable === 1 ? '' : 's'} could not be opened and ${unreadable === 1 ? 'was' : 'were'} left as ` +
          'they are: add the key that sealed them to COACH_ENCRYPTION_PREVIOUS_KEYS and run this again',
      );
      return 1;
    }
    io.out('nothing is sealed with an older key now: the old keys can be removed from COACH_ENCRYPTION_PREVIOUS_KEYS');
    return 0;
  } finally {
    await opened.close();
  }
}

export const coachCommand: Command = {
  summary: "look after the private coach's data (rotate-keys: re-seal with the current key)",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { 'server-stopped': { type: 'boolean' } }, true);
    const [action, ...extra] = positionals;
    if (action === undefined) throw new UsageError('name what to do: rotate-keys');
    if (action !== 'rotate-keys') throw new UsageError(`unknown coach action '${action}' (actions: rotate-keys)`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    return rotateKeys(io, values['server-stopped'] === true);
  },
};
