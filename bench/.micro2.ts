import { loadCatalog } from '../scenarios/catalog.ts';
import { viewFor, evolve, decide } from '../engine/index.ts';
import { playTeamSession } from './workloads/team-session.ts';
const sc = loadCatalog('/work/main/scenarios').get('ship-by-friday')!;
const t = playTeamSession(sc, 3);
const s = t.states[Math.floor(t.log.length / 2)]!;
const say = { type: 'say', text: 'hello there', at: s.clock + 1000 };
const e = (decide(s, say, { scenario: sc, actor: { role: 'pm' } }) as any).events[0];
let x = 0;
for (let i = 0; i < 300000; i++) { x += viewFor(s, { role: 'pm' }, sc).version; x += evolve(s, e).version; }
console.log(x);
