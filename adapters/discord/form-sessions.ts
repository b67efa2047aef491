import { randomBytes } from 'node:crypto';
import type { APIModalInteractionResponseCallbackData } from 'discord.js';
import type { FormDoc } from '../../src/core/ports.js';
import { ADAPTER_ACTION_PREFIX, CUSTOM_ID_MAX } from './custom-ids.js';
import { formPages, renderModal } from './render-form.js';

/** How long a half-filled or rejected form stays resumable. */
const SESSION_LIFETIME_MS = 60 * 60_000;
const MAX_SESSIONS = 5_000;
const PAGED_PREFIX = `${ADAPTER_ACTION_PREFIX}form|`;

/** A form opened for one user: its pages, the page they are on, and what they typed so far. */
export interface FormSession {
  readonly id: string;
  readonly form: FormDoc;
  readonly userId: string;
  /** For forms opened from a DM: the guild they belong to (a DM submission carries none). */
  readonly dmGuildId: string | null;
  readonly pageCount: number;
  page: number;
  values: Record<string, string>;
  readonly openedAt: number;
}

export type SubmitOutcome =
  | { readonly kind: 'next-page'; readonly session: FormSession }
  | {
      readonly kind: 'complete';
      readonly form: string;
      readonly state: string;
      readonly values: Readonly<Record<string, string>>;
      readonly dmGuildId: string | null;
      /** Null after a restart: the submission still counts, only the labels for error messages are gone. */
      readonly session: FormSession | null;
    }
  | { readonly kind: 'expired' };

/**
 * The forms users have open. A one-page form's modal custom_id is `[<guild>#]<form id>|<state>`
 * (the guild only for DMs, as for buttons), so its submission reaches the core even after a
 * restart; longer forms (pages) and resubmissions need the session kept here.
 */
export class FormSessions {
  private readonly sessions = new Map<string, FormSession>();
  /** `<user>\0<plain custom_id>` → session id, for one-page forms. */
  private readonly byPlainId = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  open(form: FormDoc, userId: string, dmGuildId: string | null = null): FormSession {
    this.sweep();
    const session: FormSession = {
      id: randomBytes(6).toString('base64url'),
      form,
      userId,
      dmGuildId,
      pageCount: formPages(form).length,
      page: 0,
      values: {},
      openedAt: this.now(),
    };
    this.sessions.set(session.id, session);
    const plain = this.plainId(session);
    if (plain) this.byPlainId.set(`${userId}\0${plain}`, session.id);
    return session;
  }

  get(id: string): FormSession | undefined {
    return this.sessions.get(id);
  }

  /** The modal for the page the session is on, prefilled with what the user typed. */
  modal(session: FormSession): APIModalInteractionResponseCallbackData {
    const customId = this.plainId(session) ?? `${PAGED_PREFIX}${session.id}|${session.page}`;
    return renderModal(session.form, customId, { index: session.page, count: session.pageCount }, session.values);
  }

  submitted(customId: string, userId: string, values: Readonly<Record<string, string>>): SubmitOutcome {
    if (customId.startsWith(PAGED_PREFIX)) {
      const [id = '', page = ''] = customId.slice(PAGED_PREFIX.length).split('|');
      const session = this.sessions.get(id);
      if (!session || session.userId !== userId || Number(page) !== session.page) return { kind: 'expired' };
      session.values = { ...session.values, ...values };
      if (session.page + 1 < session.pageCount) {
        session.page += 1;
        return { kind: 'next-page', session };
      }
      const { form } = session;
      return { kind: 'complete', form: form.id, state: form.state, values: session.values, dmGuildId: session.dmGuildId, session };
    }
    const guild = /^(\d+)#/.exec(customId);
    const rest = guild ? customId.slice(guild[0].length) : customId;
    const bar = rest.indexOf('|');
    const form = bar < 0 ? rest : rest.slice(0, bar);
    const state = bar < 0 ? '' : rest.slice(bar + 1);
    const session = this.sessions.get(this.byPlainId.get(`${userId}\0${customId}`) ?? '') ?? null;
    if (session) session.values = { ...values };
    return { kind: 'complete', form, state, values, dmGuildId: guild?.[1] ?? null, session };
  }

  /**
   * A session for a submission whose form this process never opened (it restarted in between),
   * so that a rejected submission can still be reopened with what was typed.
   */
  recover(submitted: { form: string; state: string; values: Readonly<Record<string, string>>; dmGuildId: string | null }, userId: string): FormSession {
    const form: FormDoc = {
      id: submitted.form,
      title: 'Your form',
      state: submitted.state,
      inputs: Object.keys(submitted.values).map((id) => ({ kind: 'text', id, label: id, multiline: true })),
    };
    const session = this.open(form, userId, submitted.dmGuildId);
    session.values = { ...submitted.values };
    return session;
  }

  /** After field errors: the next open starts again at the first page, with everything kept. */
  rewind(session: FormSession): void {
    session.page = 0;
  }

  close(session: FormSession): void {
    this.sessions.delete(session.id);
    const plain = this.plainId(session);
    if (plain) this.byPlainId.delete(`${session.userId}\0${plain}`);
  }

  private plainId(session: FormSession): string | null {
    const id = `${session.dmGuildId ? `${session.dmGuildId}#` : ''}${session.form.id}|${session.form.state}`;
    const fits = id.length <= CUSTOM_ID_MAX && !id.startsWith(ADAPTER_ACTION_PREFIX);
    return session.pageCount === 1 && fits ? id : null;
  }

  private sweep(): void {
    const cutoff = this.now() - SESSION_LIFETIME_MS;
    for (const session of this.sessions.values()) {
      if (session.openedAt >= cutoff && this.sessions.size <= MAX_SESSIONS) break;
      this.close(session);
    }
  }
}
