import type Database from 'better-sqlite3';

/** What forget-me deletes, counted so that the member is told exactly. */
export interface MemberData {
  readonly answers: number;
  readonly reviewsWritten: number;
  readonly reviewsReceived: number;
  readonly streaks: number;
  readonly awayPeriods: number;
  readonly mockSessions: number;
  /** A reminder time or a time zone was set. */
  readonly settings: boolean;
}

const count = (sqlite: Database.Database, sql: string, memberId: number) =>
  (sqlite.prepare(sql).get(memberId) as { n: number }).n;

export function memberData(sqlite: Database.Database, memberId: number): MemberData {
  const member = sqlite.prepare('SELECT remind_time, timezone FROM member WHERE id = ?').get(memberId) as
    | { remind_time: string | null; timezone: string | null }
    | undefined;
  return {
    answers: count(sqlite, 'SELECT count(*) AS n FROM answer WHERE member_id = ?', memberId),
    reviewsWritten: count(sqlite, 'SELECT count(*) AS n FROM review WHERE reviewer_id = ?', memberId),
    reviewsReceived: count(
      sqlite,
      'SELECT count(*) AS n FROM review r JOIN answer a ON a.id = r.answer_id WHERE a.member_id = ? AND r.reviewer_id <> a.member_id',
      memberId,
    ),
    streaks: count(sqlite, 'SELECT count(*) AS n FROM streak WHERE member_id = ?', memberId),
    awayPeriods: count(sqlite, 'SELECT count(*) AS n FROM away_period WHERE member_id = ?', memberId),
    mockSessions: count(sqlite, 'SELECT count(*) AS n FROM mock_session WHERE candidate_id = ?', memberId),
    settings: Boolean(member?.remind_time || member?.timezone),
  };
}

/**
 * The bot's own chat messages that carry the member's words or a verdict on them: the STAR-form
 * answers it posted for them, and the reviews they wrote or received (the thread reply, or the DM
 * that carried a private review). Their own thread messages are not here: only they (or a
 * workspace admin) can delete those.
 */
export function messagesPostedFor(sqlite: Database.Database, memberId: number): string[] {
  const rows = sqlite
    .prepare(
      `SELECT message_ref AS ref FROM answer WHERE member_id = ? AND source = 'form' AND message_ref IS NOT NULL AND message_ref <> ''
       UNION
       SELECT r.message_ref FROM review r WHERE r.message_ref IS NOT NULL
          AND (r.reviewer_id = ? OR r.answer_id IN (SELECT id FROM answer WHERE member_id = ?))`,
    )
    .all(memberId, memberId, memberId) as Array<{ ref: string }>;
  return rows.map((r) => r.ref);
}

/** What a scorecard says instead of the name of an interviewer who asked to be forgotten. */
export const FORMER_MEMBER = 'a former member';

/**
 * Deletes a member and everything that is theirs in that community, in one transaction. The
 * member row goes last and the schema's ON DELETE CASCADE takes the rest with it: answers (and
 * their messages, the reviews they received and review assignments), reviews written, streaks,
 * away periods, mock sessions, pending confirmations. A partner seat in someone else's mock
 * session is set to null: that session is the other member's data, so the scorecard the member
 * gave stays, under FORMER_MEMBER instead of their name.
 */
export function forgetMember(sqlite: Database.Database, memberId: number): MemberData {
  return sqlite.transaction(() => {
    const data = memberData(sqlite, memberId);
    sqlite
      .prepare(
        `UPDATE mock_session SET scorecard = json_set(scorecard, '$.interviewer.by', ?)
          WHERE partner_id = ? AND json_extract(scorecard, '$.interviewer.by') IS NOT NULL`,
      )
      .run(FORMER_MEMBER, memberId);
    sqlite.prepare('DELETE FROM member WHERE id = ?').run(memberId);
    return data;
  })();
}

/** The counts as one sentence part; `postedMessages` adds the bot's messages removed (or to remove) from the chat. */
export function describeData(data: MemberData, postedMessages = 0): string {
  const n = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;
  const items = [
    n(data.answers, 'answer', 'answers'),
    n(data.reviewsWritten, 'review you wrote', 'reviews you wrote'),
    n(data.reviewsReceived, 'review of your answers', 'reviews of your answers'),
    n(data.streaks, 'streak', 'streaks'),
    n(data.awayPeriods, 'away period', 'away periods'),
    n(data.mockSessions, 'mock interview', 'mock interviews'),
  ];
  if (data.settings) items.push('your reminder and time-zone settings');
  if (postedMessages > 0) {
    items.push(`${n(postedMessages, 'message', 'messages')} Bar Raiser posted for you (STAR-form answers, reviews by you or of your answers)`);
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
