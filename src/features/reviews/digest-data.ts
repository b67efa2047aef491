import type Database from 'better-sqlite3';

/** What the weekly digest says about one channel and one week. Plain data: digest-doc.ts renders it. */
export interface DigestData {
  readonly answers: number;
  readonly answerers: number;
  readonly reviews: number;
  readonly streaks: readonly { name: string; current: number; longest: number }[];
  readonly reviewers: readonly { name: string; reviews: number; helpful: number }[];
  /** The best-reviewed answer of the week in each round that had reviewed answers, by round. */
  readonly best: readonly BestAnswer[];
  /** Principle ids some answer in this channel has ever been tagged with. */
  readonly principlesCovered: ReadonlySet<string>;
}

export interface BestAnswer {
  readonly round: number;
  readonly authorName: string;
  readonly questionId: string;
  readonly text: string;
  /** The local date of the post, to name the thread ("the thread of Tue 1 Dec's question"). */
  readonly postDate: string | null;
  readonly average: number;
  readonly reviews: number;
}

/** The mean of the rubric lines that apply to one review, in SQL (technical depth may be null). */
const REVIEW_MEAN = `(r.situation_task + r.action + r.result + r.principle_fit + coalesce(r.technical_depth, 0)) * 1.0
  / (4 + (r.technical_depth IS NOT NULL))`;

/** The digest's queries. They run once a week per channel, reading the channel's answers by index. */
export class DigestQueries {
  private readonly sql: Record<'counts' | 'reviews' | 'streaks' | 'reviewers' | 'scored' | 'principles', Database.Statement>;

  constructor(sqlite: Database.Database) {
    const weekAnswers = 'a.channel_id = @channel AND a.post_id IS NOT NULL';
    const weekReviews = `${weekAnswers} AND r.created_at >= @from AND r.created_at < @to`;
    this.sql = {
      counts: sqlite.prepare(
        `SELECT count(*) AS answers, count(DISTINCT a.member_id) AS answerers FROM answer a
          WHERE ${weekAnswers} AND a.created_at >= @from AND a.created_at < @to`,
      ),
      reviews: sqlite.prepare(`SELECT count(*) AS n FROM review r JOIN answer a ON a.id = r.answer_id WHERE ${weekReviews}`),
      streaks: sqlite.prepare(
        `SELECT m.name, s.current, s.longest FROM streak s JOIN member m ON m.id = s.member_id
          WHERE s.channel_id = @channel AND s.current > 0 ORDER BY s.current DESC, s.longest DESC, m.name LIMIT 3`,
      ),
      reviewers: sqlite.prepare(
        `SELECT m.name, count(*) AS reviews, coalesce(sum(r.helpful), 0) AS helpful
           FROM review r JOIN answer a ON a.id = r.answer_id JOIN member m ON m.id = r.reviewer_id
          WHERE ${weekReviews} GROUP BY r.reviewer_id ORDER BY reviews DESC, helpful DESC, m.name LIMIT 3`,
      ),
      scored: sqlite.prepare(
        `SELECT a.round, m.name AS authorName, a.question_id AS questionId, a.text, p.local_date AS postDate,
                avg(${REVIEW_MEAN}) AS average, count(*) AS reviews, a.id
           FROM answer a JOIN review r ON r.answer_id = a.id JOIN member m ON m.id = a.member_id
           LEFT JOIN daily_post p ON p.id = a.post_id
          WHERE ${weekAnswers} AND a.created_at >= @from AND a.created_at < @to
          GROUP BY a.id ORDER BY a.round, average DESC, reviews DESC, a.id`,
      ),
      principles: sqlite.prepare(`SELECT DISTINCT j.value AS id FROM answer a, json_each(a.principles) j WHERE a.channel_id = @channel`),
    };
  }

  /** The week [from, to) of a channel. */
  read(channel: string, from: number, to: number): DigestData {
    const params = { channel, from, to };
    const counts = this.sql.counts.get(params) as { answers: number; answerers: number };
    const scored = this.sql.scored.all(params) as Array<BestAnswer & { id: number }>;
    // Rows come sorted by round, then best first: the first row of each round is its best.
    const best = scored.filter((row, i) => i === 0 || scored[i - 1]!.round !== row.round).map(({ id: _id, ...row }) => row);
    return {
      answers: counts.answers,
      answerers: counts.answerers,
      reviews: (this.sql.reviews.get(params) as { n: number }).n,
      streaks: this.sql.streaks.all({ channel }) as DigestData['streaks'],
      reviewers: this.sql.reviewers.all(params) as DigestData['reviewers'],
      best,
      principlesCovered: new Set((this.sql.principles.all({ channel }) as Array<{ id: string }>).map((r) => r.id)),
    };
  }
}
