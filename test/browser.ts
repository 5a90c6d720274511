/**
 * Driving the console in a browser against a running `distillguard serve`:
 * shared by the console's test and its benchmark.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { ROOT } from './helpers.js';

/** Debian's Chromium: $CHROMIUM, else `chromium` on the PATH. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM && existsSync(process.env.CHROMIUM)) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'chromium');
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * WebGL through SwiftShader, so sigma draws on a machine without a GPU;
 * no sandbox because CI runs the tests as root.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox'] });
}

/** Builds the console into dist/console, where `serve` finds it, so the test sees the sources as they are. */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'console', 'vite.config.ts'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `console build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Served { url: string; proc: ChildProcess; stderr: () => string }

/** Starts `distillguard serve` from source on a free port; resolves once it prints where it listens. */
export function startServe(args: string[]): Promise<Served> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dev.ts'), 'serve', '--listen', '127.0.0.1:0', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill(); reject(new Error(`serve did not start in 60 s:\n${err}`)); }, 60_000);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}:\n${err}`)); });
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) { clearTimeout(timer); resolve({ url: m[1]!.replace(/\/?$/, '/'), proc, stderr: () => err }); }
    });
  });
}

export async function stopServe(s: Served | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null) return;
  const done = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
  if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
}

export async function api<T>(base: string, token: string, path: string, init: { method?: string; body?: string; type?: string } = {}): Promise<{ status: number; data: T }> {
  const res = await fetch(new URL(`api/v1/${path}`, base), {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': init.type ?? 'application/json' } : {}) },
    body: init.body,
  });
  const text = await res.text();
  return { status: res.status, data: (text ? JSON.parse(text) : null) as T };
}

/** Posts a world's log in chunks, as a collector would. */
export async function ingest(base: string, token: string, lines: string[], chunk = 4000): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < lines.length; i += chunk) {
    const r = await api<{ accepted: number; quarantined: number }>(base, token, 'exchanges', { method: 'POST', body: lines.slice(i, i + chunk).join('\n') + '\n', type: 'application/x-ndjson' });
    assert.equal(r.status, 200, `ingest answered ${r.status}: ${JSON.stringify(r.data)}`);
    accepted += r.data.accepted;
  }
  return accepted;
}

interface CampaignRow { campaign_id: string; accounts: string[]; score: number; status: string }

/** Waits until the service says its engine has judged everything posted (`/healthz` settled), then lists the open campaigns. */
export async function settledCampaigns(base: string, token: string, timeoutMs = 180_000): Promise<CampaignRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const h = await fetch(new URL('healthz', base)).then((r) => r.json()) as { settled?: boolean };
    if (h.settled) {
      const r = await api<{ campaigns: CampaignRow[] }>(base, token, 'campaigns?status=open&limit=100');
      assert.equal(r.status, 200);
      return r.data.campaigns;
    }
    if (Date.now() > until) throw new Error(`the service did not settle in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Pixels of an element that differ clearly from its background colour, read
 * from a real screenshot (sigma draws in WebGL, whose buffer a page cannot
 * read back after the frame): zero when the graph drew nothing.
 */
export async function inkPixels(el: Locator, background: [number, number, number]): Promise<number> {
  const png = (await el.screenshot()).toString('base64');
  return el.page().evaluate(async ({ png, bg }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${png}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i]! - bg[0]) + Math.abs(d[i + 1]! - bg[1]) + Math.abs(d[i + 2]! - bg[2]) > 60) n++;
    }
    return n;
  }, { png, bg: background });
}
