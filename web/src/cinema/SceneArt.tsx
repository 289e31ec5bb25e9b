// The stage drawings: five scenes composed from a few shared parts (a wall, a floor, desks, screens, people), drawn
// as SVG in code so the app ships no image files. Purely decorative: the scene's words are on the page as text.
// Moving parts carry the class "anim"; styles stop them under prefers-reduced-motion.
import type { ReactNode } from 'react';
import type { SceneArt as Art } from '../../../engine/scenario-schema.ts';

const PALETTE: Record<Art, { wall: [string, string]; floor: string; glow: string }> = {
  war_room: { wall: ['#2b3645', '#415066'], floor: '#1f2731', glow: '#f2c46d' },
  release_train: { wall: ['#243b55', '#4a6d8c'], floor: '#1c2733', glow: '#8fd0ff' },
  server_fire: { wall: ['#2a1a1a', '#5a2a1f'], floor: '#1a1212', glow: '#ff7a3d' },
  customer_call: { wall: ['#2e3a3a', '#4f6a63'], floor: '#202a28', glow: '#a6e3c5' },
  dashboard: { wall: ['#1f2a3a', '#2f4660'], floor: '#18202b', glow: '#7fd6a8' },
};

function Backdrop({ art, children }: { art: Art; children: ReactNode }) {
  const p = PALETTE[art];
  const id = `wall-${art}`;
  return (
    <svg
      className={`scene-art scene-art-${art}`}
      viewBox="0 0 640 200"
      preserveAspectRatio="xMidYMid slice"
      aria-hidden="true"
      focusable="false"
    >
      <defs>
        <linearGradient id={id} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor={p.wall[0]} />
          <stop offset="1" stopColor={p.wall[1]} />
        </linearGradient>
        <radialGradient id={`${id}-glow`} cx="0.5" cy="0.4" r="0.6">
          <stop offset="0" stopColor={p.glow} stopOpacity="0.25" />
          <stop offset="1" stopColor={p.glow} stopOpacity="0" />
        </radialGradient>
      </defs>
      <rect width="640" height="200" fill={`url(#${id})`} />
      <rect width="640" height="200" fill={`url(#${id}-glow)`} />
      <rect y="160" width="640" height="40" fill={p.floor} />
      {children}
    </svg>
  );
}

function Person({ x, y = 160, scale = 1, tone = '#11161d' }: { x: number; y?: number; scale?: number; tone?: string }) {
  return (
    <g transform={`translate(${x} ${y}) scale(${scale})`} fill={tone}>
      <circle cx="0" cy="-52" r="10" />
      <path d="M-16 0 Q-18 -34 0 -38 Q18 -34 16 0 Z" />
    </g>
  );
}

function Desk({ x, w }: { x: number; w: number }) {
  return (
    <g fill="#0f141a">
      <rect x={x} y="128" width={w} height="8" rx="2" />
      <rect x={x + 6} y="136" width="5" height="24" />
      <rect x={x + w - 11} y="136" width="5" height="24" />
    </g>
  );
}

function Screen({ x, y, w, h, children }: { x: number; y: number; w: number; h: number; children?: ReactNode }) {
  return (
    <g transform={`translate(${x} ${y})`}>
      <rect width={w} height={h} rx="3" fill="#0b1016" stroke="#3b4a5c" strokeWidth="2" />
      {children}
    </g>
  );
}

