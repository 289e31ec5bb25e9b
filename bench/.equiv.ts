import assert from 'node:assert/strict';
import { loadCatalog } from '../scenarios/catalog.ts';
import { viewFor, compileScenario } from '../engine/index.ts';
import { viewFor as oldViewFor } from './.old-views.ts';
import { playTeamSession } from './workloads/team-session.ts';
const cat = loadCatalog();
let n = 0;
for (const sc0 of cat.values()) {
  for (const open of [false, true]) {
    const def = structuredClone(sc0.def); def.facilitator_sees_private = open;
    const r = compileScenario(sc0.id, def); if (!r.ok) throw new Error('x');
    const sc = r.scenario;
    const seats: any[] = [...sc.def.roles.map((x) => ({ role: x.id })), { spectator: true }, { facilitator: true }, { role: 'ghost' }];
    for (let seed = 1; seed <= 8; seed++) {
      const t = playTeamSession(sc, seed);
      for (const s of t.states) for (const seat of seats) for (const hints of [false, true]) {
        const a = JSON.stringify(viewFor(s, seat, sc, { hints }));
        const b = JSON.stringify(oldViewFor(s, seat, sc, { hints }));
        assert.equal(a, b); n++;
        // and again from a JSON snapshot (fresh slices, no cache hits)
        if (n % 7 === 0) { const snap = JSON.parse(JSON.stringify(s)); assert.equal(JSON.stringify(viewFor(snap, seat, sc, { hints })), JSON.stringify(oldViewFor(snap, seat, sc, { hints }))); }
      }
    }
  }
}
console.log('equal views:', n, 'scenarios', [...cat.keys()].join(','));
