// Debian's Chromium, headless, driven through the DevTools protocol over a pipe (--remote-debugging-pipe:
// JSON messages ending in NUL, commands on its fd 3, replies and events on its fd 4): no WebSocket, no npm
// package. Enough to open a page, watch every request it makes, evaluate an expression, take a screenshot.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL = 'apt-get install -y chromium';
// Flags that work as root in a container; no background traffic of Chromium's own.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-extensions', '--remote-debugging-pipe'];

type Message = { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: Record<string, unknown>; error?: { message: string } };

export class Chromium {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private constructor(private readonly child: ChildProcess, private readonly toChrome: Writable) {}

  static async start(): Promise<Chromium> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${INSTALL}`);
    const profile = mkdtempSync(join(tmpdir(), 'qqtag-chromium-'));
    const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const browser = new Chromium(child, child.stdio[3] as Writable);
    let buffer = '';
    (child.stdio[4] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
        browser.dispatch(JSON.parse(buffer.slice(0, end)) as Message);
        buffer = buffer.slice(end + 1);
      }
    });
    return browser;
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined) this.waiting.get(m.id)?.(m);
    else this.listeners.forEach((l) => l(m));
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.waiting.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {})));
    });
    this.toChrome.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return reply;
  }

  on(listener: (m: Message) => void): void {
    this.listeners.push(listener);
  }

  /** The next event `method` (of `sessionId`). */
  event(method: string, sessionId: string): Promise<Message> {
    return new Promise((resolve) => this.on((m) => m.method === method && m.sessionId === sessionId && resolve(m)));
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}

export interface OpenedPage {
  readonly requests: readonly string[]; // every URL the page asked for, the page itself included
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>; // the whole page
}

/** Opens `url` in a new tab, recording every request, and waits for its load event. */
export async function openPage(browser: Chromium, url: string): Promise<OpenedPage> {
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  const requests: string[] = [];
  browser.on((m) => {
    if (m.sessionId === sessionId && m.method === 'Network.requestWillBeSent') requests.push(String((m.params?.['request'] as { url: string }).url));
  });
  await browser.send('Network.enable', {}, sessionId);
  await browser.send('Page.enable', {}, sessionId);
  const loaded = browser.event('Page.loadEventFired', sessionId);
  await browser.send('Page.navigate', { url }, sessionId);
  await loaded;
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = (await browser.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: T } };
    return r.result.value;
  };
  return {
    requests,
    evaluate,
    async screenshot() {
      const [width, height] = await evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]');
      const clip = { x: 0, y: 0, width, height, scale: 1 };
      const r = (await browser.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip }, sessionId)) as { data: string };
      return Buffer.from(r.data, 'base64');
    },
  };
}
