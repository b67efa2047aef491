import type { Question, Round } from '../../catalog/schema.js';
import type { Services } from '../../core/feature.js';
import { DeliveryError, type MessageDoc, type Ref } from '../../core/ports.js';
import type { MockAnswers } from './answers.js';
import {
  controlsDoc,
  followUpDoc,
  guideDocs,
  openingDoc,
  questionDoc,
  scoringDoc,
  threadName,
  WARNING_MS,
  warningDoc,
} from './docs.js';
import { chooseFollowUp } from './follow-up.js';
import { KeyedLock } from './keyed-lock.js';
import { scorecardForm } from './partner-form.js';
import type { People, Person } from './people.js';
import { buildScorecard, scorecardDoc, type Scorecard } from './scorecard.js';
import { history, pickQuestions, seedOf } from './selection.js';
import { inInterview, scorecardsOf, type SessionRow, type SessionStore, type TurnRow } from './store.js';

/** A thread is being opened: if nothing happens within this, the session is dropped. */
const STARTING_GRACE_MS = 2 * 60_000;
/** How long an interviewer has to send the scorecard. */
export const SCORING_WINDOW_MS = 24 * 3_600_000;

/**
 * The mock interview's state machine. Every transition writes the new state first (one synchronous
 * SQLite write), then sends: a crash in between loses a message, never the session, and the
 * start-up pass re-posts where each interview stands. All work on one session runs under its lock.
 */
