/** Discord shows at most 25 autocomplete suggestions. */
const MAX_SUGGESTIONS = 25;

let zones: readonly string[] | null = null;

function allZones(): readonly string[] {
  // Intl leaves out "UTC" itself on some Node builds; people type it more than any other zone.
  zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
  return zones;
}

/**
 * Time zones matching what the user has typed so far: zones starting with it first (by city,
 * "berl" → Europe/Berlin, or by area, "america/" → America/...), then zones containing it.
 */
export function suggestTimezones(typed: string): { name: string; value: string }[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of allZones()) {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    if (lower.startsWith(query) || city.startsWith(query)) starts.push(zone);
    else if (lower.includes(query)) contains.push(zone);
    if (starts.length >= MAX_SUGGESTIONS) break;
  }
  return [...starts, ...contains].slice(0, MAX_SUGGESTIONS).map((zone) => ({ name: zone, value: zone }));
}
