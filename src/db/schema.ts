import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are epoch milliseconds (UTC) in integer columns; local dates are 'YYYY-MM-DD' text in
// the channel's zone. Refs are the adapters' opaque strings.

export const communities = sqliteTable('community', {
  id: text('id').primaryKey(), // community ref
  name: text('name').notNull().default(''),
  createdAt: integer('created_at').notNull(),
});

export const channels = sqliteTable(
  'channel',
  {
    id: text('id').primaryKey(), // channel ref
    communityId: text('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    scheduled: integer('scheduled', { mode: 'boolean' }).notNull().default(false),
    timezone: text('timezone').notNull().default('UTC'),
    postTime: text('post_time').notNull().default('09:00'), // HH:MM local
    weekdays: text('weekdays').notNull().default('1,2,3,4,5'), // ISO weekdays, 1 = Monday
    rotation: text('rotation').notNull().default('weekday'), // weekday | cycle | round
    fixedRound: integer('fixed_round'),
    cycleNext: integer('cycle_next').notNull().default(1),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    pausedReason: text('paused_reason'),
    skipDate: text('skip_date'), // local date whose post is skipped
    /** Indexed: the scheduler's only question is "which channels have next_post_at <= now". Null when not due ever. */
    nextPostAt: integer('next_post_at'),
    failureCount: integer('failure_count').notNull().default(0),
    lastError: text('last_error'),
    reviewMode: text('review_mode').notNull().default('thread'), // thread | private
    reviewAssignHours: integer('review_assign_hours').notNull().default(4),
    digestWeekday: integer('digest_weekday').default(5), // null = digest off
    digestTime: text('digest_time').notNull().default('17:00'),
    nextDigestAt: integer('next_digest_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('channel_next_post_idx').on(t.nextPostAt).where(sql`${t.nextPostAt} IS NOT NULL`),
    index('channel_next_digest_idx').on(t.nextDigestAt).where(sql`${t.nextDigestAt} IS NOT NULL`),
    index('channel_community_idx').on(t.communityId),
  ],
);

export const members = sqliteTable(
  'member',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userRef: text('user_ref').notNull(),
    name: text('name').notNull().default(''),
    timezone: text('timezone'), // null = the channel's
    remindTime: text('remind_time'), // HH:MM, null = reminders off
    nextRemindAt: integer('next_remind_at'),
    awayUntil: integer('away_until'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('member_community_user_idx').on(t.communityId, t.userRef),
    index('member_next_remind_idx').on(t.nextRemindAt).where(sql`${t.nextRemindAt} IS NOT NULL`),
  ],
);

export const dailyPosts = sqliteTable(
  'daily_post',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    /** 1, 2, 3... per channel: streaks count consecutive sequence numbers. */
    seq: integer('seq').notNull(),
    round: integer('round').notNull(),
    questionId: text('question_id').notNull(),
    status: text('status').notNull().default('claimed'), // claimed | posted | failed
    messageRef: text('message_ref'),
    threadRef: text('thread_ref'),
    claimedAt: integer('claimed_at').notNull(),
    postedAt: integer('posted_at'),
    /** When the next post is due: answers before it keep the streak. */
    deadlineAt: integer('deadline_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    reviewsAssignedAt: integer('reviews_assigned_at'),
    reviewsOfferedAt: integer('reviews_offered_at'),
    /**
     * When reviewers are assigned: review_assign_hours before deadline_at, set by the reviews
     * feature when the post goes out. Indexed (while unassigned) so an idle tick is one index probe.
     */
    reviewAssignAt: integer('review_assign_at'),
  },
  (t) => [
    uniqueIndex('daily_post_channel_date_idx').on(t.channelId, t.localDate),
    uniqueIndex('daily_post_channel_seq_idx').on(t.channelId, t.seq),
    // Partial, like the two below: an index whose rows mostly share one key (every claim's NULL
    // thread, every post's status) made each claim several times slower to insert.
    index('daily_post_thread_ref_idx').on(t.threadRef).where(sql`${t.threadRef} IS NOT NULL`),
    // Posts being sent: the scheduler looks for them every minute.
    index('daily_post_claimed_idx').on(t.id).where(sql`${t.status} = 'claimed'`),
    index('daily_post_review_assign_idx')
      .on(t.reviewAssignAt)
      .where(sql`${t.reviewsAssignedAt} IS NULL AND ${t.reviewAssignAt} IS NOT NULL`),
    // Unreviewed answers are offered in the thread an hour before deadline_at.
    index('daily_post_review_offer_idx')
      .on(t.deadlineAt)
      .where(sql`${t.reviewsOfferedAt} IS NULL AND ${t.deadlineAt} IS NOT NULL`),
  ],
);

export const questionUsage = sqliteTable(
  'question_usage',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    lastUsedAt: integer('last_used_at').notNull(),
    timesUsed: integer('times_used').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.questionId] })],
);