function Chart({ w, h, colour, falling = false }: { w: number; h: number; colour: string; falling?: boolean }) {
  const pts = falling ? [0.3, 0.35, 0.3, 0.45, 0.55, 0.5, 0.75, 0.85] : [0.8, 0.7, 0.72, 0.55, 0.5, 0.42, 0.3, 0.25];
  const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${8 + (i * (w - 16)) / (pts.length - 1)} ${8 + p * (h - 16)}`).join(' ');
  return <path className="anim anim-draw" d={d} fill="none" stroke={colour} strokeWidth="2.5" strokeLinecap="round" />;
}

function WarRoom() {
  return (
    <Backdrop art="war_room">
      <Screen x={220} y={28} w={200} h={80}>
        <rect x="14" y="14" width="60" height="8" rx="2" fill="#f2c46d" opacity="0.8" />
        <rect x="14" y="30" width="120" height="6" rx="2" fill="#c9d3df" opacity="0.5" />
        <rect x="14" y="42" width="100" height="6" rx="2" fill="#c9d3df" opacity="0.5" />
        <rect x="14" y="54" width="140" height="6" rx="2" fill="#c9d3df" opacity="0.5" />
      </Screen>
      {[90, 130, 500, 540].map((x) => (
        <g key={x} fill="#f2c46d" opacity="0.75">
          <rect x={x} y="44" width="26" height="22" rx="2" transform={`rotate(${(x % 7) - 3} ${x} 44)`} />
        </g>
      ))}
      <Desk x={150} w={340} />
      <Person x={190} />
      <Person x={270} scale={1.05} tone="#161c24" />
      <Person x={370} tone="#161c24" />
      <Person x={450} scale={0.95} />
      <circle className="anim anim-blink" cx="596" cy="30" r="4" fill="#f2c46d" />
    </Backdrop>
  );
}

function ReleaseTrain() {
  return (
    <Backdrop art="release_train">
      <g stroke="#8fd0ff" strokeOpacity="0.35">
        <line x1="0" y1="150" x2="640" y2="150" strokeWidth="3" />
        <line x1="0" y1="158" x2="640" y2="158" strokeWidth="3" />
      </g>
      <g className="anim anim-train">
        {[0, 1, 2, 3].map((i) => (
          <g key={i} transform={`translate(${60 + i * 130} 96)`}>
            <rect width="120" height="50" rx={i === 3 ? 18 : 6} fill={i === 3 ? '#d9e6f2' : '#9bb7cf'} />
            {[0, 1, 2].map((w) => (
              <rect key={w} x={12 + w * 34} y="10" width="24" height="16" rx="2" fill="#243b55" />
            ))}
            <circle cx="24" cy="52" r="7" fill="#101820" />
            <circle cx="96" cy="52" r="7" fill="#101820" />
            <text x="60" y="42" textAnchor="middle" fontSize="9" fill="#243b55" fontFamily="system-ui, sans-serif">
              {['v2.3', 'v2.4', 'hotfix', 'v2.5'][i]}
            </text>
          </g>
        ))}
      </g>
      <g transform="translate(580 40)">
        <rect x="-4" y="0" width="8" height="110" fill="#101820" />
        <rect x="-14" y="0" width="28" height="48" rx="4" fill="#101820" />
        <circle className="anim anim-blink" cx="0" cy="14" r="7" fill="#ff6b5b" />
        <circle cx="0" cy="34" r="7" fill="#3b4a5c" />
      </g>
    </Backdrop>
  );
}

function ServerFire() {
  return (
    <Backdrop art="server_fire">
      {[180, 280, 380].map((x, r) => (
        <g key={x} transform={`translate(${x} 70)`}>
          <rect width="80" height="90" rx="3" fill="#161616" stroke="#3a2a2a" strokeWidth="2" />
          {[0, 1, 2, 3, 4].map((u) => (
            <g key={u} transform={`translate(6 ${8 + u * 18})`}>
              <rect width="68" height="12" rx="1" fill="#242424" />
              <circle
                className={(u + r) % 3 === 0 ? 'anim anim-blink' : undefined}
                cx="60"
                cy="6"
                r="2.5"
                fill={(u + r) % 3 === 0 ? '#ff4d3d' : '#58d68d'}
              />
            </g>
          ))}
        </g>
      ))}
      <g className="anim anim-flicker" transform="translate(320 70) scale(0.8)">
        <path
          d="M-30 0 Q-40 -30 -14 -50 Q-18 -26 0 -30 Q-6 -56 22 -70 Q14 -40 34 -26 Q40 -10 30 0 Z"
          fill="#ff7a3d"
          opacity="0.9"
        />
        <path d="M-16 0 Q-20 -20 -4 -32 Q-2 -16 10 -20 Q8 -36 20 -44 Q18 -20 22 -8 Q22 0 16 0 Z" fill="#ffd166" />
      </g>
      <g className="anim anim-drift" fill="#5a4a4a" opacity="0.5">
        <circle cx="300" cy="20" r="14" />
        <circle cx="328" cy="8" r="18" />
        <circle cx="356" cy="22" r="12" />
      </g>
      <Person x={110} scale={0.9} />
      <Person x={530} scale={0.95} />
    </Backdrop>
  );
}

function CustomerCall() {
  return (
    <Backdrop art="customer_call">
      <Screen x={150} y={30} w={340} h={110}>
        {[0, 1, 2].map((i) => (
          <g key={i} transform={`translate(${12 + i * 110} 12)`}>
            <rect
              width="98"
              height="86"
              rx="4"
              fill={i === 1 ? '#35524b' : '#27363a'}
              stroke={i === 1 ? '#a6e3c5' : 'none'}
              strokeWidth="2"
            />
            <circle cx="49" cy="36" r="13" fill="#0f1a18" />
            <path d="M25 80 Q27 54 49 52 Q71 54 73 80 Z" fill="#0f1a18" />
          </g>
        ))}
        <g className="anim anim-pulse" transform="translate(172 104)">
          <rect x="-40" y="-2" width="80" height="4" rx="2" fill="#a6e3c5" opacity="0.7" />
        </g>
      </Screen>
      <Desk x={200} w={240} />
      <Person x={320} y={196} scale={1.2} />
    </Backdrop>
  );
}

function Dashboard() {
  return (
    <Backdrop art="dashboard">
      <Screen x={90} y={18} w={200} h={80}>
        <Chart w={200} h={80} colour="#7fd6a8" />
      </Screen>
      <Screen x={310} y={18} w={120} h={80}>
        <Chart w={120} h={80} colour="#ff8f7a" falling />
      </Screen>
      <Screen x={450} y={18} w={100} h={80}>
        {[0, 1, 2, 3].map((i) => (
          <rect key={i} x={14 + i * 20} y={70 - (i + 2) * 11} width="12" height={(i + 2) * 11} fill="#8fb8e8" opacity="0.8" />
        ))}
      </Screen>
      <Desk x={160} w={320} />
      <Person x={260} />
      <Person x={400} scale={1.05} tone="#161c24" />
    </Backdrop>
  );
}

const SCENES: Record<Art, () => ReactNode> = {
  war_room: WarRoom,
  release_train: ReleaseTrain,
  server_fire: ServerFire,
  customer_call: CustomerCall,
  dashboard: Dashboard,
};

export function SceneArt({ art }: { art: Art }) {
  const Drawing = SCENES[art];
  return <Drawing />;
}
