import { randomBytes } from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { pendingConfirmations } from '../../db/schema.js';

/** A confirmation button works this long. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

export type ConfirmationCheck = 'ok' | 'unknown' | 'not-yours' | 'expired';

/**
 * Pending confirmations: the token travels in the button's value and the row says who may use
 * it, for what, until when. A click is checked against the row, never against the button alone.
 */
export function createConfirmation(db: Db, memberId: number, action: string, now: Date): string {
  const token = randomBytes(12).toString('base64url');
  db.transaction(() => {
    // Housekeeping on the way: expired tokens are worthless.
    db.delete(pendingConfirmations).where(lte(pendingConfirmations.expiresAt, now.getTime())).run();
    // One open question per member and action: asking again replaces the old buttons.
    db.delete(pendingConfirmations)
      .where(and(eq(pendingConfirmations.memberId, memberId), eq(pendingConfirmations.action, action)))
      .run();
    db.insert(pendingConfirmations).values({ token, memberId, action, expiresAt: now.getTime() + CONFIRMATION_TTL_MS }).run();
  });
  return token;
}

/** Checks a click; when it is the asker's and in time, the token is used up. */
export function takeConfirmation(db: Db, token: string, memberId: number, action: string, now: Date): ConfirmationCheck {
  return db.transaction(() => {
    const row = db.select().from(pendingConfirmations).where(eq(pendingConfirmations.token, token)).get();
    if (!row || row.action !== action) return 'unknown';
    // Someone else's click leaves the token for its owner.
    if (row.memberId !== memberId) return 'not-yours';
    db.delete(pendingConfirmations).where(eq(pendingConfirmations.token, token)).run();
    return row.expiresAt > now.getTime() ? 'ok' : 'expired';
  });
}
