import { ROUND_TITLES, type Round } from '../../catalog/schema.js';
import type { CommandSpec, Context, Services } from '../../core/feature.js';
import type { CommandEvent } from '../../core/events.js';
import type { MockEngine } from './engine.js';
import { MOCK_EXAMPLE, MOCK_USAGE, parseMockOptions } from './options.js';
import type { Person } from './people.js';
import { threadName } from './docs.js';
import { scorecardsOf, type SessionRow } from './store.js';
import { weakestRound } from './selection.js';

/** `/mock`, `/mock status`, `/mock stop`, `/mock swap`. */
export function mockCommands(services: Services, engine: MockEngine): CommandSpec[] {
  const { clock, sqlite } = services;

  const me = (ctx: Context<CommandEvent>): Person => ({ memberId: ctx.memberId, name: ctx.actor.name, ref: ctx.actor.ref });

  const opened = async (ctx: Context<CommandEvent>, session: SessionRow, warning: string | undefined, how: string) => {
    const candidate = engine.person(session.candidateId)?.name ?? ctx.actor.name;
    const partner = engine.person(session.partnerId);
    const lines = [
      `Mock interview open: thread “${threadName(session.round, candidate)}”.${how ? ` ${how}` : ''}`,
      `${session.questionIds.length} question${session.questionIds.length === 1 ? '' : 's'} × ${session.minutesPerQuestion} min.${
        partner ? ` @${partner.name} interviews @${candidate} and has the guide privately.` : ''
      }`,
    ];
    if (warning) lines.push(warning);
    await ctx.reply(lines.join('\n'));
  };

  const start: CommandSpec = {
    command: 'mock',
    name: '',
    usage: MOCK_USAGE,
    summary: 'A timed mock interview in a thread: solo, or with a partner as interviewer',
    run: async (ctx, args) => {
      if (args.positional.some((word) => word.toLowerCase() === 'help')) {
        await ctx.reply({
          title: 'Mock interviews',
          text: [
            `• \`${MOCK_USAGE}\`: start one (defaults: your weakest round, 3 questions, 8 min each)`,
            '• `/mock status`: where your interview stands',
            '• `/mock stop`: end it (a partial scorecard follows)',
            '• `/mock swap`: after a partner interview, start again with the roles swapped',
          ].join('\n'),
          context: MOCK_EXAMPLE,
        });
        return;
      }
      const parsed = parseMockOptions(args);
      if ('errors' in parsed) {
        await ctx.reply({ title: 'That /mock did not work', text: parsed.errors.map((e) => `• ${e}`).join('\n'), context: `${MOCK_USAGE} · ${MOCK_EXAMPLE}` });
        return;
      }
      const { options } = parsed;
      let partner: Person | null = null;
      if (options.partner !== null) {
        const found = engine.people.resolve(ctx.community, options.partner);
        if ('error' in found) {
          await ctx.reply(found.error);
          return;
        }
        if (found.person.memberId === ctx.memberId) {
          await ctx.reply('partner: that is you. Pick a teammate to interview you, e.g. `/mock partner:@bob`, or leave partner out for a solo interview.');
          return;
        }
        partner = found.person;
      }
      const round: Round = options.round ?? weakestRound(sqlite, ctx.memberId);
      const result = await engine.open({
        community: ctx.community,
        channel: ctx.channel,
        actorId: ctx.memberId,
        candidate: me(ctx),
        partner,
        round,
        count: options.questions,
        minutes: options.minutes,
      });
      if ('error' in result) {
        await ctx.reply(result.error);
        return;
      }
      const how = options.round === null ? `Round ${round} (${ROUND_TITLES[round]}) is your weakest round so far.` : '';
      await opened(ctx, result.session, result.warning, how);
    },
  };

  const status: CommandSpec = {
    command: 'mock',
    name: 'status',
    usage: '/mock status',
    summary: 'Where your mock interview stands',
    run: async (ctx) => {
      const session = engine.store.activeOf(ctx.memberId);
      if (!session) {
        const last = engine.store.latestOf(ctx.memberId);
        const verdict = last ? (scorecardsOf(last).interviewer?.verdict ?? scorecardsOf(last).auto?.verdict) : undefined;
        await ctx.reply(
          `No mock interview running. \`${MOCK_USAGE}\` starts one (defaults: your weakest round, 3 questions, 8 min).` +
            (last && verdict ? `\nYour last one: Round ${last.round}, verdict ${verdict}.` : ''),
        );
        return;
      }
      const candidate = engine.person(session.candidateId)?.name ?? 'someone';
      const partner = engine.person(session.partnerId)?.name;
      const role = session.candidateId === ctx.memberId ? 'You are the candidate' : `You are interviewing @${candidate}`;
      const left = Math.max(0, Math.ceil(((session.questionDeadlineAt ?? 0) - clock.now().getTime()) / 60_000));
      const timing =
        session.phase === 'scoring'
          ? `The interviewer has ${Math.ceil(left / 60)} h left to send the scorecard.`
          : `${left} min left on this question${session.phase === 'follow-up' ? ' (a follow-up is on)' : ''}.`;
      await ctx.reply({
        title: 'Your mock interview',
        text: `${role}${partner && session.candidateId === ctx.memberId ? ` (interviewer @${partner})` : ''}: ${engine.where(session)}.\n${timing}`,
        context: '`/mock stop` ends it',
      });
    },
  };

  const stop: CommandSpec = {
    command: 'mock',
    name: 'stop',
    usage: '/mock stop',
    summary: 'Stop your mock interview',
    run: async (ctx) => {
      const active = engine.store.activeOf(ctx.memberId);
      if (!active) {
        await ctx.reply('No mock interview running: nothing to stop.');
        return;
      }
      let stopped = false;
      await engine.withSession(active.id, async (session) => {
        if (session.status !== 'active') return;
        stopped = true;
        await engine.stop(session, ctx.actor.name);
      });
      await ctx.reply(stopped ? `Stopped the mock interview (Round ${active.round}). \`/mock\` starts a new one.` : 'That interview had just ended.');
    },
  };

  const swap: CommandSpec = {
    command: 'mock',
    name: 'swap',
    usage: '/mock swap',
    summary: 'Start again with you and your partner swapped',
    run: async (ctx) => {
      const last = engine.store.latestOf(ctx.memberId, true);
      if (!last) {
        await ctx.reply('`/mock swap` swaps roles after a partner interview. Start one first: `/mock partner:@bob`.');
        return;
      }
      if (engine.isInterview(last)) {
        await ctx.reply(`That interview is still running (${engine.where(last)}). Finish it, or \`/mock stop\`, then \`/mock swap\`.`);
        return;
      }
      const candidate = engine.person(last.partnerId);
      const partner = engine.person(last.candidateId);
      if (!candidate || !partner) {
        await ctx.reply('One of you is no longer a member here, so there is nobody to swap with.');
        return;
      }
      const result = await engine.open({
        community: ctx.community,
        channel: ctx.channel,
        actorId: ctx.memberId,
        candidate,
        partner,
        round: last.round as Round,
        count: last.questionIds.length,
        minutes: last.minutesPerQuestion,
      });
      if ('error' in result) {
        await ctx.reply(result.error);
        return;
      }
      await opened(ctx, result.session, result.warning, `Roles swapped: @${candidate.name} answers, @${partner.name} interviews.`);
    },
  };

  return [start, status, stop, swap];
}
