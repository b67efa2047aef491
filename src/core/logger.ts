import { pino, type Logger } from 'pino';

/** JSON logs to stderr (stdout belongs to the playground's conversation). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'bar-raiser' } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
