import { describe, expect, it } from 'vitest';
import { equalsLiteral } from '../src/db/literal.js';
import { openStorage } from '../src/db/open.js';
import { dailyPosts } from '../src/db/schema.js';

describe('equalsLiteral', () => {
  it('writes the value into the SQL (no bound parameter), so SQLite can settle a partial index once', () => {
    const storage = openStorage(':memory:');
    try {
      const query = storage.db.select({ id: dailyPosts.id }).from(dailyPosts).where(equalsLiteral(dailyPosts.status, 'claimed'));
      expect(query.toSQL()).toEqual({ sql: `select "id" from "daily_post" where "daily_post"."status" = 'claimed'`, params: [] });
      const plan = storage.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.toSQL().sql}`).all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('daily_post_claimed_idx');
    } finally {
      storage.close();
    }
  });

  it('takes plain words only: the value is pasted into SQL', () => {
    expect(() => equalsLiteral(dailyPosts.status, "posted' OR 1=1 --")).toThrow(/plain word/);
    expect(() => equalsLiteral(dailyPosts.status, '')).toThrow(/plain word/);
  });
});
