/**
 * Features name reactions the Slack way ("white_check_mark"); Discord wants the character itself.
 * Unicode emoji and custom emoji ("name:id") pass through unchanged.
 */
const BY_NAME: Readonly<Record<string, string>> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  eyes: '👀',
  star: '⭐',
  star2: '🌟',
  tada: '🎉',
  fire: '🔥',
  memo: '📝',
  bulb: '💡',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  x: '❌',
  warning: '⚠️',
  trophy: '🏆',
  clap: '👏',
  heart: '❤️',
  raised_hands: '🙌',
  muscle: '💪',
  rocket: '🚀',
  '100': '💯',
  pencil: '📝',
  speech_balloon: '💬',
  mag: '🔍',
};

export function toReactionEmoji(emoji: string): string {
  const name = emoji.replace(/^:|:$/g, '');
  return BY_NAME[name] ?? emoji;
}