export const mockSessions = sqliteTable(
  'mock_session',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    threadRef: text('thread_ref'),
    messageRef: text('message_ref'),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    partnerId: integer('partner_id').references(() => members.id, { onDelete: 'set null' }),
    round: integer('round').notNull(),
    questionIds: text('question_ids', { mode: 'json' }).$type<string[]>().notNull(),
    minutesPerQuestion: integer('minutes_per_question').notNull(),
    currentIndex: integer('current_index').notNull().default(0),
    /** asking → answering → follow-up → (next question) … → scoring (partner) → finished | stopped */
    phase: text('phase').notNull().default('answering'),
    questionStartedAt: integer('question_started_at'),
    questionDeadlineAt: integer('question_deadline_at'),
    warned: integer('warned', { mode: 'boolean' }).notNull().default(false),
    status: text('status').notNull().default('active'), // active | finished | stopped
    scorecard: text('scorecard', { mode: 'json' }),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    /** Platform message id of the last typed control ("next", "finish"): a redelivery after a restart does nothing twice. */
    lastControlId: text('last_control_id'),
  },
  (t) => [
    index('mock_session_deadline_idx').on(t.questionDeadlineAt).where(sql`${t.status} = 'active'`),
    index('mock_session_thread_idx').on(t.threadRef),
    index('mock_session_candidate_idx').on(t.candidateId, t.status),
    /** "Is this member interviewing someone right now?" and the FK's set-null on member deletion. */
    index('mock_session_partner_idx').on(t.partnerId, t.status),
  ],
);

export const mockTurns = sqliteTable(
  'mock_turn',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => mockSessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    questionId: text('question_id').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    followUp: text('follow_up'),
    timedOut: integer('timed_out', { mode: 'boolean' }).notNull().default(false),
    /** When the (first) follow-up was asked: answer messages after it answer the follow-up. */
    followUpAt: integer('follow_up_at'),
  },
  (t) => [uniqueIndex('mock_turn_session_position_idx').on(t.sessionId, t.position)],
);

export const answers = sqliteTable(
  'answer',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    postId: integer('post_id').references(() => dailyPosts.id, { onDelete: 'cascade' }),
    mockTurnId: integer('mock_turn_id').references(() => mockTurns.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    round: integer('round').notNull(),
    source: text('source').notNull(), // thread | form | mock
    /** The first message of the answer: reviews reply to it, reactions land on it. */
    messageRef: text('message_ref'),
    text: text('text').notNull(),
    analysis: text('analysis', { mode: 'json' }),
    /** 0-100 summary of the analysis, for ranking stories. */
    score: integer('score').notNull().default(0),
    principles: text('principles', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** True when it answered the post before the next one went out (counts for the streak). */
    onTime: integer('on_time', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastMessageAt: integer('last_message_at').notNull(),
  },
  (t) => [
    // last_message_at last: the join-window lookup (latest answer of a member to a post) reads it in order, no sort.
    index('answer_post_member_recent_idx').on(t.postId, t.memberId, t.lastMessageAt),
    index('answer_member_idx').on(t.memberId),
    index('answer_channel_created_idx').on(t.channelId, t.createdAt),
    // Partial: daily answers (no mock turn) write nothing to it.
    index('answer_mock_turn_idx').on(t.mockTurnId).where(sql`${t.mockTurnId} IS NOT NULL`),
  ],
);

/** The platform messages an answer is made of: several messages within 10 minutes join into one answer. */
export const answerMessages = sqliteTable(
  'answer_message',
  {
    /** Platform message id: unique, so a redelivered event never creates a second answer. */
    messageId: text('message_id').primaryKey(),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    messageRef: text('message_ref').notNull(),
    text: text('text').notNull(),
    postedAt: integer('posted_at').notNull(),
  },
  (t) => [index('answer_message_answer_idx').on(t.answerId)],
);

export const reviews = sqliteTable(
  'review',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    situationTask: integer('situation_task').notNull(),
    action: integer('action').notNull(),
    result: integer('result').notNull(),
    principleFit: integer('principle_fit').notNull(),
    technicalDepth: integer('technical_depth'), // technical questions only
    keep: text('keep').notNull(),
    change: text('change').notNull(),
    messageRef: text('message_ref'),
    helpful: integer('helpful', { mode: 'boolean' }).notNull().default(false),
    /** When the author marked it helpful (weekly credit on the leaderboard); null when not helpful. */
    helpfulAt: integer('helpful_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('review_answer_reviewer_idx').on(t.answerId, t.reviewerId),
    index('review_reviewer_idx').on(t.reviewerId),
    index('review_message_idx').on(t.messageRef),
  ],
);

export const reviewAssignments = sqliteTable(
  'review_assignment',
  {
    answerId: integer('answer_id')
      .primaryKey()
      .references(() => answers.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    assignedAt: integer('assigned_at').notNull(),
  },
  (t) => [index('review_assignment_reviewer_idx').on(t.reviewerId)],
);

export const streaks = sqliteTable(
  'streak',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    current: integer('current').notNull().default(0),
    longest: integer('longest').notNull().default(0),
    freezes: integer('freezes').notNull().default(0),
    /** Sequence number of the last post that counted (answered, frozen or away). */
    lastSeq: integer('last_seq').notNull().default(0),
    /** Posts answered in a row since the last freeze was earned. */
    sinceFreeze: integer('since_freeze').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.memberId] })],
);

/** Interactions waiting for a confirmation (e.g. /prep forget-me), so a click can be checked against who asked. */
export const pendingConfirmations = sqliteTable('pending_confirmation', {
  token: text('token').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id, { onDelete: 'cascade' }),
  action: text('action').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** Away periods (`/prep away`), kept as history so streaks can be recomputed from scratch. */
export const awayPeriods = sqliteTable(
  'away_period',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
  },
  (t) => [index('away_period_member_idx').on(t.memberId)],
);
