/** Shared fixtures of the /mock tests: crafted answers and readers of the session state. */
import type { Harness } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import type { Question } from '../src/catalog/schema.js';

/** A full STAR story with numbers and "I": about 220 words, scores 90+ on any behavioral question. */
export const STRONG_STAR = [
  'Situation: Last year at a payments company our nightly batch loaded 40 million card transactions into Redshift, and the finance and fraud dashboards were often two hours late, which hurt the risk team every single morning before their 8 am review meeting with leadership.',
  'Task: I owned the pipeline and I was asked to make the data available before 7 am for the risk team, without adding headcount or budget, within one quarter, while keeping the existing reports correct.',
  'Action: I profiled every Glue job and found that one skewed join on merchant id caused most of the delay. I rewrote it with salting, I split the load into hourly partitions so that most of the work happened during the day, I added idempotent upserts so reruns were safe, and I built a CloudWatch alarm on job duration with a runbook for the on-call engineer. I also walked the risk analysts through the new freshness dashboard and asked them what they checked first each morning, so I could load those tables first.',
  'Result: As a result the load finished by 5:30 am every day for three months, runtime dropped by 60%, we saved $4,000 a month in cluster cost, and the risk team stopped filing late-data tickets entirely. I learned to measure the customer impact before tuning anything.',
].join('\n\n');

/** A story that stops before its result. */
export const NO_RESULT = [
  'At my previous company our fraud team complained that the Kinesis consumer dropped records during peak hours.',
  'My goal was to stop the data loss before the quarter close.',
  'I decided to add retries with exponential backoff, I built a dead letter queue and I wrote a runbook for the on-call engineers.',
].join('\n\n');

/** An answer that names every key point of a question (its first synonym each). */
export function coveringAnswer(question: Question): string {
  return question.keyPoints.map((k) => `In my design I rely on ${k.synonyms[0]} for this part.`).join(' ');
}

export interface SessionState {
  id: number;
  status: string;
  phase: string;
  current_index: number;
  question_ids: string;
  question_deadline_at: number | null;
  warned: number;
  partner_id: number | null;
  candidate_id: number;
  thread_ref: string | null;
  round: number;
  minutes_per_question: number;
  scorecard: string | null;
}

export function sessions(h: Harness): SessionState[] {
  return h.storage.sqlite.prepare('SELECT * FROM mock_session ORDER BY id').all() as SessionState[];
}

export function lastSession(h: Harness): SessionState {
  const all = sessions(h);
  const last = all[all.length - 1];
  if (!last) throw new Error('no mock session yet');
  return last;
}

export function questionsOf(h: Harness, session: SessionState = lastSession(h)): Question[] {
  return (JSON.parse(session.question_ids) as string[]).map((id) => h.app.services.catalog.question(id)!);
}

/** The bot's replies in a thread, oldest first. */
export function threadReplies(h: Harness, start: MemoryMessage): MemoryMessage[] {
  const thread = h.chat.threadOf(start);
  return h.chat.messages.filter((m) => m.author === 'bot' && m.thread === thread && m.kind === 'reply');
}

export function lastReply(h: Harness, start: MemoryMessage): MemoryMessage {
  const replies = threadReplies(h, start);
  const last = replies[replies.length - 1];
  if (!last) throw new Error('no reply in that thread');
  return last;
}

export function replyTitled(h: Harness, start: MemoryMessage, prefix: string): MemoryMessage {
  const found = [...threadReplies(h, start)].reverse().find((m) => (m.doc.title ?? '').startsWith(prefix));
  if (!found) throw new Error(`no reply titled "${prefix}…" in the thread`);
  return found;
}

/** Makes members known to the bot by having each of them act once. */
export async function introduce(h: Harness, ...names: string[]): Promise<void> {
  for (const name of names) await h.as(name).command('/mock status');
}
