import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CatalogError, loadCatalog } from '../src/catalog/load.js';
import { PRINCIPLE_IDS } from '../src/catalog/schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function principlesYaml(ids: readonly string[] = PRINCIPLE_IDS): string {
  return stringify({
    principles: ids.map((id) => ({
      id,
      name: id.replace(/-/g, ' '),
      summary: `What ${id} means for a data engineer, in a sentence long enough for the schema.`,
      signals: ['one signal', 'two signal', 'three signal', 'four signal'],
    })),
  });
}

function validQuestion(id: string, round: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    round,
    kind: 'technical',
    prompt: `How would you design the ${id} pipeline for card settlements?`,
    principles: ['ownership'],
    difficulty: 2,
    followUps: ['What if the data is three days late?', 'How do you backfill without double counting?'],
    keyPoints: [
      { point: 'Idempotent writes', synonyms: ['idempotent', 'upsert'] },
      { point: 'Partition by date', synonyms: ['partition'] },
    ],
    tags: ['idempotency'],
    ...overrides,
  };
}

/** A questions folder in a temp dir; `files` maps file names to YAML text or objects. */
function folder(files: Record<string, string | object>, withPrinciples = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'bar-raiser-catalog-'));
  dirs.push(dir);
  if (withPrinciples) writeFileSync(join(dir, 'leadership-principles.yaml'), principlesYaml());
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function loadError(dir: string): CatalogError {
  try {
    loadCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('loadCatalog accepted an invalid folder');
}

describe('loadCatalog', () => {
  it('loads a valid folder', () => {
    const dir = folder({
      'round-1.yaml': { round: 1, title: 'Data Modeling', questions: [validQuestion('r1-a', 1), validQuestion('r1-b', 1)] },
      'round-2.yml': { round: 2, title: 'Pipelines', questions: [validQuestion('r2-a', 2)] },
      'notes.txt': 'not a catalog file',
    });
    const catalog = loadCatalog(dir);
    expect(catalog.questions.map((q) => q.id)).toEqual(['r1-a', 'r1-b', 'r2-a']);
    expect(catalog.principles).toHaveLength(16);
    expect(catalog.byRound(1).map((q) => q.id)).toEqual(['r1-a', 'r1-b']);
    expect(catalog.byRound(3)).toEqual([]);
    expect(catalog.question('r2-a')?.round).toBe(2);
    expect(catalog.principle('frugality')?.name).toBe('frugality');
  });

  it('names the file, the question id and the field of an invalid question', () => {
    const dir = folder({
      'round-1.yaml': {
        round: 1,
        title: 'Data Modeling',
        questions: [validQuestion('r1-good', 1), validQuestion('r1-bad-difficulty', 1, { difficulty: 5 })],
      },
    });
    const message = loadError(dir).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^round-1\.yaml: question r1-bad-difficulty, field difficulty: /);
  });

  it('names nested fields (a key point without synonyms) and unknown principles', () => {
    const dir = folder({
      'round-2.yaml': {
        round: 2,
        title: 'Pipelines',
        questions: [
          validQuestion('r2-no-synonyms', 2, { keyPoints: [{ point: 'Retries with backoff', synonyms: [] }, { point: 'DLQ', synonyms: ['dlq'] }] }),
          validQuestion('r2-bad-principle', 2, { principles: ['customer-obsesion'] }),
        ],
      },
    });
    const lines = loadError(dir).message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^round-2\.yaml: question r2-no-synonyms, field keyPoints\.0\.synonyms: /);
    expect(lines[1]).toMatch(/^round-2\.yaml: question r2-bad-principle, field principles\.0: /);
  });

  it('names a question without an id by its position', () => {
    const { id: _drop, ...noId } = validQuestion('ignored', 3);
    const dir = folder({ 'round-3.yaml': { round: 3, title: 'Cloud', questions: [validQuestion('r3-a', 3), noId] } });
    expect(loadError(dir).message).toMatch(/^round-3\.yaml: question #2, field id: /);
  });

  it('reports bad YAML with the file name', () => {
    const dir = folder({
      'round-1.yaml': { round: 1, title: 'Data Modeling', questions: [validQuestion('r1-a', 1)] },
      'round-4.yaml': 'round: 4\nquestions:\n  - id: r4-a\n    prompt: "unterminated\n',
    });
    const message = loadError(dir).message;
    expect(message).toMatch(/^round-4\.yaml: not valid YAML: /);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses an id used in two files, naming both', () => {
    const dir = folder({
      'round-1.yaml': { round: 1, title: 'Data Modeling', questions: [validQuestion('shared-id', 1)] },
      'round-2.yaml': { round: 2, title: 'Pipelines', questions: [validQuestion('r2-a', 2), validQuestion('shared-id', 2)] },
    });
    expect(loadError(dir).message).toBe('round-2.yaml: question shared-id, field id: already used in round-1.yaml');
  });

  it('refuses a question whose round differs from its file', () => {
    const dir = folder({ 'round-1.yaml': { round: 1, title: 'Data Modeling', questions: [validQuestion('r1-misplaced', 2)] } });
    expect(loadError(dir).message).toBe('round-1.yaml: question r1-misplaced, field round: is 2 but the file is round 1');
  });

  it('needs the principles file, complete', () => {
    const missing = folder({ 'round-1.yaml': { round: 1, title: 'Data Modeling', questions: [validQuestion('r1-a', 1)] } }, false);
    expect(loadError(missing).message).toMatch(/^leadership-principles\.yaml: missing from /);

    const short = folder({}, false);
    writeFileSync(join(short, 'leadership-principles.yaml'), principlesYaml(PRINCIPLE_IDS.slice(0, 15)));
    expect(loadError(short).message).toMatch(/^leadership-principles\.yaml: field principles: /);
  });
});
