// Getting into a quest: creating one (the creator is its host), reading an invite, joining through it, and
// recognising a player by the bearer token they were given. Seats are taken afterwards, in the lobby.
import type { PlayerRow, QuestStore } from '../store/quest-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import { hashToken, isId, looksLikeInvite, looksLikeToken, newId, newInvite, newToken } from './identity.ts';
import type { LiveQuests } from './live-quests.ts';
import { scenarioSummary } from './lobby-view.ts';
import type { QuestLogger } from './quest-log.ts';
import type { Lobby, Outcome, Player, ScenarioSummary, ServiceError } from './quest-service.ts';
import { refuse } from './refusal.ts';
import type { ScenarioSource } from './scenario-source.ts';

/** Long enough for a full name, short enough for a seat label in the lobby. */
const NAME_MAX = 40;

type NewPlayer = { id: string; token: string; name: string };

export interface JoiningOptions {
  store: QuestStore;
  scenarios: ScenarioSource;
  live: LiveQuests;
  feed: ChangeFeed;
  now: () => number;
  /** Uniform in [0, 1): default seeds. */
  random: () => number;
  log: QuestLogger;
}

function cleanName(name: unknown): string | ServiceError {
  if (typeof name !== 'string') return { code: 'invalid', message: 'a name is text' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  const n = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (n.length === 0) return { code: 'invalid', message: 'a name must not be empty' };
  if (n.length > NAME_MAX) return { code: 'invalid', message: `a name has at most ${NAME_MAX} characters` };
  return n;
}

function toPlayer(p: PlayerRow): Player {
  return { id: p.id, questId: p.questId, name: p.name, seat: p.seat, host: p.host };
}

export class Joining {
  constructor(private readonly o: JoiningOptions) {}

  async createQuest(input: {
    scenarioId: string;
    hostName: string;
    seed?: number;
    personId?: string;
    place?: { orgId: string; teamId: string | null };
    generated?: { yaml: string };
  }): Promise<Outcome<{ questId: string; invite: string; player: NewPlayer }>> {
    const name = cleanName(input.hostName);
    if (typeof name !== 'string') return { ok: false as const, error: name };
    if (input.seed !== undefined && (!Number.isSafeInteger(input.seed) || input.seed < 0)) {
      return refuse('invalid', 'a seed is a whole number, 0 or more');
    }
    let sc = typeof input.scenarioId === 'string' ? this.o.scenarios.catalog.get(input.scenarioId) : undefined;
    if (input.generated) {
      // A generated scenario belongs to the place it was generated for; its source is stored before the quest.
      if (!input.place) return refuse('invalid', 'a generated scenario is played in the team it was generated for');
      const added = await this.o.scenarios.addGenerated({
        scenarioId: input.scenarioId,
        yaml: input.generated.yaml,
        orgId: input.place.orgId,
      });
      if (!added.ok) return refuse('invalid', added.message);
      sc = added.scenario;
    }
    if (!sc) return refuse('not_found', `there is no scenario '${String(input.scenarioId)}'`);
    const seed = input.seed ?? Math.floor(this.o.random() * 2 ** 31);
    // Without a checked place the quest is ad hoc in the demo organisation, as anonymous quests always are.
    const orgId = input.place?.orgId ?? (await this.o.store.demoOrganisation()).id;
    const now = new Date(this.o.now());
    const questId = newId();
    const player = { id: newId(), token: newToken(), name };
    const invite = newInvite();
    await this.o.store.createQuest(
      {
        id: questId,
        orgId,
        teamId: input.place?.teamId ?? null,
        scenarioId: sc.id,
        scenarioHash: sc.hash,
        seed,
        invite,
        hostPlayerId: player.id,
        createdAt: now,
      },
      {
        id: player.id,
        name,
        tokenHash: hashToken(player.token),
        seat: null,
        personId: input.personId ?? null,
        createdAt: now,
      },
    );
    this.o.log.info({ questId, scenarioId: sc.id }, 'quest created');
    return { ok: true as const, questId, invite, player };
  }

  async inviteInfo(invite: string): Promise<Outcome<{ questId: string; status: Lobby['status']; scenario: ScenarioSummary }>> {
    if (!looksLikeInvite(invite)) return refuse('not_found', 'no quest has that invite');
    const row = await this.o.store.questByInvite(invite);
    const q = row ? await this.o.live.load(row.id) : null;
    if (!q) return refuse('not_found', 'no quest has that invite');
    return { ok: true as const, questId: q.id, status: q.row.status, scenario: scenarioSummary(q.scenario) };
  }

  async join(invite: string, rawName: string, personId?: string): Promise<Outcome<{ questId: string; player: NewPlayer }>> {
    if (!looksLikeInvite(invite)) return refuse('not_found', 'no quest has that invite');
    const name = cleanName(rawName);
    if (typeof name !== 'string') return { ok: false as const, error: name };
    const row = await this.o.store.questByInvite(invite);
    const q = row ? await this.o.live.load(row.id) : null;
    if (!q) return refuse('not_found', 'no quest has that invite');
    return q.exclusive(async () => {
      const player = { id: newId(), token: newToken(), name };
      // Seats are fixed once the quest starts: whoever joins later watches.
      const seat = q.row.status === 'lobby' ? null : 'spectator';
      await this.o.store.addPlayer({
        id: player.id,
        questId: q.id,
        name,
        tokenHash: hashToken(player.token),
        seat,
        personId: personId ?? null,
        createdAt: new Date(this.o.now()),
      });
      await this.o.live.refresh(q);
      this.o.feed.lobbyChanged(q);
      return { ok: true as const, questId: q.id, player };
    });
  }

  async authenticate(questId: string, token: string): Promise<Player | null> {
    if (!isId(questId) || !looksLikeToken(token)) return null;
    const q = await this.o.live.load(questId);
    if (!q) return null;
    const hash = hashToken(token);
    let p = q.players.find((x) => x.tokenHash === hash);
    if (!p) {
      // Joined through another process since this one loaded the quest.
      const row = await this.o.store.playerByToken(questId, hash);
      if (!row) return null;
      await q.exclusive(() => this.o.live.refresh(q));
      p = q.player(row.id) ?? row;
    }
    return toPlayer(p);
  }

  async authenticatePerson(questId: string, personId: string): Promise<Player | null> {
    if (!isId(questId) || !isId(personId)) return null;
    const q = await this.o.live.load(questId);
    if (!q) return null;
    const pick = (rows: PlayerRow[]) => {
      const linked = rows.filter((x) => x.personId === personId);
      return linked.filter((x) => x.seat !== null).at(-1) ?? linked.at(-1);
    };
    let p = pick(q.players);
    if (!p) {
      // Joined through another process since this one loaded the quest.
      const rows = await this.o.store.players(questId);
      if (!rows.some((x) => x.personId === personId)) return null;
      await q.exclusive(() => this.o.live.refresh(q));
      p = pick(q.players) ?? pick(rows);
    }
    return p ? toPlayer(p) : null;
  }
}
