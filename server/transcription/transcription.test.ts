// Server-side transcription against a local stand-in for an OpenAI-compatible service: what is sent (multipart,
// model, file, key), what comes back, and the route's guards (player token, size, type, rate, a failing service).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { api, startTestServer, type TestServer } from '../http/test-server.ts';
import { createTranscriber, fileNameFor } from './transcriber.ts';
import { type TranscriptionConfig, TranscriptionConfigError, transcriptionConfigFrom } from './transcription-config.ts';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string;
  form: FormData;
}

/** A transcription service that records each request and answers what the test tells it to. */
class StubService {
  server: Server;
  received: Received[] = [];
  answer: { status: number; body: string } = { status: 200, body: JSON.stringify({ text: ' I propose option three ' }) };
  constructor() {
    this.server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const contentType = req.headers['content-type'] ?? '';
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
      this.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType,
        form,
      });
      res.writeHead(this.answer.status, { 'content-type': 'application/json' });
      res.end(this.answer.body);
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('transcription configuration', () => {
  test('off unless a base URL is set; defaults for the rest', () => {
    assert.equal(transcriptionConfigFrom({}), null);
    assert.equal(transcriptionConfigFrom({ TRANSCRIPTION_API_KEY: 'k' }), null);
    assert.deepEqual(transcriptionConfigFrom({ TRANSCRIPTION_BASE_URL: 'https://api.example.com/v1/' }), {
      baseUrl: 'https://api.example.com/v1',
      apiKey: null,
      model: 'whisper-1',
      maxBytes: 2 * 1024 * 1024,
      perMinute: 12,
      timeoutMs: 30_000,
    });
  });

  test('bad values are refused with a message naming the setting', () => {
    assert.throws(() => transcriptionConfigFrom({ TRANSCRIPTION_BASE_URL: 'ftp://x' }), TranscriptionConfigError);
    assert.throws(
      () => transcriptionConfigFrom({ TRANSCRIPTION_BASE_URL: 'http://x', TRANSCRIPTION_MAX_BYTES: '99999999999' }),
      /TRANSCRIPTION_MAX_BYTES is at most 25 MB/,
    );
    assert.throws(
      () => transcriptionConfigFrom({ TRANSCRIPTION_BASE_URL: 'http://x', TRANSCRIPTION_MODEL: 'a model; rm -rf' }),
      /TRANSCRIPTION_MODEL/,
    );
  });

  test('the file name tells the service how to decode the recording', () => {
    assert.equal(fileNameFor('audio/webm;codecs=opus'), 'speech.webm');
    assert.equal(fileNameFor('audio/mp4'), 'speech.m4a');
    assert.equal(fileNameFor('application/octet-stream'), 'speech.webm');
  });
});

