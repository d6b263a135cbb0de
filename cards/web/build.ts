// Builds the web renderer (cards/web/main.tsx and its CSS) with esbuild, in memory: the sidecar
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
  /** cards/web/index.html, with {{…}} placeholders. */
  htmlTemplate: string;
  buildMs: number;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json; charset=utf-8' };

export async function buildWebBundle(options: { minify?: boolean } = {}): Promise<WebBundle> {
  const started = performance.now();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${HERE}main.tsx`],
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
    if (name.startsWith('main-') && name.endsWith('.js')) js = name;
    if (name.startsWith('main-') && name.endsWith('.css')) css = name;
  }
  if (!js || !css) throw new Error(`the console bundle is incomplete: ${[...assets.keys()].join(', ')}`);
  return { assets, js, css, htmlTemplate: await readFile(`${HERE}index.html`, 'utf8'), buildMs: Math.round(performance.now() - started) };
}
