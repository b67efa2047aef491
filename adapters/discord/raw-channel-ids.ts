import { Events, type Client } from 'discord.js';

const REMEMBERED = 1_000;

/**
 * discord.js takes an interaction's channel from its `channel` object only. Payloads in the older
 * shape carry just `channel_id` (Discord's own documentation example does), which would leave the
 * interaction nowhere; this keeps those ids, read from the raw gateway packet, until the
 * interaction is translated.
 */
export class RawChannelIds {
  private readonly byInteraction = new Map<string, string>();

  attach(client: Client): void {
    client.on(Events.Raw, (packet: { t?: string; d?: { id?: string; channel?: unknown; channel_id?: string } }) => {
      const d = packet.d;
      if (packet.t !== 'INTERACTION_CREATE' || !d?.id || d.channel || !d.channel_id) return;
      this.byInteraction.set(d.id, d.channel_id);
      if (this.byInteraction.size > REMEMBERED) {
        const oldest = this.byInteraction.keys().next().value;
        if (oldest !== undefined) this.byInteraction.delete(oldest);
      }
    });
  }

  /** The interaction's channel id: discord.js's when it has one, else the one the packet carried. */
  channelIdOf(interaction: { id: string; channelId: string | null }): string | null {
    const fromPacket = this.byInteraction.get(interaction.id);
    this.byInteraction.delete(interaction.id);
    return interaction.channelId ?? fromPacket ?? null;
  }
}
