/** Shared set-up for the reviews tests (test/reviews-*.test.ts). */
import { Harness, type HarnessOptions, type UserDriver } from '../adapters/memory/harness.js';
import type { MemoryMessage, OpenedForm } from '../adapters/memory/memory-chat.js';

export const ANSWERS = {
  alice:
    'At my last company I owned the nightly ETL that loaded 2 TB into Redshift and failed twice a week. I added idempotent MERGE loads and retries, and failures dropped by 90 percent in a month.',
  carol:
    'I would land late transactions in S3 partitioned by arrival date, keep the event time, MERGE into the fact table and recompute only the affected daily aggregates, then tell report owners.',
  dave: 'Partition the fact table by event date, keep a load timestamp, and rerun the aggregates for the dates that changed with an idempotent overwrite.',
  erin: 'Use a late-arriving fact pattern: a staging table, a point-in-time dimension lookup on the event time, and a merge that is safe to run twice.',
} as const;

export const KEEP = 'The result has a real number: 90 percent fewer failures.';
export const CHANGE = 'Say which decision was yours; the action part mixes I and we.';

/** A scheduled channel (09:00 UTC, Mon-Fri) whose first question went out at 09:00 on Monday 30 Nov 2026. */
export async function scheduledGroup(options: HarnessOptions & { setup?: string } = {}): Promise<Harness> {
  const h = new Harness(options);
  await h.as('admin', { admin: true }).command(`/prep setup time:09:00 days:mon-fri ${options.setup ?? ''}`.trim());
  await h.advance('1h1m');
  return h;
}

/** Rubric values: every score shown gets `score`, plus the two comments; `overrides` win. */
export function rubricValues(form: OpenedForm, overrides: Record<string, string> = {}, score = '3'): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of form.form.inputs) {
    if (input.kind === 'choice') values[input.id] = score;
  }
  return { ...values, keep: KEEP, change: CHANGE, ...overrides };
}

/** Clicks "Review an answer" on the latest question and submits the rubric that opens. */
export async function reviewLatest(h: Harness, reviewer: UserDriver, overrides: Record<string, string> = {}, score = '3'): Promise<OpenedForm> {
  const before = h.chat.forms.length;
  await reviewer.click(h.lastThreadStart(), 'Review an answer');
  if (h.chat.forms.length === before) throw new Error(`no form opened for ${reviewer.user.name}: ${reviewer.lastPrivate().text}`);
  const form = reviewer.openedForm();
  await reviewer.submit(rubricValues(form, overrides, score), form);
  return form;
}

/** Bot replies in the thread of the latest question. */
export function threadReplies(h: Harness, post: MemoryMessage = h.lastThreadStart()): MemoryMessage[] {
  const thread = h.chat.threadOf(post);
  return h.chat.messages.filter((m) => m.thread === thread && m.author === 'bot' && m.kind === 'reply');
}

/** DMs (not ephemeral messages) a user received. */
export function dms(user: UserDriver): MemoryMessage[] {
  return user.inbox().filter((m) => m.kind === 'dm');
}

export function memberId(h: Harness, name: string): number {
  const row = h.storage.sqlite.prepare('SELECT id FROM member WHERE user_ref = ?').get(`mem:u:${name}`) as { id: number } | undefined;
  if (!row) throw new Error(`no member ${name}`);
  return row.id;
}
