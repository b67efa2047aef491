import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The recorded Discord payloads shared by the project (see ../shared/fixtures/SOURCES.md). */
export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/discord');

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.json')).sort();
}

/** A fresh copy each time: tests may change what they load. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(resolve(FIXTURES_DIR, name), 'utf8')) as T;
}
