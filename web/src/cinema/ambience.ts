// Ambient sound for each stage, made in the browser with the Web Audio API: no audio files. A room tone of filtered
// noise under every scene, plus one texture per stage (a murmur, a train's pulse, crackle and a far alarm, a phone
// line, a server fan). Quiet on purpose; it fades in and out so nothing starts with a jolt.
import type { SceneArt } from '../../../engine/scenario-schema.ts';

const LEVEL = 0.05;
const FADE_S = 1.2;

type Ctx = AudioContext;

function noiseBuffer(ctx: Ctx, brown: boolean): AudioBuffer {
  const length = ctx.sampleRate * 2;
  const buffer = ctx.createBuffer(1, length, ctx.sampleRate);
  const data = buffer.getChannelData(0);
  let last = 0;
  // A fixed-seed generator: the same sound every time, and no Math.random in something a test might snapshot.
  let seed = 0x2545f491;
  for (let i = 0; i < length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const white = ((seed >>> 0) / 0xffffffff) * 2 - 1;
    last = brown ? (last + 0.02 * white) / 1.02 : white;
    data[i] = brown ? last * 3.5 : white;
  }
  return buffer;
}

function loop(ctx: Ctx, buffer: AudioBuffer): AudioBufferSourceNode {
  const src = ctx.createBufferSource();
  src.buffer = buffer;
  src.loop = true;
  return src;
}

/** An oscillator that moves `target` by ±depth around its value, `hz` times a second. */
function lfo(ctx: Ctx, hz: number, depth: number, target: AudioParam, type: OscillatorType = 'sine'): OscillatorNode {
  const osc = ctx.createOscillator();
  osc.type = type;
  osc.frequency.value = hz;
  const g = ctx.createGain();
  g.gain.value = depth;
  osc.connect(g).connect(target);
  return osc;
}

function filtered(ctx: Ctx, src: AudioNode, type: BiquadFilterType, hz: number, q = 0.7): BiquadFilterNode {
  const f = ctx.createBiquadFilter();
  f.type = type;
  f.frequency.value = hz;
  f.Q.value = q;
  src.connect(f);
  return f;
}

function tone(ctx: Ctx, hz: number, type: OscillatorType = 'sine'): OscillatorNode {
  const o = ctx.createOscillator();
  o.type = type;
  o.frequency.value = hz;
  return o;
}

/** Builds one stage's texture into `out`; returns the sources to start and stop. */
function texture(ctx: Ctx, art: SceneArt, out: AudioNode, white: AudioBuffer): AudioScheduledSourceNode[] {
  const sources: AudioScheduledSourceNode[] = [];
  const gain = (value: number) => {
    const g = ctx.createGain();
    g.gain.value = value;
    g.connect(out);
    return g;
  };
  switch (art) {
    case 'war_room': {
      // Voices through a wall: band-passed noise whose loudness wanders.
      const n = loop(ctx, white);
      const g = gain(0.25);
      filtered(ctx, n, 'bandpass', 450, 1.2).connect(g);
      sources.push(n, lfo(ctx, 0.3, 0.15, g.gain));
      break;
    }
    case 'release_train': {
      // A low pulse, like wheels on rails.
      const o = tone(ctx, 55);
      const g = gain(0.3);
      o.connect(g);
      sources.push(o, lfo(ctx, 1.6, 0.28, g.gain, 'square'));
      break;
    }
    case 'server_fire': {
      // Crackle (high-passed noise, stuttering) and an alarm far down the corridor.
      const n = loop(ctx, white);
      const crackle = gain(0.12);
      filtered(ctx, n, 'highpass', 2500).connect(crackle);
      const alarm = tone(ctx, 880, 'triangle');
      const ag = gain(0.02);
      alarm.connect(ag);
      sources.push(n, lfo(ctx, 7, 0.1, crackle.gain, 'sawtooth'), alarm, lfo(ctx, 0.5, 0.02, ag.gain, 'square'));
      break;
    }
    case 'customer_call': {
      // An open phone line: two close tones, gated slowly.
      const a = tone(ctx, 440);
      const b = tone(ctx, 480);
      const g = gain(0.015);
      a.connect(g);
      b.connect(g);
      sources.push(a, b, lfo(ctx, 0.2, 0.015, g.gain, 'square'));
      break;
    }
    case 'dashboard': {
      // The fan of the machine the dashboard runs on.
      const a = tone(ctx, 120);
      const b = tone(ctx, 240);
      const g = gain(0.06);
      a.connect(g);
      b.connect(g);
      sources.push(a, b, lfo(ctx, 0.1, 0.02, g.gain));
      break;
    }
  }
  return sources;
}

export class Ambience {
  private ctx: Ctx | null = null;
  private master: GainNode | null = null;
  private current: { art: SceneArt; sources: AudioScheduledSourceNode[]; bus: GainNode } | null = null;
  private buffers: { brown: AudioBuffer; white: AudioBuffer } | null = null;

  /** Starts or changes the stage's sound. Must follow a user gesture the first time (browsers' autoplay rules). */
  play(art: SceneArt): void {
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    if (!this.ctx) {
      this.ctx = new AC();
      this.master = this.ctx.createGain();
      this.master.gain.value = LEVEL;
      this.master.connect(this.ctx.destination);
      this.buffers = { brown: noiseBuffer(this.ctx, true), white: noiseBuffer(this.ctx, false) };
    }
    void this.ctx.resume().catch(() => {});
    if (this.current?.art === art) return;
    this.fadeOutCurrent();
    const ctx = this.ctx;
    const bus = ctx.createGain();
    bus.gain.setValueAtTime(0, ctx.currentTime);
    bus.gain.linearRampToValueAtTime(1, ctx.currentTime + FADE_S);
    bus.connect(this.master as GainNode);
    const buffers = this.buffers as { brown: AudioBuffer; white: AudioBuffer };
    const room = loop(ctx, buffers.brown);
    const roomGain = ctx.createGain();
    roomGain.gain.value = 0.6;
    filtered(ctx, room, 'lowpass', 400).connect(roomGain).connect(bus);
    const sources = [room, ...texture(ctx, art, bus, buffers.white)];
    for (const s of sources) s.start();
    this.current = { art, sources, bus };
  }

  stop(): void {
    this.fadeOutCurrent();
    const ctx = this.ctx;
    this.ctx = null;
    this.master = null;
    this.buffers = null;
    if (ctx) setTimeout(() => void ctx.close().catch(() => {}), FADE_S * 1000 + 100);
  }

  get playing(): SceneArt | null {
    return this.current?.art ?? null;
  }

  private fadeOutCurrent(): void {
    const cur = this.current;
    const ctx = this.ctx;
    this.current = null;
    if (!cur || !ctx) return;
    const t = ctx.currentTime;
    cur.bus.gain.cancelScheduledValues(t);
    cur.bus.gain.setValueAtTime(cur.bus.gain.value, t);
    cur.bus.gain.linearRampToValueAtTime(0, t + FADE_S);
    for (const s of cur.sources) {
      try {
        s.stop(t + FADE_S + 0.05);
      } catch {
        // Already stopped.
      }
    }
  }
}
