import type { Catalog } from './load.js';
import { PRINCIPLE_IDS, ROUND_TITLES, ROUNDS, type PrincipleId, type Question, type Round } from './schema.js';

/**
 * The question bank's quality gate (`npm run questions:check`, also part of `npm test`).
 * Pure: it takes a loaded Catalog and returns a report; the CLI prints it.
 */

// ---------------------------------------------------------------------------------------------
// Requirements (issue 3): the bank is only useful if every round can fill a real loop.

export const MIN_TECHNICAL_PER_ROUND = 24; // rounds 1-4
export const MIN_BEHAVIORAL_PER_ROUND = 6; // rounds 1-4
/** Round 5: at least this many behavioral questions whose FIRST (primary) principle is each principle. */
export const MIN_ROUND5_PER_PRINCIPLE = 3;
export const MIN_TECHNICAL_KEY_POINTS = 4;
export const MAX_TECHNICAL_KEY_POINTS = 8;
export const MIN_FOLLOW_UPS = 2;

/**
 * Near-duplicate prompts. Both prompts are normalized (lowercase, apostrophes removed, every other
 * punctuation mark turned into a space, stop words such as "tell me about a time you" dropped) and
 * compared twice:
 *  - Jaccard similarity of the two sets of words: above 0.6 flags (the same words, in any order);
 *  - Jaccard similarity of the two sets of word bigrams (adjacent pairs of the remaining words):
 *    above 0.5 flags (the same phrasing, even with a sentence added or removed).
 * Two genuinely different questions on one topic share a few words ("pipeline", "kinesis") but
 * rarely more than a third of them; a copy-pasted prompt with a couple of words changed scores
 * well above 0.6.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.6;
export const BIGRAM_SIMILARITY_THRESHOLD = 0.5;

/** Study-guide prompts that must be in the bank word for word, in this round. */
export const SEED_PROMPTS: ReadonlyArray<{ readonly round: Round; readonly prompt: string }> = [
  {
    round: 1,
    prompt:
      'Design a data warehouse schema for a FinTech customer transaction system that minimizes latency and maintains data fidelity.',
  },
  {
    round: 2,
    prompt: 'Design a pipeline to process daily transaction logs with failure recovery, alerting, and retry mechanisms.',
  },
];

/**
 * Study-guide design questions that are not verbatim: found by their prompt, then every element the
 * guide names must appear somewhere in the question (prompt, key points, follow-ups or tags).
 */
export interface SeedScenario {
  readonly name: string;
  readonly rounds: readonly Round[];
  /** Every pattern must match the prompt for a question to be this scenario. */
  readonly identify: readonly RegExp[];
  readonly elements: ReadonlyArray<{ readonly label: string; readonly pattern: RegExp }>;
}

export const SEED_SCENARIOS: readonly SeedScenario[] = [
  {
    name: 'the Spring Cloud Gateway banking API question',
    rounds: [3],
    identify: [/spring cloud gateway/i],
    elements: [
      { label: 'Java 21', pattern: /java\s*21/i },
      { label: 'OAuth2', pattern: /oauth\s*2/i },
      { label: 'JWT', pattern: /\bjwts?\b/i },
      { label: 'role-based access', pattern: /role[- ]based|\brbac\b|\broles?\b|\bscopes?\b/i },
      { label: 'rate limiting', pattern: /rate[- ]limit/i },
      { label: 'circuit breakers (Resilience4j)', pattern: /circuit[- ]breaker|resilience4j/i },
      { label: 'REST', pattern: /\brest(ful)?\b/i },
      { label: 'gRPC', pattern: /\bgrpc\b/i },
      { label: 'audit logging', pattern: /\baudit/i },
    ],
  },
  {
    name: 'the SQS → Lambda event source mapping question',
    rounds: [2, 4],
    identify: [/\bsqs\b/i, /\blambda\b/i],
    elements: [
      { label: 'event source mapping', pattern: /event[- ]source[- ]mapping/i },
      { label: 'batch size', pattern: /batch[- ]size|batchsize/i },
      { label: 'concurrency scaling', pattern: /concurren/i },
      { label: 'retries', pattern: /\bretr(y|ies|ied|ying)\b/i },
      { label: 'dead-letter queues', pattern: /dead[- ]letter|\bdlqs?\b|redrive/i },
      { label: 'monitoring', pattern: /monitor|cloudwatch|alarm|metric/i },
    ],
  },
];

