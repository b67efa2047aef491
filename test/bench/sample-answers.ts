/**
 * Deterministic STAR answers of a given length for benchmarks: varied sentences so the analyzer
 * does real work, no randomness so runs compare.
 */
const SITUATIONS = [
  'Last year our team at a payments company ran a nightly batch that loaded 40 million card transactions into Redshift.',
  'At my previous company the fraud analysts complained that the Kinesis consumer dropped records during peak hours.',
  'In my last role the finance dashboards were late by two hours most mornings because of a slow Glue job.',
];
const TASKS = [
  'I was asked to make the data available before 7 am for the risk team without adding headcount.',
  'My goal was to stop the data loss before the quarter close and prove it with reconciliation numbers.',
];
const ACTIONS = [
  'I profiled the Glue jobs and found that one skewed join on merchant id caused most of the delay.',
  'I rewrote the join with salting, split the load into hourly partitions and added a CloudWatch alarm on duration.',
  'I built a dead letter queue, added retries with exponential backoff and wrote a runbook for the on-call engineers.',
  'I compared the row counts of every partition with the source ledger and wrote a small tool that flags any gap.',
  'I decided to move the heavy aggregation to an incremental merge keyed by transaction id so reruns stay idempotent.',
  'We reviewed the design together, but I owned the rollout plan and I ran the backfill over a weekend.',
];
const RESULTS = [
  'As a result the load finished by 5:30 am every day for three months and runtime dropped by 60%.',
  'We saved $4,000 a month and the number of late dashboards went from twelve a month to zero.',
];

export function sampleAnswer(words: number, variant = 0): string {
  const paragraphs = [SITUATIONS[variant % SITUATIONS.length]!, TASKS[variant % TASKS.length]!];
  let count = paragraphs.join(' ').split(/\s+/).length + 40;
  const actions: string[] = [];
  for (let i = 0; count < words; i++) {
    const sentence = ACTIONS[(i + variant) % ACTIONS.length]!;
    actions.push(sentence);
    count += sentence.split(/\s+/).length;
  }
  paragraphs.push(actions.join(' '), RESULTS.join(' '));
  return paragraphs.join('\n\n');
}
