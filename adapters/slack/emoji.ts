/**
 * reactions.add wants a Slack emoji name; the core may pass a name ("white_check_mark", ":tada:")
 * or a unicode character. The characters the features use are mapped; an unknown one is passed
 * through and Slack answers invalid_name.
 */
const UNICODE_TO_NAME: Record<string, string> = {
  '✅': 'white_check_mark',
  '✔️': 'heavy_check_mark',
  '✔': 'heavy_check_mark',
  '☑️': 'ballot_box_with_check',
  '👍': '+1',
  '👎': '-1',
  '👀': 'eyes',
  '🎉': 'tada',
  '🔥': 'fire',
  '⭐': 'star',
  '🌟': 'star2',
  '💯': '100',
  '🙏': 'pray',
  '👏': 'clap',
  '❤️': 'heart',
  '❤': 'heart',
  '💡': 'bulb',
  '📝': 'memo',
  '⏰': 'alarm_clock',
  '⏱️': 'stopwatch',
  '⌛': 'hourglass',
  '⏳': 'hourglass_flowing_sand',
  '❌': 'x',
  '⚠️': 'warning',
  '🏆': 'trophy',
  '🚀': 'rocket',
  '🤔': 'thinking_face',
  '🙌': 'raised_hands',
  '💪': 'muscle',
  '🧠': 'brain',
  '📈': 'chart_with_upwards_trend',
  '🔁': 'repeat',
};

export function slackEmojiName(emoji: string): string {
  const trimmed = emoji.trim();
  const mapped = UNICODE_TO_NAME[trimmed] ?? UNICODE_TO_NAME[trimmed.replace(/\uFE0F/g, '')];
  if (mapped) return mapped;
  return trimmed.replace(/^:|:$/g, '');
}
