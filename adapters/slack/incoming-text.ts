/**
 * Slack sends message and command text in its own markup: `&lt; &gt; &amp;` escaped, mentions as
 * `<@U123>`, links as `<https://x|label>`. The core wants what the person typed, so that the answer
 * analyser counts "40%" and "<5 min" correctly. `mention` decides what a user mention becomes
 * (default "@name"; commands pass the user ref so `/mock partner:@bob` names exactly one person);
 * it also gets the mention's label (`bob` in `<@U123|bob>`), when Slack sent one.
 */
export function slackTextToPlain(text: string, mention?: (userId: string, label?: string) => string): string {
  const readable = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      if (mention) return mention(target.slice(1), label || undefined);
      return label ? `@${label}` : target;
    }
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) {
      if (label) return label;
      const special = target.slice(1).split('^')[0] ?? '';
      return `@${special}`;
    }
    return label ?? target;
  });
  return readable.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
