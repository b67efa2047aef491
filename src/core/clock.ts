/** Everything that asks "what time is it" asks a Clock, so tests and the playground can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: the playground's and the tests'. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`not a valid instant: ${String(start)}`);
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(to: Date): void {
    this.ms = to.getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Parses "1d", "2h30m", "90s", "1w2d" into milliseconds; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+\s*(w|d|h|m|s)\s*)+$/.test(trimmed)) return null;
  const unit: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)\s*(w|d|h|m|s)/g)) total += Number(match[1]) * unit[match[2]!]!;
  return total;
}

/**
 * Moves a manual clock forward by `ms`, stopping at every minute boundary on the way so that
 * whatever falls due (posts, reminders, mock deadlines) happens in order, as it would live.
 */
export async function travel(clock: ManualClock, ms: number, onMinute: (now: Date) => Promise<void>): Promise<void> {
  const target = clock.now().getTime() + ms;
  let next = Math.floor(clock.now().getTime() / 60_000) * 60_000 + 60_000;
  while (next <= target) {
    clock.set(new Date(next));
    await onMinute(clock.now());
    next += 60_000;
  }
  clock.set(new Date(target));
}
