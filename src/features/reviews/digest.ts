import type Database from 'better-sqlite3';
import type { Services } from '../../core/feature.js';
import { nextSlot } from '../daily/schedule.js';
import { DigestQueries } from './digest-data.js';
import { digestDoc } from './digest-doc.js';

const WEEK_MS = 7 * 86_400_000;
const DUE_BATCH = 500;

interface DueChannel {
  readonly id: string;
  readonly timezone: string;
  readonly digestWeekday: number | null;
  readonly digestTime: string;
  readonly nextDigestAt: number;
}

/**
 * The weekly digest of each channel, due at channel.next_digest_at (indexed, set by `/prep setup`).
 * The next one is computed and stored before this one is sent: a digest goes out at most once,
 * and a channel whose platform is down loses that week's digest rather than repeating it.
 */
export class WeeklyDigest {
  private readonly due: Database.Statement;
  private readonly advance: Database.Statement;
  private readonly queries: DigestQueries;

  constructor(private readonly services: Services) {
    const { sqlite } = services;
    this.due = sqlite.prepare(
      `SELECT id, timezone, digest_weekday AS digestWeekday, digest_time AS digestTime, next_digest_at AS nextDigestAt
         FROM channel WHERE next_digest_at IS NOT NULL AND next_digest_at <= ? ORDER BY next_digest_at LIMIT ${DUE_BATCH}`,
    );
    this.advance = sqlite.prepare('UPDATE channel SET next_digest_at = ? WHERE id = ? AND next_digest_at = ?');
    this.queries = new DigestQueries(sqlite);
  }

  async tick(now: Date): Promise<void> {
    const due = this.due.all(now.getTime()) as DueChannel[];
    for (const channel of due) {
      // After a long downtime the next digest is the next future slot, not a backlog of weeks.
      const from = new Date(Math.max(now.getTime(), channel.nextDigestAt));
      const next = channel.digestWeekday
        ? (nextSlot({ timezone: channel.timezone, postTime: channel.digestTime, weekdays: [channel.digestWeekday], skipDates: [] }, from)?.at.getTime() ?? null)
        : null;
      const claimed = this.advance.run(next, channel.id, channel.nextDigestAt);
      if (claimed.changes === 0) continue;
      await this.send(channel, new Date(channel.nextDigestAt));
    }
  }

  /** Posts the digest of the week ending at `weekEnd`; a quiet week (no answers, no reviews) posts nothing. */
  private async send(channel: DueChannel, weekEnd: Date): Promise<void> {
    const data = this.queries.read(channel.id, weekEnd.getTime() - WEEK_MS, weekEnd.getTime());
    if (data.answers === 0 && data.reviews === 0) return;
    try {
      await this.services.port.postMessage(
        channel.id,
        digestDoc({ data, catalog: this.services.catalog, weekEnd, timezone: channel.timezone }),
      );
    } catch (err) {
      this.services.log.warn({ err, channel: channel.id }, 'the weekly digest could not be posted');
    }
  }
}
