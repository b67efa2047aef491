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
import { wordId, wordIds } from './phrases.js';
import { firstTokenAtOrAfter, type Tokens } from './text.js';

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
/**
 * The number words' stems in the phrase vocabulary: a check on the token's word id that needs no
 * string, so only tokens that pass it ("twice", and near misses like "hundred") are sliced for the exact set.
 */
const NUMBER_WORD_IDS = new Set([...NUMBER_WORD_SET].map((word) => wordId(word)));
const CURRENCY_SIGNS = '$€£¥';

/**
 * `exec` with named groups builds a groups object for every match: several hundred bytes, on every
 * number of every answer. So the patterns below are written with named groups but compiled without
 * the names; `group.name` is that group's index in the match array.
 */
function compileWithoutGroupNames<const Name extends string>(
  source: string,
  flags: string,
  names: readonly Name[],
): { regex: RegExp; group: Record<Name, number> } {
  const NAMED_GROUP = /\(\?<([A-Za-z]\w*)>/g;
  const order = [...source.matchAll(NAMED_GROUP)].map((m) => m[1]!);
  const regex = new RegExp(source.replace(NAMED_GROUP, '('), flags);
  // Group indexes follow from the names' order only if every capturing group is named.
  const captures = new RegExp(`${regex.source}|`, flags.replace('y', '')).exec('')!.length - 1;
  if (captures !== order.length || names.some((name) => !order.includes(name))) {
    throw new Error(`${source}: every capturing group must be named, and ${names.join(', ')} must all be there`);
  }
  const group = Object.fromEntries(names.map((name) => [name, order.indexOf(name) + 1])) as Record<Name, number>;
  return { regex, group };
}

const { regex: CORE, group: CORE_GROUP } = compileWithoutGroupNames(
  String.raw`(?<![\p{L}\p{N}_.,:$€£¥])(?:(?<currency>[$€£¥])[ \t]?)?(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)` +
    String.raw`(?<attachedScale>(?:k|mm|m|bn|b)(?![\p{L}\p{N}]))?` +
    String.raw`|(?<![\p{L}\p{N}])(?<word>${NUMBER_WORDS})(?![\p{L}\p{N}])`,
  'uy',
  ['currency', 'number', 'attachedScale', 'word'],
);

// Units sit on the same line as their number: a unit is never looked for across a line break.
const { regex: EXTENSION, group: EXTENSION_GROUP } = compileWithoutGroupNames(
  String.raw`(?<scale>[ \t](?:${SCALES})(?![\p{L}]))?` +
    String.raw`(?<ratio>[ \t]?(?:%|percent(?:age points)?|pp|bps|x(?![\p{L}\p{N}])|×|-?fold(?![\p{L}])|[ \t]times(?![\p{L}])))?` +
    String.raw`(?:(?<attachedUnit>(?:${KNOWN_UNITS})(?![\p{L}]))|[ \t-](?:(?<knownUnit>(?:${KNOWN_UNITS})(?![\p{L}]))` +
    String.raw`|(?<noun>(?!(?:${NOT_UNITS})(?![\p{L}]))\p{L}{2,}s(?![\p{L}]))))?`,
  'uy',
  ['scale', 'ratio', 'attachedUnit', 'knownUnit', 'noun'],
);

const YEAR = /^(?:19|20)\d\d$/;
const LETTER = /\p{L}/u;
const SPACES = /\s+/g;
const MAX_QUANTITIES = 20;

export interface QuantityDoc extends Tokens {
  text: string;
}

/**
 * The quantities between offsets `start` and `end`, as written in the text: at most 20, in order,
 * without duplicates.
 */
export function findQuantities(doc: QuantityDoc, start: number, end: number): string[] {
  const { text, lower, tokenStarts, tokenEnds } = doc;
  const ids = wordIds(doc);
  const found: string[] = [];
  let consumedUntil = start;
  for (let t = firstTokenAtOrAfter(doc, start); t < doc.tokenCount && found.length < MAX_QUANTITIES; t++) {
    const at = tokenStarts[t]!;
    if (at >= end) break;
    if (at < consumedUntil) continue; // the rest of "1,200" or "2.5"
    const startsWithDigit = lower.charCodeAt(at) >= 48 && lower.charCodeAt(at) <= 57;
    const isNumberWord = !startsWithDigit && NUMBER_WORD_IDS.has(ids[t]!) && NUMBER_WORD_SET.has(lower.slice(at, tokenEnds[t]!));
    if (!startsWithDigit && !isNumberWord) continue;

    let from = at;
    if (startsWithDigit) {
      let p = at - 1;
      if (p > start && (lower[p] === ' ' || lower[p] === '\t')) p--;
      if (p >= start && CURRENCY_SIGNS.includes(lower[p]!)) from = p;
    }
    const quantityEnd = readQuantity(lower, from);
    if (quantityEnd < 0) continue;
    consumedUntil = Math.min(quantityEnd, end);
    const written = text.slice(from, consumedUntil).replace(SPACES, ' ');
    if (!found.includes(written)) found.push(written);
  }
  return found;
}

/** Where the quantity starting at `from` ends, or -1 when what is there is not one ("2nd", "6am", "in 2021", "no one"). */
function readQuantity(lower: string, from: number): number {
  CORE.lastIndex = from;
  const core = CORE.exec(lower);
  if (core === null) return -1;
  const coreEnd = from + core[0].length;
  EXTENSION.lastIndex = coreEnd;
  const extension = EXTENSION.exec(lower);
  const end = extension === null ? coreEnd : coreEnd + extension[0].length;
  const e = EXTENSION_GROUP;
  const knownUnit = captured(extension, e.attachedUnit) || captured(extension, e.knownUnit);
  const hasUnit = knownUnit || captured(extension, e.noun);
  const qualified =
    captured(core, CORE_GROUP.currency) || captured(core, CORE_GROUP.attachedScale) || captured(extension, e.scale) || captured(extension, e.ratio);

  const word = core[CORE_GROUP.word];
  if (word !== undefined) {
    // "one" is too common ("no one", "one of us") unless a real unit follows: "one week".
    return word === 'one' && !captured(extension, e.knownUnit) ? -1 : end;
  }
  if (LETTER.test(lower[coreEnd] ?? '') && !qualified && !captured(extension, e.attachedUnit)) return -1; // "2nd", "6am"
  if (!qualified && !knownUnit && YEAR.test(core[CORE_GROUP.number]!)) return -1; // "in 2021", "2021 we moved"
  if (!qualified && !hasUnit && lower[coreEnd] === ':') return -1; // "6:30"
  return end;
}

function captured(match: RegExpExecArray | null, group: number): boolean {
  return match !== null && match[group] !== undefined;
}