describe('transcribing through an OpenAI-compatible service', () => {
  const stub = new StubService();
  let config: TranscriptionConfig;
  let server: TestServer;
  let now = 1_000_000;

  before(async () => {
    const base = await stub.start();
    config = { baseUrl: base, apiKey: 'sk-test-key', model: 'whisper-test', maxBytes: 4096, perMinute: 3, timeoutMs: 5000 };
    server = await startTestServer({ app: { transcription: { config, now: () => now } } });
  });
  after(async () => {
    await server?.close();
    await stub.close();
  });

  test('the transcriber posts the recording as multipart with the model and the key', async () => {
    const audio = new Uint8Array([1, 2, 3, 250, 251]);
    const text = await createTranscriber(config).transcribe(audio, 'audio/webm;codecs=opus');
    assert.equal(text, 'I propose option three');
    const r = stub.received.at(-1) as Received;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/v1/audio/transcriptions');
    assert.equal(r.authorization, 'Bearer sk-test-key');
    assert.match(r.contentType, /^multipart\/form-data; boundary=/);
    assert.equal(r.form.get('model'), 'whisper-test');
    const file = r.form.get('file') as File;
    assert.equal(file.name, 'speech.webm');
    assert.equal(file.type, 'audio/webm');
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), audio);
  });

  async function post(questId: string, token: string | null, body: Buffer, type = 'audio/webm') {
    const res = await server.app.http.inject({
      method: 'POST',
      url: `/api/quests/${questId}/transcriptions`,
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: body,
    });
    return { status: res.statusCode, json: res.json() as { text?: string; error?: { code: string; message: string } } };
  }

  test('availability is public; a player’s recording comes back as text', async () => {
    const info = await server.app.http.inject({ method: 'GET', url: '/api/transcription' });
    assert.deepEqual(info.json(), { available: true, maxBytes: 4096 });
    const q = await api.create(server.url, 'Dana');
    const before = stub.received.length;
    const r = await post(q.questId, q.player.token, Buffer.from('pretend opus'));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json, { text: 'I propose option three' });
    assert.equal(stub.received.length, before + 1);
  });

  test('without the quest’s player token nothing is sent to the service', async () => {
    const q = await api.create(server.url, 'Dana');
    const other = await api.create(server.url, 'Sam');
    const before = stub.received.length;
    assert.equal((await post(q.questId, null, Buffer.from('x'))).status, 401);
    assert.equal((await post(q.questId, other.player.token, Buffer.from('x'))).status, 401);
    assert.equal((await post(q.questId, 'not-a-token-at-all-really', Buffer.from('x'))).status, 401);
    assert.equal(stub.received.length, before);
  });

  test('too large, empty or not audio is refused before the service is called', async () => {
    const q = await api.create(server.url, 'Dana');
    const before = stub.received.length;
    const big = await post(q.questId, q.player.token, Buffer.alloc(5000, 1));
    assert.equal(big.status, 413);
    assert.equal(big.json.error?.code, 'too_large');
    const empty = await post(q.questId, q.player.token, Buffer.alloc(0));
    assert.equal(empty.status, 400);
    const json = await server.app.http.inject({
      method: 'POST',
      url: `/api/quests/${q.questId}/transcriptions`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${q.player.token}` },
      payload: '{"text":"vote yes"}',
    });
    assert.equal(json.statusCode, 400);
    assert.match(json.json().error.message, /audio/);
    assert.equal(stub.received.length, before);
  });

  test('each player gets a few recordings a minute', async () => {
    const q = await api.create(server.url, 'Dana');
    for (let i = 0; i < 3; i++) assert.equal((await post(q.questId, q.player.token, Buffer.from('x'))).status, 200);
    const limited = await post(q.questId, q.player.token, Buffer.from('x'));
    assert.equal(limited.status, 429);
    assert.match(limited.json.error?.message ?? '', /try again in \d+ seconds/);
    // Another player is not held back by the first.
    const other = await api.create(server.url, 'Sam');
    assert.equal((await post(other.questId, other.player.token, Buffer.from('x'))).status, 200);
    now += 61_000;
    assert.equal((await post(q.questId, q.player.token, Buffer.from('x'))).status, 200);
  });

  test('a failing service becomes a clear 503, not a crash', async () => {
    const q = await api.create(server.url, 'Dana');
    stub.answer = { status: 500, body: '{"error":"model overloaded"}' };
    try {
      const r = await post(q.questId, q.player.token, Buffer.from('x'));
      assert.equal(r.status, 503);
      assert.match(r.json.error?.message ?? '', /type your message/);
      stub.answer = { status: 200, body: 'not json' };
      assert.equal((await post(q.questId, q.player.token, Buffer.from('x'))).status, 503);
    } finally {
      stub.answer = { status: 200, body: JSON.stringify({ text: 'ok' }) };
    }
  });
});

describe('a server without transcription', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  test('says so, and refuses recordings with a reason', async () => {
    const info = await server.app.http.inject({ method: 'GET', url: '/api/transcription' });
    assert.deepEqual(info.json(), { available: false, maxBytes: 0 });
    const q = await api.create(server.url, 'Dana');
    const r = await server.app.http.inject({
      method: 'POST',
      url: `/api/quests/${q.questId}/transcriptions`,
      headers: { 'content-type': 'audio/webm', authorization: `Bearer ${q.player.token}` },
      payload: Buffer.from('x'),
    });
    assert.equal(r.statusCode, 404);
    assert.match(r.json().error.message, /no transcription service/);
  });
});
