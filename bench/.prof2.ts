import { loadCatalog } from '../scenarios/catalog.ts';
import { decide, evolve, viewFor } from '../engine/index.ts';
import { playTeamSession } from './workloads/team-session.ts';
const sc = loadCatalog('/work/main/scenarios').get('ship-by-friday')!;
const sessions = Array.from({ length: 20 }, (_, i) => playTeamSession(sc, i + 1));
const seats: any[] = [...sc.def.roles.map((r) => ({ role: r.id })), { spectator: true }, { facilitator: true }];
let x = 0;
for (let round = 0; round < 150; round++) {
  for (const t of sessions) {
    const from = Math.floor(t.log.length * 0.2), to = Math.floor(t.log.length * 0.9);
    let s = t.states[from]!;
    for (let i = from; i < to; i++) {
      const { actor, command } = t.log[i]!;
      const r = decide(s, command, { scenario: sc, actor });
      if (r.ok) for (const e of r.events) s = evolve(s, e);
      for (const seat of seats) x += viewFor(s, seat, sc).version;
      x += JSON.stringify(s).length;
    }
  }
}
console.log(x);
