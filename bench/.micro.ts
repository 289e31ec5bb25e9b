import { loadCatalog } from '../scenarios/catalog.ts';
import { decide, evolve, viewFor, playerCommandSchema } from '../engine/index.ts';
import { playTeamSession } from './workloads/team-session.ts';
const sc = loadCatalog().get('ship-by-friday')!;
const t = playTeamSession(sc, 3);
const mid = Math.floor(t.log.length / 2);
const s = t.states[mid]!;
const say = { type: 'say', text: 'hello there', at: s.clock + 1000 };
const r = decide(s, say, { scenario: sc, actor: { role: 'pm' } });
const e = (r as any).events[0];
const seats: any[] = [{ role: 'pm' }, { role: 'eng' }, { role: 'cs' }, { role: 'design' }, { spectator: true }, { facilitator: true }];
function bench(name: string, f: () => unknown, n = 200000) {
  for (let i = 0; i < n / 10; i++) f();
  let best = Infinity;
  for (let k = 0; k < 7; k++) { const t0 = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const d = process.cpuUsage(t0); best = Math.min(best, (d.user + d.system) / n); }
  console.log(name.padEnd(30), best.toFixed(3), 'µs');
}
console.log('state bytes', JSON.stringify(s).length, 'scene', s.scene?.id, s.scene?.phase, 'proposals', s.proposals.length, 'history', s.history.length);
bench('JSON.stringify(state)', () => JSON.stringify(s), 50000);
bench('decide(say)', () => decide(s, say, { scenario: sc, actor: { role: 'pm' } }), 50000);
bench('zod parse say', () => playerCommandSchema.safeParse(say), 50000);
bench('evolve(message_sent)', () => evolve(s, e));
bench('spread state', () => ({ ...s, version: 1 }));
bench('viewFor pm', () => viewFor(s, seats[0], sc), 50000);
bench('viewFor spectator', () => viewFor(s, seats[4], sc), 50000);
