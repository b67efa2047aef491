import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness, UserDriver } from '../adapters/memory/harness.js';
import type { MemoryMessage } from '../adapters/memory/memory-chat.js';
import { answers, mockSessions, mockTurns } from '../src/db/schema.js';
import { latestAnswerOf, seedReview } from './stats-fixtures.js';
import { advanceTo, memberId, run, STORY, streaksHarness } from './streaks-fixtures.js';

let h: Harness;
afterEach(() => h?.close());

/** Every application table of the database (not SQLite's own, not the migrations journal). */
function tables(sqlite: Database.Database): string[] {
  return (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%drizzle%'").all() as Array<{
      name: string;
    }>
  ).map((t) => t.name);
}

/**
 * Rows that belong to a member, found from the schema itself so that tables added later are
 * checked too: every column whose foreign key points at `member`, and every text column that
 * holds the member's user ref.
 */
function rowsOf(sqlite: Database.Database, member: number, userRef: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const table of tables(sqlite)) {
    const keys = sqlite.prepare(`PRAGMA foreign_key_list("${table}")`).all() as Array<{ table: string; from: string }>;
    const columns = sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>;
    const conditions = [
      ...keys.filter((k) => k.table === 'member').map((k) => `"${k.from}" = ${member}`),
      ...(table === 'member' ? [`id = ${member}`] : []),
      ...columns.map((c) => `CAST("${c.name}" AS TEXT) = '${userRef}'`),
    ];
    const { n } = sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${conditions.join(' OR ')}`).get() as { n: number };
    if (n > 0) found[table] = n;
  }
  return found;
}

function count(sqlite: Database.Database, sql: string, ...params: unknown[]): number {
  return (sqlite.prepare(sql).get(...params) as { n: number }).n;
}

/** "table.column" of every stored text that contains `word` (a forgotten member's name must be nowhere). */
function textsMentioning(sqlite: Database.Database, word: string): string[] {
  const found: string[] = [];
  for (const table of tables(sqlite)) {
    const columns = sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>;
    for (const { name } of columns) {
      const { n } = sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE CAST("${name}" AS TEXT) LIKE ?`).get(`%${word}%`) as { n: number };
      if (n > 0) found.push(`${table}.${name}`);
    }
  }
  return found;
}

/** A mock session with one turn and one answer, as the mock feature stores them. */
function seedMock(h: Harness, candidate: number, partner: number | null, scorecard: unknown = null): number {
  const { db } = h.storage;
  const now = h.clock.now().getTime();
  const session = db
    .insert(mockSessions)
    .values({
      communityId: 'mem:w:playground',
      channelId: h.channel,
      candidateId: candidate,
      partnerId: partner,
      round: 5,
      questionIds: ['r5-b3'],
      minutesPerQuestion: 8,
      status: 'finished',
      scorecard,
      startedAt: now,
    })
    .returning({ id: mockSessions.id })
    .get().id;
  const turn = db.insert(mockTurns).values({ sessionId: session, position: 0, questionId: 'r5-b3', startedAt: now }).returning({ id: mockTurns.id }).get().id;
  db.insert(answers)
    .values({
      communityId: 'mem:w:playground',
      channelId: h.channel,
      mockTurnId: turn,
      memberId: candidate,
      questionId: 'r5-b3',
      round: 5,
      source: 'mock',
      text: STORY,
      createdAt: now,
      updatedAt: now,
      lastMessageAt: now,
    })
    .run();
  return session;
}

const lastWithButtons = (user: UserDriver): MemoryMessage => [...user.inbox()].reverse().find((m) => m.doc.buttons?.length)!;

/** alice and bob with answers, reviews both ways, streaks, an away period, settings and mock sessions; carol reviews bob. */
async function world(): Promise<{ alice: UserDriver; bob: UserDriver; carol: UserDriver }> {
  h = streaksHarness();
  await h.as('you', { admin: true }).command('/prep setup time:09:00 days:daily rotation:round 5');
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((n) => h.as(n)) as [UserDriver, UserDriver, UserDriver];
  await advanceTo(h, '2026-11-30T10:00:00Z');
  await alice.answer(STORY);
  await bob.answer(STORY);
  await carol.answer(STORY);
  await advanceTo(h, '2026-12-01T10:00:00Z');
  await alice.answer(STORY);
  await bob.answer(STORY);
  const [a, b] = [memberId(h, 'alice'), memberId(h, 'bob')];
  const now = h.clock.now().getTime();
  seedReview(h, latestAnswerOf(h, a).id, b, { scores: [3, 3, 3, 3, null], at: now }); // alice received
  seedReview(h, latestAnswerOf(h, b).id, a, { scores: [2, 2, 2, 2, null], at: now }); // alice wrote
  seedReview(h, latestAnswerOf(h, b).id, memberId(h, 'carol'), { scores: [4, 4, 4, 4, null], at: now, helpfulAt: now }); // neither
  seedMock(h, a, b); // alice's own mock interview, bob as partner
  // bob's mock interview, alice as partner: bob's data, with alice's scorecard in it
  seedMock(h, b, a, { interviewer: { by: 'alice', verdict: 'Hire', overall: 3, principles: [], comments: 'A clear story.' } });
  await alice.command('/prep tz Europe/Berlin');
  await alice.command('/prep remind 20:00');
  await alice.command('/prep away 3');
  await bob.command('/prep remind 19:00');
  await bob.command('/prep forget-me'); // bob's own open question stays his
  return { alice, bob, carol };
}

