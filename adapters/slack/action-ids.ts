/**
 * Slack rejects a message whose buttons share an action_id, but the core may put two buttons with
 * the same action (and different values) on one message. Repeats get a "#n" suffix on the way out
 * and lose it on the way back in; core action names ("daily.answer") never contain "#".
 */
const SUFFIX = /#\d+$/;

export function uniqueActionIds(actions: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return actions.map((action) => {
    const count = seen.get(action) ?? 0;
    seen.set(action, count + 1);
    return count === 0 ? action : `${action}#${count + 1}`;
  });
}

export function actionFromId(actionId: string): string {
  return actionId.replace(SUFFIX, '');
}
