import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  principleFileSchema,
  questionFileSchema,
  type Principle,
  type PrincipleId,
  type Question,
  type Round,
} from './schema.js';

export const DEFAULT_QUESTIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../questions');
export const PRINCIPLES_FILE = 'leadership-principles.yaml';

export interface Catalog {
  readonly questions: readonly Question[];
  readonly principles: readonly Principle[];
  question(id: string): Question | undefined;
  principle(id: string): Principle | undefined;
  byRound(round: Round): readonly Question[];
}

/** A catalog file that does not validate; the message names the file, the question id and the field. */
export class CatalogError extends Error {
  readonly code = 'catalog_invalid';
}

function describeIssue(file: string, data: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = '';
  // Name the question by id when the failing field sits inside questions[i].
  if (path[0] === 'questions' && typeof path[1] === 'number') {
    const q = (data as { questions?: Array<{ id?: unknown }> }).questions?.[path[1]];
    const id = typeof q?.id === 'string' ? q.id : `#${path[1] + 1}`;
    const field = path.slice(2).join('.') || '(question)';
    where = `question ${id}, field ${field}`;
  } else if (path[0] === 'principles' && typeof path[1] === 'number') {
    const p = (data as { principles?: Array<{ id?: unknown }> }).principles?.[path[1]];
    const id = typeof p?.id === 'string' ? p.id : `#${path[1] + 1}`;
    where = `principle ${id}, field ${path.slice(2).join('.') || '(principle)'}`;
  } else {
    where = `field ${path.join('.') || '(file)'}`;
  }
  return `${file}: ${where}: ${issue.message}`;
}

function readYaml(dir: string, file: string): unknown {
  try {
    return parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw new CatalogError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function validate<T>(schema: z.ZodType<T>, dir: string, file: string): T {
  const data = readYaml(dir, file);
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new CatalogError(result.error.issues.map((i) => describeIssue(file, data, i)).join('\n'));
  }
  return result.data;
}

/** Loads and validates every YAML file of the questions folder. Throws CatalogError naming what is wrong. */
export function loadCatalog(dir: string = DEFAULT_QUESTIONS_DIR): Catalog {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  if (!files.includes(PRINCIPLES_FILE)) throw new CatalogError(`${PRINCIPLES_FILE}: missing from ${dir}`);

  const principles = validate(principleFileSchema, dir, PRINCIPLES_FILE).principles;
  const seenPrinciples = new Set(principles.map((p) => p.id));
  if (seenPrinciples.size !== principles.length) {
    throw new CatalogError(`${PRINCIPLES_FILE}: field principles: a principle id appears twice`);
  }

  const questions: Question[] = [];
  const fileOf = new Map<string, string>();
  for (const file of files.filter((f) => f !== PRINCIPLES_FILE)) {
    const parsed = validate(questionFileSchema, dir, file);
    for (const q of parsed.questions) {
      if (q.round !== parsed.round) {
        throw new CatalogError(`${file}: question ${q.id}, field round: is ${q.round} but the file is round ${parsed.round}`);
      }
      const other = fileOf.get(q.id);
      if (other) throw new CatalogError(`${file}: question ${q.id}, field id: already used in ${other}`);
      fileOf.set(q.id, file);
      questions.push(q);
    }
  }
  return makeCatalog(questions, principles);
}

export function makeCatalog(questions: readonly Question[], principles: readonly Principle[]): Catalog {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const principleById = new Map(principles.map((p) => [p.id as string, p]));
  const rounds = new Map<Round, Question[]>();
  for (const q of questions) {
    const list = rounds.get(q.round) ?? [];
    list.push(q);
    rounds.set(q.round, list);
  }
  return {
    questions,
    principles,
    question: (id) => byId.get(id),
    principle: (id) => principleById.get(id),
    byRound: (round) => rounds.get(round) ?? [],
  };
}

export function principleName(catalog: Catalog, id: PrincipleId | string): string {
  return catalog.principle(id)?.name ?? id;
}
