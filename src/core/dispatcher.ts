import { randomBytes } from 'node:crypto';
import { editDistance, parseArgs } from './args.js';
import { Directory } from './directory.js';
import type {
  ButtonEvent,
  CommandEvent,
  DispatchResult,
  FormSubmitEvent,
  InboundEvent,
  MessageEditedEvent,
  MessageEvent,
  ReactionEvent,
} from './events.js';
import type { ButtonHandler, CommandSpec, Context, Feature, FormHandler, Services } from './feature.js';
import type { Actor, MessageDoc } from './ports.js';

const UNHANDLED: DispatchResult = { handled: false };
const HANDLED: DispatchResult = { handled: true };
/** How many recent event ids are remembered to drop platform redeliveries cheaply. */
const RECENT_EVENTS = 20_000;

type WithUser = MessageEvent | MessageEditedEvent | CommandEvent | ButtonEvent | FormSubmitEvent | ReactionEvent;

/** One way in: every inbound event passes here, and here is the one error boundary. */
export class Dispatcher {
  private readonly features: Feature[] = [];
  private readonly commands = new Map<string, Map<string, CommandSpec>>();
  private readonly buttons = new Map<string, ButtonHandler>();
  private readonly forms = new Map<string, FormHandler>();
  private readonly recent = new Set<string>();
  readonly directory: Directory;
  private ticking = false;

  constructor(private readonly services: Services) {
    this.directory = new Directory(services.sqlite, services.settings.defaultTimezone, () =>
      services.clock.now().getTime(),
    );
    this.register(this.helpFeature());
  }

  register(feature: Feature): this {
    this.features.push(feature);
    for (const spec of feature.commands ?? []) {
      const table = this.commands.get(spec.command) ?? new Map<string, CommandSpec>();
      if (table.has(spec.name)) throw new Error(`/${spec.command} ${spec.name} is registered twice`);
      table.set(spec.name, spec);
      this.commands.set(spec.command, table);
    }
    for (const [id, handler] of Object.entries(feature.buttons ?? {})) this.buttons.set(id, handler);
    for (const [id, handler] of Object.entries(feature.forms ?? {})) this.forms.set(id, handler);
    return this;
  }

  /** Every registered command, for help texts and for adapters that declare commands (Discord). */
  commandSpecs(): CommandSpec[] {
    return [...this.commands.values()].flatMap((table) => [...table.values()]);
  }

  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  /** Resolves when no event is being handled (graceful shutdown waits for this). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && !this.ticking) {
      this.services.writes.flush();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async dispatch(event: InboundEvent): Promise<DispatchResult> {
    this.inFlight++;
    this.services.writes.join();
    try {
      return await this.route(event);
    } finally {
      this.inFlight--;
      this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    if (this.inFlight > 0 || this.ticking) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    if (waiters.length > 0) this.services.writes.flush();
    for (const resolve of waiters) resolve();
  }

  private async route(event: InboundEvent): Promise<DispatchResult> {
    if (this.isRedelivery(event)) return HANDLED;
    let ctx: Context<WithUser> | null = null;
    try {
      if (event.type === 'message_deleted') {
        for (const feature of this.features) {
          if (feature.onMessageDeleted && (await feature.onMessageDeleted(event))) return HANDLED;
        }
        return UNHANDLED;
      }
      if (event.user.isBot) return UNHANDLED;
      ctx = this.context(event);
      switch (event.type) {
        case 'message':
          if (!event.thread) return UNHANDLED;
          return await this.firstTaker(ctx as Context<MessageEvent>, 'onThreadMessage');
        case 'message_edited':
          return await this.firstTaker(ctx as Context<MessageEditedEvent>, 'onMessageEdited');
        case 'reaction':
          return await this.firstTaker(ctx as Context<ReactionEvent>, 'onReaction');
        case 'command':
          await this.runCommand(ctx as Context<CommandEvent>);
          return HANDLED;
        case 'button': {
          const handler = this.buttons.get(event.action);
          if (!handler) {
            await ctx.reply('That button belongs to something this bot no longer knows. Try the command instead (`/prep help`).');
            return HANDLED;
          }
          await handler(ctx as Context<ButtonEvent>);
          return HANDLED;
        }
        case 'form_submit': {
          const handler = this.forms.get(event.form);
          if (!handler) {
            await ctx.reply('That form has expired. Open it again from its button.');
            return HANDLED;
          }
          const outcome = await handler(ctx as Context<FormSubmitEvent>);
          return outcome?.fieldErrors ? { handled: true, fieldErrors: outcome.fieldErrors } : HANDLED;
        }
        default:
          return UNHANDLED;
      }
    } catch (err) {
      await this.reportFailure(err, event, ctx);
      return HANDLED;
    }
  }

  /** Runs every feature's minute work. Overlapping ticks are skipped, one feature failing never stops the others. */
  async tick(now: Date = this.services.clock.now()): Promise<void> {
    if (this.ticking) return;
    // The scheduler's writes are not batched: each claim and send must be durable on its own.
    this.services.writes.flush();
    this.ticking = true;
    try {
      for (const feature of this.features) {
        if (!feature.tick) continue;
        try {
          await feature.tick(now);
        } catch (err) {
          this.services.log.error({ err, feature: feature.name }, 'tick failed');
        }
      }
    } finally {
      this.ticking = false;
      this.notifyIdle();
    }
  }

  async start(): Promise<void> {
    for (const feature of this.features) {
      if (!feature.start) continue;
      try {
        await feature.start();
      } catch (err) {
        this.services.log.error({ err, feature: feature.name }, 'start-up work failed');
      }
    }
  }

