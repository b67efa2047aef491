import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../adapters/memory/harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('/prep setup review-hours', () => {
  it('sets how long before the next question reviewers are assigned, and refuses nonsense', async () => {
    h = new Harness();
    const admin = h.as('admin', { admin: true });
    await admin.command('/prep setup review-hours:6');
    expect(admin.lastPrivate().text).toContain('reviewers assigned 6 h before the next question');
    const row = h.storage.sqlite.prepare('SELECT review_assign_hours AS hours FROM channel WHERE id = ?').get(h.channel);
    expect(row).toEqual({ hours: 6 });

    await admin.command('/prep setup review-hours:48');
    expect(admin.lastPrivate().text).toContain('review-hours: "48" must be a whole number of hours from 1 to 23');
    expect(h.storage.sqlite.prepare('SELECT review_assign_hours AS hours FROM channel WHERE id = ?').get(h.channel)).toEqual({ hours: 6 });
  });
});
