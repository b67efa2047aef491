import type Database from 'better-sqlite3';

/**
 * Group commit: the writes of the events handled in the same few milliseconds share one
 * transaction. A commit in WAL mode costs about 30 µs per page written, and every answer touches
 * the same index pages, so one commit for a burst of answers instead of one (or two) each is
 * what lets ingest keep up with a busy workspace.
 *
 * Each unit of work calls `join()` first. The transaction commits on the next turn of the event
 * loop, or at once when it is older than `maxMs` or holds `maxUnits` units. Work that must be
 * durable before something leaves the process (a daily post is counted as attempted before it is
 * sent, so a crash can never make it go out twice) calls `flush()`. Explicit transactions inside
 * become savepoints, so each feature's multi-statement writes stay atomic. The window this adds to
 * a crash is the same kind the platforms' acknowledge-first delivery already has: an event being
 * handled when the process dies.
 */
export class GroupCommit {
  private open = false;
  private openedAt = 0;
  private units = 0;
  private generation = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly maxMs = 5,
    private readonly maxUnits = 200,
  ) {}

  join(): void {
    if (this.open) {
      this.units++;
      if (this.units <= this.maxUnits && performance.now() - this.openedAt < this.maxMs) return;
      this.flush();
    }
    // Someone else's explicit transaction is running: stay out of it.
    if (this.sqlite.inTransaction || !this.sqlite.open) return;
    this.sqlite.exec('BEGIN');
    this.open = true;
    this.openedAt = performance.now();
    this.units = 1;
    const generation = ++this.generation;
    setImmediate(() => {
      if (this.generation === generation) this.flush();
    });
  }

  /** Commits what is batched, now. Cheap when nothing is. */
  flush(): void {
    if (!this.open) return;
    this.open = false;
    this.generation++;
    if (!this.sqlite.open || !this.sqlite.inTransaction) return;
    try {
      this.sqlite.exec('COMMIT');
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw err;
    }
  }
}