export class MockEngine {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly services: Services,
    readonly store: SessionStore,
    readonly answers: MockAnswers,
    readonly people: People,
  ) {}

  private now(): number {
    return this.services.clock.now().getTime();
  }

  /** Runs `work` on the current state of session `id`, one at a time per session. */
  withSession<T>(id: number, work: (session: SessionRow) => Promise<T>): Promise<T | undefined> {
    return this.locks.run(id, async () => {
      const session = this.store.get(id);
      return session ? work(session) : undefined;
    });
  }

  question(id: string): Question {
    return (
      this.services.catalog.question(id) ?? {
        // The bank changed under a running session: keep the interview going with a stand-in.
        id,
        round: 5,
        kind: 'behavioral',
        prompt: `(Question ${id} is no longer in the question bank: tell the story you would have told.)`,
        principles: ['ownership'],
        difficulty: 2,
        followUps: ['What would you do differently next time?', 'How did you measure the result?'],
        keyPoints: [],
        tags: ['missing'],
      }
    );
  }

  person(memberId: number | null): Person | undefined {
    return memberId === null ? undefined : this.people.get(memberId);
  }

  /** Where a session is, for "you already have one" and /mock status. */
  where(session: SessionRow): string {
    const channel = this.services.sqlite.prepare('SELECT name FROM channel WHERE id = ?').get(session.channelId) as { name: string } | undefined;
    const place = channel?.name ? (channel.name.startsWith('#') ? channel.name : `#${channel.name}`) : 'its channel';
    const candidate = this.person(session.candidateId)?.name ?? 'someone';
    const step =
      session.phase === 'scoring'
        ? 'waiting for the interviewer’s scorecard'
        : `question ${session.currentIndex + 1} of ${session.questionIds.length}`;
    return `Round ${session.round}, ${step}, in ${place} (thread “${threadName(session.round, candidate)}”)`;
  }

  /** Why `person` cannot start (or be interviewed in) a new session now; null when they can. */
  busy(person: Person, asked: 'self' | 'other'): string | null {
    const session = this.store.interviewOf(person.memberId);
    if (!session) return null;
    if (asked === 'other') return `@${person.name} is in a mock interview right now (${this.where(session)}). Try again when it is over.`;
    if (session.candidateId === person.memberId) {
      return `You already have a mock interview running: ${this.where(session)}. Carry on there, or \`/mock stop\` to end it.`;
    }
    const candidate = this.person(session.candidateId)?.name ?? 'someone';
    return `You are interviewing @${candidate} right now: ${this.where(session)}. \`/mock stop\` ends that interview.`;
  }

  // ------------------------------------------------------------------------------- start

  /** Opens a session: thread, guide for the partner, first question. An error string when it cannot. */
  async open(input: {
    community: Ref;
    channel: Ref;
    /** Who ran the command (the candidate, or either of the two for /mock swap). */
    actorId: number;
    candidate: Person;
    partner: Person | null;
    round: Round;
    count: number;
    minutes: number;
  }): Promise<{ session: SessionRow; warning?: string } | { error: string }> {
    const { store, services } = this;
    // Checks and the insert run without an await in between: a second /mock sees this session.
    const role = (p: Person) => (p.memberId === input.actorId ? 'self' : 'other');
    const busy = this.busy(input.candidate, role(input.candidate)) ?? (input.partner ? this.busy(input.partner, role(input.partner)) : null);
    if (busy) return { error: busy };
    const now = services.clock.now();
    const seen = history(services.sqlite, input.candidate.memberId);
    const questions = pickQuestions(services.catalog, input.round, input.count, seen, seedOf(input.candidate.memberId, now));
    if (questions.length === 0) return { error: `The question bank has no questions for round ${input.round}.` };
    const created = store.insertStarting({
      communityId: input.community,
      channelId: input.channel,
      candidateId: input.candidate.memberId,
      partnerId: input.partner?.memberId ?? null,
      round: input.round,
      questionIds: questions.map((q) => q.id),
      minutes: input.minutes,
      now: now.getTime(),
      deadline: now.getTime() + STARTING_GRACE_MS,
    });
    const name = threadName(input.round, input.candidate.name);
    let posted;
    try {
      posted = await services.port.startThread(
        input.channel,
        openingDoc({
          round: input.round,
          candidate: input.candidate.name,
          partner: input.partner?.name ?? null,
          questions: questions.length,
          minutes: input.minutes,
        }),
        { threadName: name, key: `mock:${created.id}` },
      );
    } catch (err) {
      store.close(created.id, 'stopped', this.now(), null);
      throw err;
    }
    store.setThread(created.id, posted.thread, posted.message);
    let warning: string | undefined;
    if (input.partner) {
      const guide = guideDocs({ candidate: input.candidate.name, round: input.round, minutes: input.minutes, questions, catalog: services.catalog });
      for (const doc of guide) {
        if (await this.direct(input.partner, doc)) continue;
        warning = `I could not send @${input.partner.name} the interviewer guide privately; they can still type next, follow-up or finish in the thread.`;
        break;
      }
    }
    await this.withSession(created.id, (session) => this.beginQuestion(session, 0, null));
    return { session: store.get(created.id)!, warning };
  }

  // ------------------------------------------------------------------------------- transitions

  private async beginQuestion(session: SessionRow, index: number, lead: string | null): Promise<void> {
    this.store.beginQuestion(session, index, this.now(), WARNING_MS);
    const question = this.question(session.questionIds[index]!);
    const solo = session.partnerId === null;
    const total = session.questionIds.length;
    const minutes = session.minutesPerQuestion;
    await this.post(
      session,
      questionDoc({ sessionId: session.id, index, total, minutes, question, catalog: this.services.catalog, solo, lead: lead ?? undefined }),
    );
    const partner = this.person(session.partnerId);
    const candidate = this.person(session.candidateId)?.name ?? 'the candidate';
    if (partner) await this.direct(partner, controlsDoc({ sessionId: session.id, index, total, candidate, followUps: question.followUps }));
  }

  /**
   * "next": in a solo interview the first one on an answered question asks the dive-deep
   * follow-up; otherwise (or with nothing answered: a skip) the interview moves on.
   */
  async next(session: SessionRow, interaction: Ref | null): Promise<void> {
    const turn = this.store.currentTurn(session);
    if (!turn) return;
    if (session.partnerId === null && session.phase === 'answering') {
      const answer = this.answers.forTurns([turn.id]).get(turn.id);
      if (answer) {
        const followUp = chooseFollowUp(this.question(turn.questionId), answer.analysis);
        this.store.askFollowUp(session, turn, [followUp], this.now());
        await this.post(session, followUpDoc({ sessionId: session.id, index: session.currentIndex, text: followUp, from: null }));
        return;
      }
    }
    const answered = this.answers.forTurns([turn.id]).has(turn.id);
    await this.advance(session, turn, false, answered ? null : `Skipped question ${session.currentIndex + 1}.`, interaction);
  }

  /** Partner mode: asks the next suggested follow-up of the current question. False when none is left. */
  async partnerFollowUp(session: SessionRow): Promise<boolean> {
    const turn = this.store.currentTurn(session);
    if (!turn) return false;
    const asked = turn.followUp ? turn.followUp.split('\n') : [];
    const next = this.question(turn.questionId).followUps.find((f) => !asked.includes(f));
    if (!next) return false;
    this.store.askFollowUp(session, turn, [...asked, next], this.now());
    const partner = this.person(session.partnerId)?.name ?? 'your interviewer';
    await this.post(session, followUpDoc({ sessionId: session.id, index: session.currentIndex, text: next, from: partner }));
    return true;
  }

  /** Partner mode: ends the interview now (the questions not reached are left out). */
  async finishEarly(session: SessionRow, interaction: Ref | null): Promise<void> {
    const turn = this.store.currentTurn(session);
    if (turn && turn.endedAt === null) this.store.endTurn(turn.id, this.now(), false);
    const partner = this.person(session.partnerId)?.name ?? 'The interviewer';
    const where = `question ${session.currentIndex + 1} of ${session.questionIds.length}`;
    await this.end(session, `@${partner} ended the interview after ${where}.`, interaction);
  }

  private async advance(session: SessionRow, turn: TurnRow, timedOut: boolean, lead: string | null, interaction: Ref | null): Promise<void> {
    this.store.endTurn(turn.id, this.now(), timedOut);
    if (session.currentIndex + 1 < session.questionIds.length) await this.beginQuestion(session, session.currentIndex + 1, lead);
    else await this.end(session, [lead, 'That was the last question.'].filter(Boolean).join(' '), interaction);
  }

  /** The end of the questions: the scorecard (solo), or the analysis and the interviewer's form (partner). */
  private async end(session: SessionRow, lead: string, interaction: Ref | null): Promise<void> {
    const card = this.scorecard(session);
    const partner = this.person(session.partnerId);
    if (!partner) {
      this.store.close(session.id, 'finished', this.now(), { auto: card });
      await this.post(session, { text: lead });
      await this.post(session, scorecardDoc(card));
      return;
    }
    this.store.enterScoring(session.id, { auto: card }, this.now() + SCORING_WINDOW_MS);
    await this.post(session, { text: lead });
    await this.post(session, scorecardDoc(card, 'Automatic analysis'));
    await this.post(session, scoringDoc({ sessionId: session.id, partner: partner.name }));
    if (interaction && (await this.openForm(interaction, session))) return;
    await this.direct(partner, {
      ...scoringDoc({ sessionId: session.id, partner: partner.name }),
      text: `The interview of @${card.candidate} is over: fill the scorecard (both of you will see it in the thread).`,
    });
  }

  /** Opens the interviewer's form; false (logged) when the interaction has expired or the platform refuses. */
  async openForm(interaction: Ref, session: SessionRow): Promise<boolean> {
    try {
      await this.services.port.openForm(interaction, this.form(session));
      return true;
    } catch (err) {
      this.services.log.warn({ err, session: session.id }, 'could not open the mock scorecard form');
      return false;
    }
  }

  form(session: SessionRow) {
    const names = [...new Set(session.questionIds.flatMap((id) => this.question(id).principles))].map(
      (p) => this.services.catalog.principle(p)?.name ?? p,
    );
    return scorecardForm(session.id, names);
  }

  scorecard(session: SessionRow): Scorecard {
    const turns = this.store.turns(session.id);
    return buildScorecard({
      session,
      turns,
      answers: this.answers.forTurns(turns.map((t) => t.id)),
      catalog: this.services.catalog,
      candidate: this.person(session.candidateId)?.name ?? 'someone',
      now: this.now(),
    });
  }

  /** /mock stop: ends the session where it is, with a scorecard for what was answered. */
  async stop(session: SessionRow, by: string): Promise<void> {
    if (session.phase === 'scoring') {
      this.store.close(session.id, 'finished', this.now(), null);
      await this.post(session, { text: `@${by} closed the interview without the interviewer’s scorecard.` });
      return;
    }
    const turn = this.store.currentTurn(session);
    if (turn && turn.endedAt === null) this.store.endTurn(turn.id, this.now(), false);
    const card = session.phase === 'starting' ? null : this.scorecard(session);
    const answered = card?.turns.filter((t) => t.answered).length ?? 0;
    this.store.close(session.id, 'stopped', this.now(), card ? { auto: card } : null);
    if (!session.threadRef) return;
    const plural = answered === 1 ? '' : 's';
    await this.post(session, { text: `⏹ Stopped by @${by} after ${answered} answered question${plural} of ${session.questionIds.length}.` });
    if (card && answered > 0) await this.post(session, scorecardDoc(card, 'Partial scorecard'));
  }

  /** The tick's work on a session whose warning or deadline has come. */
  async onDue(session: SessionRow, now: number): Promise<boolean> {
    if (session.status !== 'active' || session.questionDeadlineAt === null) return false;
    const talking = session.phase === 'answering' || session.phase === 'follow-up';
    if (session.questionDeadlineAt > now) {
      if (!talking || session.warned || session.questionDeadlineAt - WARNING_MS > now) return false;
      this.store.markWarned(session.id);
      await this.post(session, warningDoc(session.currentIndex));
      return true;
    }
    if (session.phase === 'starting') {
      this.store.close(session.id, 'stopped', now, null);
      return true;
    }
    if (session.phase === 'scoring') {
      this.store.close(session.id, 'finished', now, null);
      const partner = this.person(session.partnerId)?.name ?? 'the interviewer';
      await this.post(session, { text: `No scorecard from @${partner} arrived within 24 hours; the automatic analysis above stands.` });
      return true;
    }
    const turn = this.store.currentTurn(session);
    if (!turn) return false;
    await this.advance(session, turn, true, `⏰ Time is up for question ${session.currentIndex + 1}.`, null);
    return true;
  }

  /** After a restart: where a running interview stands (a message lost in the crash is not lost for the candidate). */
  async resumeNote(session: SessionRow): Promise<void> {
    if (session.phase !== 'answering' && session.phase !== 'follow-up') return;
    const left = Math.max(0, Math.ceil(((session.questionDeadlineAt ?? this.now()) - this.now()) / 60_000));
    const question = this.question(session.questionIds[session.currentIndex]!);
    const followUp = session.phase === 'follow-up' ? this.store.currentTurn(session)?.followUp?.split('\n').pop() : undefined;
    await this.post(session, {
      title: 'The interview goes on',
      text: `I was restarted. Question ${session.currentIndex + 1} of ${session.questionIds.length} continues, ${left} min left:\n\n${question.prompt}${
        followUp ? `\n\n**Follow-up:** ${followUp}` : ''
      }`,
      context: session.partnerId === null ? 'Answer here, then say `next`.' : undefined,
    });
  }

  // ------------------------------------------------------------------------------- sending

  /** Replies in the session's thread. A thread that is gone for good stops the session instead of failing every minute. */
  async post(session: SessionRow, doc: MessageDoc): Promise<Ref | null> {
    if (!session.threadRef) return null;
    try {
      return await this.services.port.reply(session.threadRef, doc);
    } catch (err) {
      if (err instanceof DeliveryError && err.permanent) {
        this.services.log.warn({ err, session: session.id }, 'mock thread is gone: stopping the session');
        const current = this.store.get(session.id);
        if (current?.status === 'active') this.store.close(session.id, 'stopped', this.now(), null);
        return null;
      }
      throw err;
    }
  }

  /** A direct message; false (logged) when the platform refuses it. */
  async direct(person: Person, doc: MessageDoc): Promise<boolean> {
    try {
      await this.services.port.sendDirect(person.ref, doc);
      return true;
    } catch (err) {
      this.services.log.warn({ err, member: person.memberId }, 'could not send a mock message privately');
      return false;
    }
  }

  isInterview(session: SessionRow): boolean {
    return inInterview(session);
  }

  interviewerCard(session: SessionRow) {
    return scorecardsOf(session).interviewer;
  }
}