/** A topic the study guide names: covered when a question has one of the tags or its prompt matches. */
export interface Topic {
  readonly name: string;
  readonly tags: readonly string[];
  readonly prompt: RegExp;
}

export const TOPICS: readonly Topic[] = [
  { name: 'star schema', tags: ['star-schema'], prompt: /star[- ]schema/i },
  { name: 'snowflake schema', tags: ['snowflake-schema'], prompt: /snowflake[- ]schema|snowflak(e|ed|ing) (the )?dimension/i },
  { name: 'partitioning', tags: ['partitioning', 'partitions', 'partition-keys'], prompt: /partition/i },
  { name: 'indexing', tags: ['indexing', 'indexes', 'sort-keys'], prompt: /\bindex(es|ing)?\b|\bindices\b|sort key/i },
  { name: 'clustering', tags: ['clustering', 'cluster-keys'], prompt: /clustering|cluster(ing)? keys?|clustered/i },
  { name: 'data quality', tags: ['data-quality'], prompt: /data quality/i },
  { name: 'AWS Glue', tags: ['glue'], prompt: /\bglue\b/i },
  { name: 'AWS Lambda', tags: ['lambda'], prompt: /\blambda\b/i },
  { name: 'Kinesis', tags: ['kinesis', 'kinesis-data-streams', 'firehose'], prompt: /kinesis/i },
  { name: 'Step Functions', tags: ['step-functions'], prompt: /step functions/i },
  { name: 'real-time streaming', tags: ['streaming', 'real-time', 'stream-processing'], prompt: /real[- ]time|stream(ing|s)?\b/i },
  { name: 'retries', tags: ['retries', 'retry'], prompt: /\bretr(y|ies)\b/i },
  { name: 'idempotency', tags: ['idempotency', 'exactly-once'], prompt: /idempoten/i },
  { name: 'monitoring', tags: ['monitoring', 'observability'], prompt: /monitor/i },
  { name: 'alerting', tags: ['alerting', 'alarms'], prompt: /\balert(s|ing)?\b|alarm/i },
  { name: 'S3 bucket policies', tags: ['bucket-policy', 'bucket-policies', 's3-bucket-policy', 's3-security'], prompt: /bucket polic/i },
  { name: 'KMS encryption', tags: ['kms', 'encryption'], prompt: /\bkms\b/i },
  { name: 'S3 versioning', tags: ['versioning', 's3-versioning', 'object-lock'], prompt: /versioning/i },
  { name: 'least-privilege IAM', tags: ['iam', 'least-privilege'], prompt: /least[- ]privilege|\biam\b/i },
  { name: 'VPC isolation', tags: ['vpc', 'networking', 'vpc-endpoints', 'privatelink'], prompt: /\bvpcs?\b/i },
  { name: 'CloudTrail', tags: ['cloudtrail'], prompt: /cloudtrail/i },
  { name: 'AWS Config', tags: ['aws-config', 'config-rules'], prompt: /aws config|config rules?/i },
  { name: 'GuardDuty', tags: ['guardduty'], prompt: /guardduty/i },
  { name: 'OAuth2 / JWT', tags: ['oauth2', 'oauth', 'jwt', 'oidc'], prompt: /oauth|\bjwts?\b/i },
  { name: 'rate limiting', tags: ['rate-limiting', 'throttling'], prompt: /rate[- ]limit|throttl/i },
  { name: 'circuit breakers', tags: ['circuit-breaker', 'circuit-breakers', 'resilience4j'], prompt: /circuit[- ]breaker/i },
  { name: 'caching for low latency', tags: ['caching', 'cache'], prompt: /\bcach(e|es|ing)\b/i },
  {
    name: 'federated identity across institutions',
    tags: ['federated-identity', 'federation', 'identity-federation', 'sso'],
    prompt: /federat/i,
  },
  { name: 'Redshift', tags: ['redshift'], prompt: /redshift/i },
  { name: 'Athena', tags: ['athena'], prompt: /athena/i },
  { name: 'EMR', tags: ['emr'], prompt: /\bemr\b/i },
  {
    name: 'ML systems for fraud detection / credit scoring / risk',
    tags: ['fraud-detection', 'credit-scoring', 'risk-scoring', 'risk-modeling', 'ml-systems'],
    prompt: /fraud detection|fraud model|credit scor|risk (model|scor)/i,
  },
];