describe('/prep forget-me', () => {
  it("asks first, refuses other people's clicks, and deletes every row of the member and nobody else's", async () => {
    const { alice, bob } = await world();
    const aliceId = memberId(h, 'alice');
    const bobId = memberId(h, 'bob');
    const { sqlite } = h.storage;
    const bobBefore = rowsOf(sqlite, bobId, 'mem:u:bob');

    const ask = await run(alice, '/prep forget-me');
    expect(ask).toContain('Delete all your Bar Raiser data in playground?');
    expect(ask).toContain(
      'This deletes 3 answers, 1 review you wrote, 1 review of your answers, 1 streak, 1 away period, 1 mock interview and your reminder and time-zone settings.',
    );
    const confirmation = lastWithButtons(alice);
    expect(confirmation.kind).toBe('ephemeral');
    expect(confirmation.doc.buttons?.map((b) => b.label)).toEqual(['Yes, delete my data', 'Cancel']);

    // Someone else's click deletes nothing.
    await bob.click(confirmation, 'Yes, delete my data');
    expect(bob.lastPrivate().text).toContain('That button belongs to the member who asked');
    expect(rowsOf(sqlite, aliceId, 'mem:u:alice').answer).toBe(3);

    await alice.click(confirmation, 'Yes, delete my data');
    const done = alice.lastPrivate().text;
    expect(done).toContain('Your data is deleted');
    expect(done).toContain(
      'Deleted from playground: 3 answers, 1 review you wrote, 1 review of your answers, 1 streak, 1 away period, 1 mock interview and your reminder and time-zone settings.',
    );

    expect(rowsOf(sqlite, aliceId, 'mem:u:alice')).toEqual({});
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // bob keeps what is his: answers, streak, settings and open question, his mock interview (alice's
    // partner seat emptied), carol's review of his answer. What was about alice goes: his review of
    // her answer, the assignment to review it, his partner seat in her mock interview.
    expect(bobBefore).toMatchObject({ review: 1, mock_session: 2 });
    const bobAfter = rowsOf(sqlite, bobId, 'mem:u:bob');
    expect(bobAfter).toMatchObject({ member: 1, answer: 3, streak: 1, mock_session: 1, pending_confirmation: 1 });
    expect(bobAfter.review).toBeUndefined();
    expect(count(sqlite, 'SELECT count(*) AS n FROM answer WHERE member_id = ?', bobId)).toBe(3);
    expect(count(sqlite, 'SELECT count(*) AS n FROM review r JOIN answer a ON a.id = r.answer_id WHERE a.member_id = ?', bobId)).toBe(1);
    expect(count(sqlite, 'SELECT count(*) AS n FROM mock_session WHERE candidate_id = ? AND partner_id IS NULL', bobId)).toBe(1);
    // The scorecard alice gave bob stays his, without her name.
    const card = sqlite.prepare('SELECT scorecard FROM mock_session WHERE candidate_id = ?').get(bobId) as { scorecard: string };
    expect(JSON.parse(card.scorecard).interviewer).toEqual({ by: 'a former member', verdict: 'Hire', overall: 3, principles: [], comments: 'A clear story.' });
    expect(textsMentioning(sqlite, 'alice')).toEqual([]);
    expect(count(sqlite, 'SELECT count(*) AS n FROM pending_confirmation WHERE member_id = ?', bobId)).toBe(1);
    expect(count(sqlite, "SELECT count(*) AS n FROM member WHERE user_ref = 'mem:u:carol'")).toBe(1);

    // The same button again: already used.
    await alice.click(confirmation, 'Yes, delete my data');
    expect(alice.lastPrivate().text).toContain('no longer valid; nothing was deleted');
  });

  it('does nothing on Cancel or after the buttons expire', async () => {
    const { alice } = await world();
    const aliceId = memberId(h, 'alice');
    await alice.command('/prep forget-me');
    await alice.click(lastWithButtons(alice), 'Cancel');
    expect(alice.lastPrivate().text).toBe('Cancelled: nothing was deleted.');

    await alice.command('/prep forget-me');
    const late = lastWithButtons(alice);
    await h.advance('11m');
    await alice.click(late, 'Yes, delete my data');
    expect(alice.lastPrivate().text).toContain('This confirmation expired; nothing was deleted.');
    expect(rowsOf(h.storage.sqlite, aliceId, 'mem:u:alice').answer).toBe(3);
    expect(await run(alice, '/prep forget-me now')).toContain('forget-me: takes no arguments');
  });

  it('announces the deletion so that the member is a new member on their next event', async () => {
    const { alice } = await world();
    const forgotten: unknown[] = [];
    // app.ts drops the Directory's cached member id on this event; nothing is wired by hand here.
    h.app.services.events.on('member.forgotten', (e) => void forgotten.push(e));
    const oldId = memberId(h, 'alice');
    await alice.command('/prep forget-me');
    await alice.click(lastWithButtons(alice), 'Yes, delete my data');
    expect(forgotten).toEqual([{ memberId: oldId, communityId: 'mem:w:playground', userRef: 'mem:u:alice' }]);

    await advanceTo(h, '2026-12-02T10:00:00Z');
    await alice.answer(STORY);
    expect(memberId(h, 'alice')).not.toBe(oldId);
    expect(await run(alice, '/prep stats')).toContain('🔥 1 (longest 1)');
  });
});
