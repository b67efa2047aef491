import type Database from 'better-sqlite3';
import { and, asc, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { mockSessions, mockTurns } from '../../db/schema.js';
import { equalsLiteral } from '../../db/literal.js';
import type { Scorecard } from './scorecard.js';
import type { InterviewerCard } from './partner-form.js';

export type SessionRow = typeof mockSessions.$inferSelect;
export type TurnRow = typeof mockTurns.$inferSelect;

/**
 * Phases of a session (mock_session.phase):
 *   starting   the row exists, the thread is being opened (deadline: a short grace period)
 *   answering  a question is asked; the candidate answers
 *   follow-up  a follow-up was asked on the current question
 *   scoring    partner mode: the interview is over, the interviewer fills the scorecard
 *   finished | stopped
 * Every active phase has a question_deadline_at, so the tick's one indexed query finds all work.
 */
export type Phase = 'starting' | 'answering' | 'follow-up' | 'scoring' | 'finished' | 'stopped';
export const INTERVIEW_PHASES: readonly string[] = ['starting', 'answering', 'follow-up'];

/** What mock_session.scorecard holds. */
export interface StoredScorecards {
  readonly auto?: Scorecard;
  readonly interviewer?: InterviewerCard;
}

export function inInterview(session: SessionRow): boolean {
  return session.status === 'active' && INTERVIEW_PHASES.includes(session.phase);
}

/** mock_session and mock_turn. Writes are synchronous (better-sqlite3), so a state change never interleaves. */
export class SessionStore {
  private readonly byThread: Database.Statement;
  private readonly dueStatement: Database.Statement;

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
  ) {
    // Hot paths as prepared statements: every thread message in the workspace asks byThread first.
    this.byThread = sqlite.prepare('SELECT id FROM mock_session WHERE thread_ref = ? LIMIT 1');
    // The literal status = 'active' lets SQLite use the partial index mock_session_deadline_idx.
    this.dueStatement = sqlite.prepare(
      "SELECT id FROM mock_session WHERE status = 'active' AND question_deadline_at <= ? ORDER BY question_deadline_at LIMIT 200",
    );
  }

  idByThread(thread: string): number | undefined {
    return (this.byThread.get(thread) as { id: number } | undefined)?.id;
  }

  /** Active sessions whose deadline is at or before `until`. */
  due(until: number): number[] {
    return (this.dueStatement.all(until) as Array<{ id: number }>).map((r) => r.id);
  }

  get(id: number): SessionRow | undefined {
    return this.db.select().from(mockSessions).where(eq(mockSessions.id, id)).get();
  }

  allActive(): SessionRow[] {
    return this.db
      .select()
      .from(mockSessions)
      .where(and(equalsLiteral(mockSessions.status, 'active'), isNotNull(mockSessions.questionDeadlineAt)))
      .all();
  }

  /** The member's session still in its interview (as candidate or interviewer), if any. */
  interviewOf(memberId: number): SessionRow | undefined {
    return this.db
      .select()
      .from(mockSessions)
      .where(
        and(
          equalsLiteral(mockSessions.status, 'active'),
          or(eq(mockSessions.candidateId, memberId), eq(mockSessions.partnerId, memberId)),
          inArray(mockSessions.phase, [...INTERVIEW_PHASES]),
        ),
      )
      .orderBy(desc(mockSessions.id))
      .get();
  }

  /** The member's latest active session, in any phase (scoring included). */
  activeOf(memberId: number): SessionRow | undefined {
    return this.db
      .select()
      .from(mockSessions)
      .where(and(equalsLiteral(mockSessions.status, 'active'), or(eq(mockSessions.candidateId, memberId), eq(mockSessions.partnerId, memberId))))
      .orderBy(desc(mockSessions.id))
      .get();
  }

  /** The member's latest session of any status (for /mock status after the end, and /mock swap). */
  latestOf(memberId: number, withPartner = false): SessionRow | undefined {
    const who = or(eq(mockSessions.candidateId, memberId), eq(mockSessions.partnerId, memberId));
    return this.db
      .select()
      .from(mockSessions)
      .where(withPartner ? and(who, isNotNull(mockSessions.partnerId)) : who)
      .orderBy(desc(mockSessions.id))
      .get();
  }

  insertStarting(values: {
    communityId: string;
    channelId: string;
    candidateId: number;
    partnerId: number | null;
    round: number;
    questionIds: string[];
    minutes: number;
    now: number;
    deadline: number;
  }): SessionRow {
    return this.db
      .insert(mockSessions)
      .values({
        communityId: values.communityId,
        channelId: values.channelId,
        candidateId: values.candidateId,
        partnerId: values.partnerId,
        round: values.round,
        questionIds: values.questionIds,
        minutesPerQuestion: values.minutes,
        phase: 'starting',
        questionDeadlineAt: values.deadline,
        warned: true,
        startedAt: values.now,
      })
      .returning()
      .get();
  }

  setThread(id: number, threadRef: string, messageRef: string): void {
    this.db.update(mockSessions).set({ threadRef, messageRef }).where(eq(mockSessions.id, id)).run();
  }

  /** Opens question `index`: its turn row and the session's clock. Idempotent per (session, position). */
  beginQuestion(session: SessionRow, index: number, now: number, warningMs: number): void {
    const questionId = session.questionIds[index]!;
    const deadline = now + session.minutesPerQuestion * 60_000;
    this.db.transaction((tx) => {
      tx.insert(mockTurns)
        .values({ sessionId: session.id, position: index, questionId, startedAt: now })
        .onConflictDoNothing()
        .run();
      tx.update(mockSessions)
        .set({
          currentIndex: index,
          phase: 'answering',
          questionStartedAt: now,
          questionDeadlineAt: deadline,
          // No warning when the whole question is shorter than the warning.
          warned: deadline - warningMs <= now,
        })
        .where(eq(mockSessions.id, session.id))
        .run();
    });
  }

  turns(sessionId: number): TurnRow[] {
    return this.db.select().from(mockTurns).where(eq(mockTurns.sessionId, sessionId)).orderBy(asc(mockTurns.position)).all();
  }

  currentTurn(session: SessionRow): TurnRow | undefined {
    return this.db
      .select()
      .from(mockTurns)
      .where(and(eq(mockTurns.sessionId, session.id), eq(mockTurns.position, session.currentIndex)))
      .get();
  }

  /** Records a follow-up asked (several in partner mode, one per line) and moves to the follow-up phase. */
  askFollowUp(session: SessionRow, turn: TurnRow, asked: string[], now: number): void {
    this.db.transaction((tx) => {
      tx.update(mockTurns)
        .set({ followUp: asked.join('\n'), followUpAt: turn.followUpAt ?? now })
        .where(eq(mockTurns.id, turn.id))
        .run();
      tx.update(mockSessions).set({ phase: 'follow-up' }).where(eq(mockSessions.id, session.id)).run();
    });
  }

  endTurn(turnId: number, now: number, timedOut: boolean): void {
    this.db.update(mockTurns).set({ endedAt: now, timedOut }).where(eq(mockTurns.id, turnId)).run();
  }

  markWarned(id: number): void {
    this.db.update(mockSessions).set({ warned: true }).where(eq(mockSessions.id, id)).run();
  }

  /** Partner mode: the interview is over, the interviewer has until `deadline` to send the scorecard. */
  enterScoring(id: number, scorecard: StoredScorecards, deadline: number): void {
    this.db
      .update(mockSessions)
      .set({ phase: 'scoring', questionDeadlineAt: deadline, warned: true, scorecard })
      .where(eq(mockSessions.id, id))
      .run();
  }

  close(id: number, status: 'finished' | 'stopped', now: number, scorecard: StoredScorecards | null): void {
    this.db
      .update(mockSessions)
      .set({ status, phase: status, questionDeadlineAt: null, finishedAt: now, ...(scorecard ? { scorecard } : {}) })
      .where(eq(mockSessions.id, id))
      .run();
  }

  /** True the first time a typed control message is seen: a redelivered "next" moves nothing twice. */
  claimControl(id: number, messageId: string): boolean {
    const session = this.get(id);
    if (!session || session.lastControlId === messageId) return false;
    this.db.update(mockSessions).set({ lastControlId: messageId }).where(eq(mockSessions.id, id)).run();
    return true;
  }
}

export function scorecardsOf(session: SessionRow): StoredScorecards {
  return (session.scorecard as StoredScorecards | null) ?? {};
}