// ---------------------------------------------------------------------------------------------
// Text similarity

/** Words that carry no topic: dropped before comparing prompts. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of to in on at by for from with without into onto over under as is are was were be been ' +
    'being it its this that these those there here i me my mine we us our you your yours he she they them their ' +
    'do does did done doing have has had having can could would should will shall may might must ' +
    'how what when where which who whom whose why if then than so such some any each every all also just ' +
    'tell describe give example walk through time times about one'
  ).split(' '),
);

/** Lowercase words of a prompt without punctuation and stop words, in order. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
}

export function bigrams(words: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) pairs.push(`${words[i]} ${words[i + 1]}`);
  return pairs;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}

export interface Similarity {
  readonly words: number;
  readonly bigrams: number;
}

export function promptSimilarity(a: string, b: string): Similarity {
  const wa = normalizeWords(a);
  const wb = normalizeWords(b);
  return { words: jaccard(wa, wb), bigrams: jaccard(bigrams(wa), bigrams(wb)) };
}

export interface NearDuplicate {
  readonly a: string;
  readonly b: string;
  readonly similarity: Similarity;
}

/** Every pair of questions whose prompts are near duplicates (see the thresholds above). */
export function findNearDuplicates(
  questions: readonly Question[],
  thresholds: { words?: number; bigrams?: number } = {},
): NearDuplicate[] {
  const wordLimit = thresholds.words ?? WORD_SIMILARITY_THRESHOLD;
  const bigramLimit = thresholds.bigrams ?? BIGRAM_SIMILARITY_THRESHOLD;
  const prepared = questions.map((q) => {
    const words = normalizeWords(q.prompt);
    return { id: q.id, words: new Set(words), bigrams: new Set(bigrams(words)) };
  });
  const found: NearDuplicate[] = [];
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      const a = prepared[i]!;
      const b = prepared[j]!;
      const similarity = { words: jaccard(a.words, b.words), bigrams: jaccard(a.bigrams, b.bigrams) };
      if (similarity.words > wordLimit || similarity.bigrams > bigramLimit) found.push({ a: a.id, b: b.id, similarity });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The report

export type Kind = Question['kind'];
export type RoundKey = `${Round}`;

export interface CheckReport {
  readonly total: number;
  readonly byRound: Record<RoundKey, Record<Kind, number>>;
  /** Questions that list the principle (in any position, any round). */
  readonly byPrinciple: Record<PrincipleId, number>;
  /** Round-5 behavioral questions whose first (primary) principle it is. */
  readonly round5Primary: Record<PrincipleId, number>;
  /** Topic name → ids of the questions that cover it. */
  readonly topics: ReadonlyArray<{ readonly name: string; readonly questions: readonly string[] }>;
  readonly nearDuplicates: readonly NearDuplicate[];
  readonly ok: boolean;
  /** One line per failure. */
  readonly problems: readonly string[];
}

/** Searchable text of a question: everything a reader sees. */
function fullText(q: Question): string {
  return [q.prompt, ...q.followUps, ...q.keyPoints.flatMap((k) => [k.point, ...k.synonyms]), ...q.tags.map((t) => t.replace(/-/g, ' '))].join(
    '\n',
  );
}

function emptyPrincipleCounts(): Record<PrincipleId, number> {
  return Object.fromEntries(PRINCIPLE_IDS.map((id) => [id, 0])) as Record<PrincipleId, number>;
}

export function checkCatalog(catalog: Catalog): CheckReport {
  const problems: string[] = [];
  const questions = catalog.questions;

  // Ids: the loader already refuses duplicates across files; catalogs built in code are checked here too.
  const seenIds = new Set<string>();
  for (const q of questions) {
    if (seenIds.has(q.id)) problems.push(`duplicate id: ${q.id} is used by more than one question`);
    seenIds.add(q.id);
  }

  // Counts per round and kind.
  const byRound = Object.fromEntries(ROUNDS.map((r) => [String(r), { technical: 0, behavioral: 0 }])) as Record<
    RoundKey,
    Record<Kind, number>
  >;
  for (const q of questions) byRound[`${q.round}`][q.kind]++;
  for (const round of [1, 2, 3, 4] as const) {
    const counts = byRound[`${round}`];
    const missing: string[] = [];
    if (counts.technical < MIN_TECHNICAL_PER_ROUND) missing.push(`${counts.technical} technical (need >= ${MIN_TECHNICAL_PER_ROUND})`);
    if (counts.behavioral < MIN_BEHAVIORAL_PER_ROUND) missing.push(`${counts.behavioral} behavioral (need >= ${MIN_BEHAVIORAL_PER_ROUND})`);
    if (missing.length > 0) {
      const none =
        counts.technical + counts.behavioral === 0 ? ` (no questions at all: is its questions/round-${round}-*.yaml file missing?)` : '';
      problems.push(`round ${round} (${ROUND_TITLES[round]}): only ${missing.join(' and ')}${none}`);
    }
  }

  // Principles: defined, covered, and round 5 deep enough for each.
  const defined = new Set(catalog.principles.map((p) => p.id));
  for (const id of PRINCIPLE_IDS) {
    if (!defined.has(id)) problems.push(`principle ${id} is not defined in leadership-principles.yaml`);
  }
  const byPrinciple = emptyPrincipleCounts();
  const round5Primary = emptyPrincipleCounts();
  for (const q of questions) {
    for (const p of new Set(q.principles)) byPrinciple[p]++;
    const primary = q.principles[0];
    if (q.round === 5 && q.kind === 'behavioral' && primary) round5Primary[primary]++;
  }
  for (const id of PRINCIPLE_IDS) {
    if (byPrinciple[id] === 0) problems.push(`principle ${id} is not covered: no question lists it`);
  }
  const round5Total = byRound['5'].technical + byRound['5'].behavioral;
  for (const id of PRINCIPLE_IDS) {
    if (round5Primary[id] < MIN_ROUND5_PER_PRINCIPLE) {
      const none = round5Total === 0 ? ' (round 5 has no questions: is questions/round-5-*.yaml missing?)' : '';
      problems.push(
        `round 5: ${round5Primary[id]} behavioral questions with primary principle ${id} (need >= ${MIN_ROUND5_PER_PRINCIPLE})${none}`,
      );
    }
  }

  // Per question: key points and follow-ups.
  for (const q of questions) {
    if (q.kind === 'technical' && (q.keyPoints.length < MIN_TECHNICAL_KEY_POINTS || q.keyPoints.length > MAX_TECHNICAL_KEY_POINTS)) {
      problems.push(
        `question ${q.id}: ${q.keyPoints.length} key points (technical questions need ${MIN_TECHNICAL_KEY_POINTS}-${MAX_TECHNICAL_KEY_POINTS})`,
      );
    }
    if (q.followUps.length < MIN_FOLLOW_UPS) {
      problems.push(`question ${q.id}: ${q.followUps.length} follow-ups (need >= ${MIN_FOLLOW_UPS})`);
    }
  }

  // Near-duplicate prompts.
  const nearDuplicates = findNearDuplicates(questions);
  for (const d of nearDuplicates) {
    problems.push(
      `near-duplicate prompts: ${d.a} and ${d.b} (word similarity ${d.similarity.words.toFixed(2)}, bigram similarity ${d.similarity.bigrams.toFixed(2)}; limits ${WORD_SIMILARITY_THRESHOLD} / ${BIGRAM_SIMILARITY_THRESHOLD})`,
    );
  }

  // The study guide: verbatim prompts, design scenarios, topics.
  for (const seed of SEED_PROMPTS) {
    const exact = questions.filter((q) => q.prompt.trim() === seed.prompt);
    if (exact.length === 0) {
      problems.push(`study-guide prompt missing (round ${seed.round}, word for word): "${seed.prompt}"`);
    } else if (!exact.some((q) => q.round === seed.round)) {
      problems.push(`study-guide prompt "${seed.prompt}" is in round ${exact[0]!.round} (${exact[0]!.id}), expected round ${seed.round}`);
    }
  }
  for (const scenario of SEED_SCENARIOS) {
    const candidates = questions.filter((q) => scenario.rounds.includes(q.round) && scenario.identify.every((re) => re.test(q.prompt)));
    const where = `round ${scenario.rounds.join(' or ')}`;
    if (candidates.length === 0) {
      problems.push(`study-guide question missing: ${scenario.name} (${where}; its prompt must match ${scenario.identify.map(String).join(' and ')})`);
      continue;
    }
    const scored = candidates.map((q) => {
      const text = fullText(q);
      return { q, missing: scenario.elements.filter((e) => !e.pattern.test(text)).map((e) => e.label) };
    });
    scored.sort((x, y) => x.missing.length - y.missing.length);
    const best = scored[0]!;
    if (best.missing.length > 0) {
      problems.push(`study-guide question ${best.q.id} (${scenario.name}) does not mention: ${best.missing.join(', ')}`);
    }
  }
  const topics = TOPICS.map((topic) => ({
    name: topic.name,
    questions: questions.filter((q) => q.tags.some((t) => topic.tags.includes(t)) || topic.prompt.test(q.prompt)).map((q) => q.id),
  }));
  for (const topic of topics) {
    if (topic.questions.length === 0) {
      const spec = TOPICS.find((t) => t.name === topic.name)!;
      problems.push(`study-guide topic not covered: ${topic.name} (tag one question ${spec.tags.join(' or ')}, or mention it in a prompt)`);
    }
  }

  return {
    total: questions.length,
    byRound,
    byPrinciple,
    round5Primary,
    topics,
    nearDuplicates,
    ok: problems.length === 0,
    problems,
  };
}

/** The one-line JSON form (`questions:check --json`). */
export function reportJson(report: CheckReport): string {
  return JSON.stringify({
    total: report.total,
    byRound: report.byRound,
    byPrinciple: report.byPrinciple,
    ok: report.ok,
    problems: report.problems,
  });
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padLeft(text: string | number, width: number): string {
  const s = String(text);
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** The human form: coverage tables, then one line per problem. */
export function formatReport(report: CheckReport, principleNames: ReadonlyMap<string, string> = new Map()): string {
  const lines: string[] = [];
  lines.push(`Question bank: ${report.total} questions`);
  lines.push('');
  const roundWidth = 44;
  lines.push(`${pad('Round', roundWidth)} ${padLeft('technical', 10)} ${padLeft('behavioral', 11)} ${padLeft('total', 6)}`);
  for (const round of ROUNDS) {
    const c = report.byRound[`${round}`];
    lines.push(
      `${pad(`${round} ${ROUND_TITLES[round]}`, roundWidth)} ${padLeft(c.technical, 10)} ${padLeft(c.behavioral, 11)} ${padLeft(c.technical + c.behavioral, 6)}`,
    );
  }
  lines.push(
    `(rounds 1-4 need >= ${MIN_TECHNICAL_PER_ROUND} technical and >= ${MIN_BEHAVIORAL_PER_ROUND} behavioral; round 5 needs >= ${MIN_ROUND5_PER_PRINCIPLE} per principle)`,
  );
  lines.push('');
  const principleWidth = 48;
  lines.push(`${pad('Principle', principleWidth)} ${padLeft('questions', 10)} ${padLeft('round 5 primary', 16)}`);
  for (const id of PRINCIPLE_IDS) {
    lines.push(
      `${pad(principleNames.get(id) ?? id, principleWidth)} ${padLeft(report.byPrinciple[id], 10)} ${padLeft(report.round5Primary[id], 16)}`,
    );
  }
  lines.push('');
  const covered = report.topics.filter((t) => t.questions.length > 0).length;
  lines.push(`Study-guide topics covered: ${covered}/${report.topics.length}`);
  lines.push('');
  if (report.ok) {
    lines.push('OK: the question bank passes every check.');
  } else {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
    for (const problem of report.problems) lines.push(`FAIL ${problem}`);
  }
  return lines.join('\n');
}