  // -------------------------------------------------------------------------------------------

  private isRedelivery(event: InboundEvent): boolean {
    let key: string | null = null;
    if (event.type === 'message') key = `m:${event.messageId}`;
    else if (event.type === 'message_deleted') key = `d:${event.messageId}`;
    else if ((event.type === 'button' || event.type === 'form_submit' || event.type === 'command') && event.interaction) {
      key = `i:${event.interaction}`;
    }
    if (key === null) return false;
    if (this.recent.has(key)) return true;
    this.recent.add(key);
    if (this.recent.size > RECENT_EVENTS) {
      // Sets iterate in insertion order: drop the oldest.
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    return false;
  }

  private context<E extends WithUser>(event: E): Context<E> {
    const { port, settings } = this.services;
    const user = event.user;
    const actor: Actor = settings.adminUserIds.includes(user.platformId) && !user.isAdmin ? { ...user, isAdmin: true } : user;
    this.directory.ensureCommunity(event.community, event.communityName);
    this.directory.ensureChannel(event.community, event.channel, event.channelName);
    const memberId = this.directory.memberId(event.community, user.ref, user.name);
    if (event.type === 'command') this.ensureMentioned(event);
    const interaction = 'interaction' in event ? (event.interaction ?? null) : null;
    const thread = event.thread ?? null;
    return {
      event,
      actor,
      memberId,
      community: event.community,
      channel: event.channel,
      thread,
      interaction,
      reply: (doc: MessageDoc | string) =>
        port.sendEphemeral(
          { user: actor, channel: event.channel, thread, interaction },
          typeof doc === 'string' ? { text: doc } : doc,
        ),
    };
  }

  /**
   * Gives every person a command mentions a member row before any feature runs, so that features
   * find them by ref or name even if they never used the bot (`/mock partner:@dana`). Bots get no
   * row (they can be no one's partner); the actor already has theirs.
   */
  private ensureMentioned(event: CommandEvent): void {
    for (const mentioned of event.mentions ?? []) {
      if (mentioned.isBot || mentioned.ref === event.user.ref) continue;
      this.directory.memberId(event.community, mentioned.ref, mentioned.name);
    }
  }

  private async firstTaker<E extends WithUser>(
    ctx: Context<E>,
    hook: 'onThreadMessage' | 'onMessageEdited' | 'onReaction',
  ): Promise<DispatchResult> {
    for (const feature of this.features) {
      const handler = feature[hook] as ((c: Context<E>) => Promise<boolean>) | undefined;
      if (handler && (await handler.call(feature, ctx))) return HANDLED;
    }
    return UNHANDLED;
  }

  private async runCommand(ctx: Context<CommandEvent>): Promise<void> {
    const { command } = ctx.event;
    const table = this.commands.get(command);
    if (!table) {
      await ctx.reply(`I don't know \`/${command}\`. Try \`/prep help\`.`);
      return;
    }
    const text = ctx.event.text.trim();
    const [first = '', ...rest] = text.split(/\s+/);
    let spec = table.get(first.toLowerCase());
    let argText = rest.join(' ');
    if (!spec) {
      spec = table.get('');
      argText = text;
    }
    if (!spec || (first === '' && !table.has(''))) {
      spec = table.get('help') ?? this.commands.get('prep')!.get('help')!;
      if (first !== '') {
        await ctx.reply(this.unknownSubcommand(command, first, table));
        return;
      }
    }
    if (spec.adminOnly && !ctx.actor.isAdmin) {
      await ctx.reply(
        `\`/${command} ${spec.name}\` is for admins of this ${ctx.event.communityName ? `workspace (${ctx.event.communityName})` : 'workspace'}: ask one to run it, or to add you to ADMIN_USER_IDS.`,
      );
      return;
    }
    await spec.run(ctx, parseArgs(argText));
  }

  private unknownSubcommand(command: string, typed: string, table: Map<string, CommandSpec>): string {
    const names = [...table.keys()].filter(Boolean);
    const closest = names
      .map((name) => ({ name, distance: editDistance(typed.toLowerCase(), name) }))
      .sort((a, b) => a.distance - b.distance)[0];
    const hint = closest && closest.distance <= 2 ? ` Did you mean \`/${command} ${closest.name}\`?` : '';
    const shown = typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
    return `Unknown command \`/${command} ${shown}\`.${hint} \`/prep help\` lists every command.`;
  }

  private async reportFailure(err: unknown, event: InboundEvent, ctx: Context<WithUser> | null): Promise<void> {
    const errorId = randomBytes(3).toString('hex');
    this.services.log.error({ err, errorId, eventType: event.type }, 'handler failed');
    if (!ctx) return;
    try {
      await ctx.reply(`Something went wrong (ref ${errorId}). It has been logged; please try again.`);
    } catch (replyErr) {
      this.services.log.error({ err: replyErr, errorId }, 'could not tell the user about a failure');
    }
  }

  private helpFeature(): Feature {
    return {
      name: 'help',
      commands: [
        {
          command: 'prep',
          name: 'help',
          usage: '/prep help',
          summary: 'List every command',
          run: async (ctx) => {
            const lines = this.commandSpecs()
              .sort((a, b) => (a.command === b.command ? 0 : a.command === 'prep' ? -1 : 1))
              .map((spec) => `• \`${spec.usage}\`: ${spec.summary}${spec.adminOnly ? ' _(admins)_' : ''}`);
            await ctx.reply({
              title: 'Bar Raiser commands',
              text: lines.join('\n'),
              context: 'Answer the daily question in its thread. Commands marked (admins) need workspace admin rights.',
            });
          },
        },
      ],
    };
  }
}
