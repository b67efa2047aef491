import type Database from 'better-sqlite3';
import { forEachBounded } from '../../core/concurrency.js';
import type { Services } from '../../core/feature.js';
import type { MessageDoc } from '../../core/ports.js';
import { formatInstant, nextSlot } from '../daily/schedule.js';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
/** Due members read per query; a busy minute loops until none are left. */
const DUE_BATCH = 500;
const SEND_CONCURRENCY = 16;
const TODAY_MS = 86_400_000;

interface DueMember {
  readonly id: number;
  readonly userRef: string;
  readonly remindTime: string;
  readonly timezone: string | null;
  readonly awayUntil: number | null;
}

/** A channel where the member's streak is at stake today. */
interface AtStake {
  readonly channelName: string;
  readonly current: number;
  readonly freezes: number;
  readonly deadlineAt: number | null;
}

/** The next instant after `after` that reads `time` (HH:MM) on a wall clock in `zone`. */
export function nextReminderAt(time: string, zone: string, after: Date): number | null {
  return nextSlot({ timezone: zone, postTime: time, weekdays: EVERY_DAY, skipDates: [] }, after)?.at.getTime() ?? null;
}

/**
 * Opt-in reminders. Each member with reminders on has member.next_remind_at; the minute tick asks
 * one indexed question ("who is due?") and nothing else when nobody is, so it costs the same
 * with a hundred thousand members as with ten. A due member is rescheduled before the DM is sent:
 * a crash in between loses one reminder rather than sending it twice.
 */
export class Reminders {
  private readonly dueStatement: Database.Statement<[number, number], DueMember>;
  private readonly rescheduleStatement: Database.Statement<[number | null, number]>;
  private readonly atStakeStatement: Database.Statement<[number], AtStake & { channelId: string; lastSeq: number }>;
  private readonly latestPostStatement: Database.Statement<[string], { id: number; seq: number; postedAt: number; deadlineAt: number | null }>;
  private readonly answeredStatement: Database.Statement<[number, number], { one: number }>;

  constructor(private readonly services: Services) {
    const { sqlite } = services;
    // Served by the partial index member_next_remind_idx (a test checks the plan).
    this.dueStatement = sqlite.prepare(
      `SELECT id, user_ref AS userRef, remind_time AS remindTime, timezone, away_until AS awayUntil
       FROM member WHERE next_remind_at IS NOT NULL AND next_remind_at <= ? ORDER BY next_remind_at LIMIT ?`,
    );
    this.rescheduleStatement = sqlite.prepare('UPDATE member SET next_remind_at = ? WHERE id = ?');
    this.atStakeStatement = sqlite.prepare(
      `SELECT s.channel_id AS channelId, s.current, s.freezes, s.last_seq AS lastSeq, c.name AS channelName
       FROM streak s JOIN channel c ON c.id = s.channel_id WHERE s.member_id = ? AND s.current > 0`,
    );
    this.latestPostStatement = sqlite.prepare(
      `SELECT id, seq, posted_at AS postedAt, deadline_at AS deadlineAt FROM daily_post
       WHERE channel_id = ? AND status = 'posted' ORDER BY seq DESC LIMIT 1`,
    );
    this.answeredStatement = sqlite.prepare('SELECT 1 AS one FROM answer WHERE post_id = ? AND member_id = ? LIMIT 1');
  }

  /** The zone reminders follow: the member's own; `/prep remind` records the channel's when they have none. */
  zoneOf(member: { timezone: string | null }): string {
    return member.timezone ?? this.services.settings.defaultTimezone;
  }

  async tick(now: Date): Promise<void> {
    for (;;) {
      const due = this.dueStatement.all(now.getTime(), DUE_BATCH);
      if (due.length === 0) return;
      this.services.sqlite.transaction(() => {
        for (const member of due) this.rescheduleStatement.run(nextReminderAt(member.remindTime, this.zoneOf(member), now), member.id);
      })();
      await forEachBounded(due, SEND_CONCURRENCY, (member) => this.remind(member, now));
      if (due.length < DUE_BATCH) return;
    }
  }

  /** The channels where `memberId` has a streak to lose and has not answered today's question yet. */
  atStake(memberId: number, now: Date): AtStake[] {
    const stakes: AtStake[] = [];
    for (const streak of this.atStakeStatement.all(memberId)) {
      const post = this.latestPostStatement.get(streak.channelId);
      // "Today's question" is the open one if it went out less than a day ago. Measured in hours, not
      // by calendar date, because the member's day and the channel's need not be the same day (a
      // member in New York reminded at 20:00 is already on the next date in a UTC channel). On days
      // without a post (a weekday channel's weekend) the open question is older: no reminder.
      if (!post || post.postedAt <= now.getTime() - TODAY_MS) continue;
      if (streak.lastSeq >= post.seq || this.answeredStatement.get(post.id, memberId)) continue;
      stakes.push({ ...streak, deadlineAt: post.deadlineAt });
    }
    return stakes;
  }

  private async remind(member: DueMember, now: Date): Promise<void> {
    if (member.awayUntil !== null && member.awayUntil > now.getTime()) return;
    const stakes = this.atStake(member.id, now);
    if (stakes.length === 0) return;
    try {
      await this.services.port.sendDirect(member.userRef, reminderDoc(stakes, member.remindTime, this.zoneOf(member)));
    } catch (err) {
      this.services.log.warn({ err, member: member.id }, 'could not send a reminder');
    }
  }
}

export function reminderDoc(stakes: readonly AtStake[], remindTime: string, zone: string): MessageDoc {
  const lines = stakes.map((s) => {
    const by = s.deadlineAt ? `before **${formatInstant(new Date(s.deadlineAt), zone)}**` : 'before the next question';
    const freeze = s.freezes > 0 ? ` (a freeze would save it: ${s.freezes} held)` : '';
    return `• **${s.channelName || 'your study channel'}**: today's question is still open. Answer in its thread ${by} to keep your streak of **${s.current}**${freeze}.`;
  });
  return {
    title: '⏰ Your streak is waiting',
    text: lines.join('\n'),
    context: `Your reminder at ${remindTime} ${zone}. /prep remind off stops it; /prep away DAYS pauses it.`,
  };
}
