/**
 * Quantities in prose: "40%", "$2M", "€300k", "2 million dollars", "3 hours", "two weeks", "12 tables",
 * "5x", "2 billion rows", "800ms", and number words such as "half", "twice", "three". Bare years
 * ("in 2021"), clock times ("6am") and ordinals ("2nd") are not quantities.
 *
 * Only tokens that start with a digit or are number words are tried: a sticky regex reads the
 * numeric core there (with a currency sign just before it), and a second one extends it over a
 * scale ("million"), a ratio ("%", "x") and one unit word ("hours", or any plural noun: "tables").
 * So the cost is a token walk plus a few anchored regex runs, whatever the text.
 */
import { firstTokenAtOrAfter } from './text.js';

const byLengthDesc = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');

const KNOWN_UNITS = byLengthDesc(
  ('ms milliseconds millisecond millis seconds second secs sec s minutes minute mins min hours hour hrs hr h days day ' +
    'weeks week wks months month quarters quarter years year yrs sprints sprint dollars dollar usd euros euro eur ' +
    'pounds pound gbp kb mb gb tb pb rows row records record events event tables table jobs job queries query ' +
    'engineers engineer people teams team customers customer users user incidents incident tickets ticket pages page ' +
    'alerts alert nodes node servers server clusters cluster instances instance files file messages message ' +
    'requests request rps qps tps').split(' '),
);
/**
 * A count's noun is any plural word ("12 tables", "three dashboards"), except these common words
 * that end in "s" without being a noun the number counts ("3 is", "40% across", "5 times").
 */
const NOT_UNITS = 'was|has|is|its|this|does|less|plus|thus|across|always|perhaps|whereas|us|as|yes|times';

const SCALES = 'thousand|million|billion|trillion|hundred';
const NUMBER_WORDS =
  'half|twice|thrice|doubled|tripled|quadrupled|halved|tenfold|dozens|dozen|hundreds|thousands|millions|' +
  'billions|zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|' +
  'seventy|eighty|ninety|one';
const NUMBER_WORD_SET = new Set(NUMBER_WORDS.split('|'));
const CURRENCY_SIGNS = '$€£¥';

const CORE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.,:$€£¥])(?:(?<currency>[$€£¥])[ \t]?)?(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)` +
    String.raw`(?<attachedScale>(?:k|mm|m|bn|b)(?![\p{L}\p{N}]))?` +
    String.raw`|(?<![\p{L}\p{N}])(?<word>${NUMBER_WORDS})(?![\p{L}\p{N}])`,
  'uy',
);

// Units sit on the same line as their number: a unit is never looked for across a line break.
const EXTENSION = new RegExp(
  String.raw`(?<scale>[ \t](?:${SCALES})(?![\p{L}]))?` +
    String.raw`(?<ratio>[ \t]?(?:%|percent(?:age points)?|pp|bps|x(?![\p{L}\p{N}])|×|-?fold(?![\p{L}])|[ \t]times(?![\p{L}])))?` +
    String.raw`(?:(?<attachedUnit>(?:${KNOWN_UNITS})(?![\p{L}]))|[ \t-](?:(?<knownUnit>(?:${KNOWN_UNITS})(?![\p{L}]))` +
    String.raw`|(?<noun>(?!(?:${NOT_UNITS})(?![\p{L}]))\p{L}{2,}s(?![\p{L}]))))?`,
  'uy',
);

const YEAR = /^(?:19|20)\d\d$/;
const MAX_QUANTITIES = 20;

export interface QuantityDoc {
  text: string;
  lower: string;
  tokens: readonly string[];
  tokenStarts: readonly number[];
}

/**
 * The quantities between offsets `start` and `end`, as written in the text: at most 20, in order,
 * without duplicates.
 */
export function findQuantities(doc: QuantityDoc, start: number, end: number): string[] {
  const { text, lower, tokens, tokenStarts } = doc;
  const found: string[] = [];
  let consumedUntil = start;
  for (let t = firstTokenAtOrAfter(tokenStarts, start); t < tokens.length && found.length < MAX_QUANTITIES; t++) {
    const at = tokenStarts[t]!;
    if (at >= end) break;
    if (at < consumedUntil) continue; // the rest of "1,200" or "2.5"
    const token = tokens[t]!;
    const startsWithDigit = token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57;
    if (!startsWithDigit && !NUMBER_WORD_SET.has(token)) continue;

    let from = at;
    if (startsWithDigit) {
      let p = at - 1;
      if (p > start && (lower[p] === ' ' || lower[p] === '\t')) p--;
      if (p >= start && CURRENCY_SIGNS.includes(lower[p]!)) from = p;
    }
    const quantity = readQuantity(lower, from);
    if (quantity === null) continue;
    const quantityEnd = Math.min(quantity.end, end);
    consumedUntil = quantityEnd;
    const written = text.slice(from, quantityEnd).replace(/\s+/g, ' ');
    if (!found.includes(written)) found.push(written);
  }
  return found;
}

/** The quantity starting at `from`, or null when what is there is not one ("2nd", "6am", "in 2021", "no one"). */
function readQuantity(lower: string, from: number): { end: number } | null {
  CORE.lastIndex = from;
  const m = CORE.exec(lower);
  if (m === null) return null;
  const g = m.groups!;
  const coreEnd = from + m[0].length;
  EXTENSION.lastIndex = coreEnd;
  const ext = EXTENSION.exec(lower);
  const e = ext?.groups ?? {};
  const end = ext === null ? coreEnd : coreEnd + ext[0].length;
  const knownUnit = e.attachedUnit !== undefined || e.knownUnit !== undefined;
  const hasUnit = knownUnit || e.noun !== undefined;
  const qualified = g.currency !== undefined || g.attachedScale !== undefined || e.scale !== undefined || e.ratio !== undefined;

  if (g.word !== undefined) {
    // "one" is too common ("no one", "one of us") unless a real unit follows: "one week".
    return g.word === 'one' && e.knownUnit === undefined ? null : { end };
  }
  if (/\p{L}/u.test(lower[coreEnd] ?? '') && !qualified && e.attachedUnit === undefined) return null; // "2nd", "6am"
  if (!qualified && !knownUnit && YEAR.test(g.number!)) return null; // "in 2021", "2021 we moved"
  if (!qualified && !hasUnit && lower[coreEnd] === ':') return null; // "6:30"
  return { end };
}
