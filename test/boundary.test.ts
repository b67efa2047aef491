import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The architecture rules of DESIGN.md, enforced on the source:
 *  - nothing under src/ except src/main.ts imports @slack/*, discord.js or adapters/;
 *  - features never import adapters; the core (src/core) never imports src/features.
 */

const ROOT = resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return /\.(c|m)?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier of a file: imports, `export ... from`, `import type`, `import()` and `require()`. */
export function specifiers(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** A specifier as a repository path ("adapters/slack/index.ts") when it is relative, else the package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(ROOT, resolve(dirname(file), specifier)).split(sep).join('/');
}

const isPlatformSdk = (spec: string) => /^@slack\//.test(spec) || /^discord\.js(\/|$)/.test(spec) || /^@discordjs\//.test(spec);
const isAdapters = (path: string) => path === 'adapters' || path.startsWith('adapters/');

interface Edge {
  readonly file: string; // repository path of the importing file
  readonly specifier: string;
  readonly target: string;
}

function edges(folder: string): Edge[] {
  return tsFiles(join(ROOT, folder)).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      file: relative(ROOT, file).split(sep).join('/'),
      specifier,
      target: target(file, specifier),
    })),
  );
}

const show = (list: readonly Edge[]) => list.map((e) => `${e.file} imports "${e.specifier}"`);

describe('the import scanner', () => {
  it('sees every kind of import', () => {
    const source = `
      import { App } from '@slack/bolt';
      import type { Client } from 'discord.js';
      import '../adapters/side-effect.js';
      export { thing } from "../adapters/memory/memory-chat.js";
      export * from './local.js';
      const lazy = await import('../adapters/slack/index.js');
      const old = require('@slack/web-api');
    `;
    expect(specifiers(source).sort()).toEqual(
      [
        '@slack/bolt',
        'discord.js',
        '../adapters/side-effect.js',
        '../adapters/memory/memory-chat.js',
        './local.js',
        '../adapters/slack/index.js',
        '@slack/web-api',
      ].sort(),
    );
  });

  it('finds the composition root importing the adapters (so the rules below can fail)', () => {
    const fromMain = edges('src').filter((e) => e.file === 'src/main.ts' && isAdapters(e.target));
    expect(fromMain.length).toBeGreaterThan(0);
  });
});

describe('architecture boundaries', () => {
  const src = edges('src');

  it('scans the whole core', () => {
    const files = new Set(tsFiles(join(ROOT, 'src')).map((f) => relative(ROOT, f).split(sep).join('/')));
    for (const expected of ['src/main.ts', 'src/app.ts', 'src/config.ts', 'src/core/dispatcher.ts', 'src/catalog/load.ts', 'src/db/open.ts']) {
      expect(files).toContain(expected);
    }
  });

  it('nothing under src/ except src/main.ts imports @slack/*, discord.js or adapters/', () => {
    const offending = src.filter((e) => e.file !== 'src/main.ts' && (isPlatformSdk(e.specifier) || isAdapters(e.target)));
    expect(show(offending)).toEqual([]);
  });

  it('features never import adapters or platform SDKs', () => {
    const offending = src.filter((e) => e.file.startsWith('src/features/') && (isAdapters(e.target) || isPlatformSdk(e.specifier)));
    expect(show(offending)).toEqual([]);
  });

  it('the core never imports a feature (nor the composition root that lists them)', () => {
    const offending = src.filter(
      (e) =>
        e.file.startsWith('src/core/') &&
        (e.target.startsWith('src/features/') || e.target === 'src/features' || /^src\/(app|main)(\.(js|ts))?$/.test(e.target)),
    );
    expect(show(offending)).toEqual([]);
  });
});
