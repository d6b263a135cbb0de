// Builds the web renderer with esbuild, in memory: the console (cards/web/main.tsx, index.html) or
// the Salesforce Canvas card (cards/web/canvas.tsx, canvas.html), each with its CSS. The sidecar
// serves the files from memory, nothing is written to the repository. Runs in Node, not in the
// browser; esbuild is a dev dependency, so only demo mode (`npm start`) loads this file.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface WebBundle {
  /** Hashed file names (`main-AB12CD34.js`) → contents; safe to cache forever. */
  assets: Map<string, WebAsset>;
  /** The entry's script and stylesheet names within `assets`. */
  js: string;
  css: string;
  /** The entry's page (cards/web/index.html or canvas.html), with {{…}} placeholders. */
  htmlTemplate: string;
  buildMs: number;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json; charset=utf-8' };

/** Which page: the local console (`main`) or the Salesforce Canvas card (`canvas`). */
export type WebEntry = 'main' | 'canvas';
const TEMPLATES: Record<WebEntry, string> = { main: 'index.html', canvas: 'canvas.html' };

export async function buildWebBundle(options: { minify?: boolean; entry?: WebEntry } = {}): Promise<WebBundle> {
  const entry = options.entry ?? 'main';
  const started = performance.now();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${HERE}${entry}.tsx`],
    bundle: true,
    write: false,
    outdir: '/console-assets',
    entryNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    jsx: 'automatic',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    // The repository's tsconfig is for Node (types, paths); the bundle needs none of it.
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', verbatimModuleSyntax: true } },
  });
  const assets = new Map<string, WebAsset>();
  let js = '';
  let css = '';
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const extension = name.endsWith('.map') ? '.map' : name.slice(name.lastIndexOf('.'));
    const body = Buffer.from(file.contents);
    assets.set(name, { body, contentType: TYPES[extension] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
    if (name.startsWith(`${entry}-`) && name.endsWith('.js')) js = name;
    if (name.startsWith(`${entry}-`) && name.endsWith('.css')) css = name;
  }
  if (!js || !css) throw new Error(`the ${entry} bundle is incomplete: ${[...assets.keys()].join(', ')}`);
  return { assets, js, css, htmlTemplate: await readFile(`${HERE}${TEMPLATES[entry]}`, 'utf8'), buildMs: Math.round(performance.now() - started) };
}
