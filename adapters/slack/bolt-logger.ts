import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt, its receivers and the Web API client log through this: one JSON log stream for the whole
 * process. Bolt passes several arguments (strings, errors); they are joined into one message.
 */
export function boltLogger(log: Logger): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    if (!log.isLevelEnabled(level)) return;
    const err = parts.find((p): p is Error => p instanceof Error);
    const text = parts.filter((p) => !(p instanceof Error)).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    if (err) log[level]({ err }, text || err.message);
    else log[level](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The level is pino's (LOG_LEVEL); Bolt's own setting is ignored.
    setLevel: () => undefined,
    getLevel: () => {
      if (log.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (log.isLevelEnabled('info')) return LogLevel.INFO;
      if (log.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => undefined,
  };
}
