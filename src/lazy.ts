// Modules that queue mode loads only when a message needs them. They are bundled as separate files beside
// dist/qqtag.cjs (libmime alone builds an iconv table worth ~40 ms at load), so a message that needs none of
// them pays nothing. Under tsx (unit tests) the TypeScript sources are loaded instead.
import { join } from 'node:path';
import type * as Mime from './lazy/mime';
import type * as Cli from './cli/main';
import type * as Re2 from './lazy/re2';
import type * as ConfigParse from './config-parse';
import type * as HeaderParse from './lazy/headers';
import type * as Health from './lazy/health';

interface LazyModules {
  mime: typeof Mime;
  cli: typeof Cli;
  re2: typeof Re2;
  config: typeof ConfigParse;
  headers: typeof HeaderParse;
  health: typeof Health;
}
const SOURCE: Record<keyof LazyModules, string> = { mime: './lazy/mime', cli: './cli/main', re2: './lazy/re2', config: './config-parse', headers: './lazy/headers', health: './lazy/health' };

// Bundles are loaded by dist/qqtag.cjs's loader (src/boot.ts: with V8's code cache), which it exports as the
// main module; under tsx (the tests) the TypeScript sources are required instead. A plain require with a
// computed path: esbuild leaves it alone.
type Loader = (bundle: string) => unknown;
const boot = (require.main?.exports as { loadBundle?: Loader } | undefined)?.loadBundle;
const bundled = __filename.endsWith('.cjs');
const cache: Record<string, unknown> = {};

/** dist/<bundle>.cjs when running from the bundles, else the TypeScript `source` (a path from src/). */
export function requireBundle<T>(bundle: string, source: string): T {
  if (bundle in cache) return cache[bundle] as T;
  const loaded = bundled && boot ? boot(bundle) : require(bundled ? join(__dirname, `${bundle}.cjs`) : join(__dirname, source));
  cache[bundle] = loaded;
  return loaded as T;
}

export const loadLazy = <K extends keyof LazyModules>(name: K): LazyModules[K] => requireBundle<LazyModules[K]>(name, SOURCE[name]);
