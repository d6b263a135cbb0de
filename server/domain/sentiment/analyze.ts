// Sentiment of one support-ticket message, in [-1, 1]: lexicon-based, negation-aware, deterministic
// and allocation-light (it runs for every customer message on every scoring pass).
//
// Two passes over the text:
//  1. Tokenise: one scan over the character codes. Each word is looked up once, by the hash of its
//     lowercased characters computed during the scan, in a probe table that mirrors WORDS (a Map
//     from word to a packed integer: valence + flags, see below); a clause boundary
//     (. , ; : ! ? newline …) becomes a token of its own. Tokens live in module-level typed arrays
//     that are reused between calls: no allocation per word (only idiom candidates build strings).
//  2. Score: walk the tokens; each sentiment-bearing word looks back up to SCOPE tokens, within its
//     clause, for a negator, intensifiers and persistence words ("still"), stopping early at
//     another sentiment word. Idioms, "but", questions and "again" adjust what is already summed.
//
// Normalisation: with c_i the adjusted valence of each of the n sentiment-bearing tokens,
//     s = Σ c_i,   x = (s / √n) · (1 + 0.1 · min(exclamation marks, 3)),   score = x / √(x² + 15)
// Dividing by √n keeps a long message from saturating just by being long, while several negatives
// still count for more than one; x / √(x² + α) (the squashing VADER uses, α = 15) maps any x into
// (-1, 1) with a single "good" (+3) landing at ≈ 0.61. No sentiment word at all gives exactly 0.
import {
  ABILITY_MODALS,
  ABILITY_VERBS,
  ACTION_VERBS,
  CONTRAST_WORDS,
  EXPECTED_NOUNS,
  IDIOMS,
  INABILITY_NEGATORS,
  INTENSIFIERS,
  NEGATORS,
  PERSISTENCE,
  REPETITION,
  SARCASM,
  COMMON_ENGLISH,
  VALENCE,
} from './lexicon.ts';

// ---------------------------------------------------------------------------------------------
// Tuning

/** A negated word is flipped and damped: "not bad" is milder than "good". */
const NEGATION = -0.75;
/** Valence of a negated action or missing expected thing ("can't log in", "no response"), at most. */
const FAILED_ACTION = -2;
/** How many tokens after a negator or modifier it reaches ("doesn't seem to work"). */
const SCOPE = 3;
/** How many tokens back "still" / "again" reach when they follow the negative ("broken again"). */
const TRAILING_SCOPE = 2;
/** Weights of what came before and after a contrast word ("thanks, but it is still broken"). */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
/** A sentiment word in capitals, in a message that is not all capitals. */
const CAPS_EMPHASIS = 1.25;
/** Praise inside a question ("is it fixed?") is only half meant. */
const QUESTION_DAMPING = 0.5;
const EXCLAMATION_STEP = 0.1;
const MAX_EXCLAMATIONS = 3;
/** Squashing constant of the normalisation (see the header). */
const ALPHA = 15;
const MAX_IDIOM_WORDS = 4;
/** Praise in a sarcastic message counts as complaint, at this share of its strength. */
const SARCASTIC_PRAISE = -0.75;
/**
 * A message of at least this many words, of which fewer than READABLE_SHARE are words the
 * analyser knows, is in a language it does not read: NaN (no data).
 */
const MIN_WORDS_TO_JUDGE = 4;
const READABLE_SHARE = 0.2;
/** One-word praise clauses that read as sarcasm next to a repeated failure ("Great, another outage."). */
const INTERJECTIONS = new Set(['great', 'perfect', 'wonderful', 'fantastic', 'brilliant', 'awesome', 'lovely', 'nice', 'excellent', 'splendid']);

// ---------------------------------------------------------------------------------------------
// Packed word codes: bits 0-3 hold valence + 8 (a known word is never 0, so 0 means "unknown"),
// bits 4-18 the flags below, bits 24-29 an index into FACTORS (intensifier / persistence factor).

const VALENCE_MASK = 0xf;
const NO_VALENCE = 8;
const ACTION = 1 << 4;
const ABILITY = 1 << 5;
const EXPECTED = 1 << 6;
const NEGATOR = 1 << 7;
const INABILITY = 1 << 8;
const MODAL = 1 << 9;
const INTENSIFIER = 1 << 10;
const PERSIST = 1 << 11;
const REPEAT = 1 << 12;
const CONTRAST = 1 << 13;
const IDIOM_END = 1 << 14;
const BOUNDARY = 1 << 15;
const QUESTION = 1 << 16;
const EMOTICON = 1 << 17;
const IDIOM_PART = 1 << 18;
const FACTOR_SHIFT = 24;
const FACTOR_MASK = 63;
/** Kinds of words that can carry sentiment even with no valence of their own. */
const FAILABLE = ACTION | ABILITY | EXPECTED;

const FACTORS: number[] = [1];

function factorBits(factor: number): number {
  let index = FACTORS.indexOf(factor);
  if (index < 0) {
    index = FACTORS.length;
    FACTORS.push(factor);
  }
  return index << FACTOR_SHIFT;
}

const WORDS = new Map<string, number>();

for (const [word, valence] of Object.entries(VALENCE)) {
  WORDS.set(word, Math.max(-5, Math.min(5, Math.round(valence))) + NO_VALENCE);
}

/** Adds flags to a word; modifiers lose their own valence (AFINN rates "no" -1, "super" +3). */
function flag(words: readonly string[], bits: number, dropValence = false): void {
  for (const word of words) {
    let code = WORDS.get(word) ?? NO_VALENCE;
    if (dropValence) code = (code & ~VALENCE_MASK) | NO_VALENCE;
    WORDS.set(word, code | bits);
  }
}

function flagFactors(table: Readonly<Record<string, number>>, bits: number): void {
  for (const [word, factor] of Object.entries(table)) flag([word], bits | factorBits(factor), true);
}

flag(NEGATORS, NEGATOR, true);
flag(INABILITY_NEGATORS, NEGATOR | INABILITY, true);
flag(ABILITY_MODALS, MODAL);
flag(ACTION_VERBS, ACTION);
flag(ABILITY_VERBS, ABILITY);
flag(EXPECTED_NOUNS, EXPECTED);
flag(CONTRAST_WORDS, CONTRAST, true);
flagFactors(INTENSIFIERS, INTENSIFIER);
flagFactors(PERSISTENCE, PERSIST);
flagFactors(REPETITION, REPEAT);

flag(COMMON_ENGLISH, 0);

const IDIOM_VALENCE = new Map<string, number>(Object.entries(IDIOMS));
const SARCASM_KIND = new Map<string, 'always' | 'with_failure'>(Object.entries(SARCASM));
for (const phrase of IDIOM_VALENCE.keys()) {
  const words = phrase.split(' ');
  flag(words.slice(-1), IDIOM_END);
  flag(words.slice(0, -1), IDIOM_PART);
}

const NEGATOR_CODE = NEGATOR | NO_VALENCE;

// Open-addressing mirror of WORDS for the hot path: the tokeniser hashes each word's lowercased
// characters (FNV-1a) while scanning it, so a lookup needs no slice, no toLowerCase and no
// allocation. Candidates are confirmed character by character, so a hash collision can never
// return the wrong word. WORDS stays the source of truth, and the lookup for words with
// non-ASCII letters.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
let tableSize = 1;
while (tableSize < WORDS.size * 4) tableSize *= 2;
const TABLE_MASK = tableSize - 1;
const tableHash = new Int32Array(tableSize);
const tableCode = new Int32Array(tableSize);
const tableWord: string[] = new Array<string>(tableSize).fill('');

for (const [word, code] of WORDS) {
  if (!/^[a-z0-9']+$/.test(word)) continue;
  let hash = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
  let slot = hash & TABLE_MASK;
  while (tableWord[slot] !== '') slot = (slot + 1) & TABLE_MASK;
  tableHash[slot] = hash;
  tableCode[slot] = code;
  tableWord[slot] = word;
}

/** Code of the ASCII word text[start, end) whose lowercased FNV-1a hash is `hash`; 0 if unknown. */
function lookupAscii(text: string, start: number, end: number, hash: number): number {
  const length = end - start;
  let slot = hash & TABLE_MASK;
  for (;;) {
    const word = tableWord[slot]!;
    if (word === '') return 0;
    if (tableHash[slot] === hash && word.length === length) {
      let k = 0;
      for (; k < length; k++) {
        let c = text.charCodeAt(start + k);
        if (c >= 65 && c <= 90) c |= 32;
        else if (c === 0x2019 || c === 0x2018) c = 39;
        if (c !== word.charCodeAt(k)) break;
      }
      if (k === length) return tableCode[slot]!;
    }
    slot = (slot + 1) & TABLE_MASK;
  }
}

// ---------------------------------------------------------------------------------------------
// Character classes

const SEPARATOR = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const WIDE_LETTER = 4;
const APOSTROPHE = 5;
const STOP = 6;
const FACE = 7; // ':' ';' '<' — may start an emoticon

const ASCII = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII[c] = LOWER;
for (let c = 65; c <= 90; c++) ASCII[c] = UPPER;
for (let c = 48; c <= 57; c++) ASCII[c] = DIGIT;
for (const c of '.,!?\n') ASCII[c.charCodeAt(0)] = STOP;
for (const c of ':;<') ASCII[c.charCodeAt(0)] = FACE;
ASCII[39] = APOSTROPHE;

function wideClass(c: number): number {
  if (c === 0x2019 || c === 0x2018) return APOSTROPHE;
  if (c === 0x2026) return STOP; // …
  // Latin-1 controls and signs, × ÷, and NaN (charCodeAt past the end of the text).
  if (!(c >= 0xc0) || c === 0xd7 || c === 0xf7) return SEPARATOR;
  if (c >= 0x2000 && c <= 0x2bff) return SEPARATOR; // punctuation, symbols, arrows, dingbats
  if (c >= 0xd800 && c <= 0xdfff) return SEPARATOR; // surrogate halves: emoji and the like
  if (c >= 0x3000 && c <= 0x303f) return SEPARATOR; // CJK punctuation
  if (c >= 0xfe00 && c <= 0xfe0f) return SEPARATOR; // variation selectors
  if (c === 0xfeff) return SEPARATOR;
  return WIDE_LETTER;
}

function classOf(c: number): number {
  return c < 128 ? ASCII[c]! : wideClass(c);
}

const CURLY_APOSTROPHES = /[\u2018\u2019]/g;

// ---------------------------------------------------------------------------------------------
// Token buffers, reused between calls (analyzeSentiment is synchronous, so never re-entered).

const CAPS_FLAG = 1;
const AMPLIFIED_FLAG = 2;
const INTERJECTION_FLAG = 4;

let capacity = 256;
let codes = new Int32Array(capacity);
let starts = new Int32Array(capacity);
let ends = new Int32Array(capacity);
let values = new Float64Array(capacity);
let marks = new Uint8Array(capacity);

function grow(): void {
  capacity *= 2;
  const c = new Int32Array(capacity);
  c.set(codes);
  codes = c;
  const s = new Int32Array(capacity);
  s.set(starts);
  starts = s;
  const e = new Int32Array(capacity);
  e.set(ends);
  ends = e;
  const v = new Float64Array(capacity);
  v.set(values);
  values = v;
  const m = new Uint8Array(capacity);
  m.set(marks);
  marks = m;
}

/** Set by tokenize(). */
let exclamations = 0;
let sawLowercase = false;
let letterWords = 0;
let knownWords = 0;
let wideWords = 0;

/** Valence of the emoticon at i, with its length in `emoticonLength`; 0 if there is none. */
let emoticonLength = 0;

function emoticonAt(text: string, i: number): number {
  const first = text.charCodeAt(i);
  let j = i + 1;
  let c = text.charCodeAt(j);
  if (first === 60) {
    // "<3", not "<30"
    if (c !== 51 || classOf(text.charCodeAt(j + 1)) === DIGIT) return 0;
    emoticonLength = 2;
    return 2;
  }
  let tear = false;
  if (c === 45 || (c === 39 && first === 58)) {
    tear = c === 39;
    j++;
    c = text.charCodeAt(j);
  }
  let valence = 0;
  if (c === 40) valence = -2; // :(  :-(  :'(
  else if (tear) return 0;
  else if (c === 41) valence = first === 58 ? 2 : 1; // :)  ;)
  else if (c === 68 && first === 58) {
    // ":D", not ":Done"
    const k = classOf(text.charCodeAt(j + 1));
    if (k === LOWER || k === UPPER || k === DIGIT || k === WIDE_LETTER) return 0;
    valence = 2;
  } else if (c === 47 && first === 58 && text.charCodeAt(j + 1) !== 47) valence = -1; // :/ but not ://
  else return 0;
  emoticonLength = j + 1 - i;
  return valence;
}

/** Whether the word ending at `end` ends in "n't" (any case, either apostrophe). */
function endsWithNt(text: string, end: number): boolean {
  return (text.charCodeAt(end - 1) | 32) === 116 && classOf(text.charCodeAt(end - 2)) === APOSTROPHE && (text.charCodeAt(end - 3) | 32) === 110;
}

/** Fills the token buffers; returns the number of tokens. */
function tokenize(text: string): number {
  const length = text.length;
  let count = 0;
  let afterBoundary = true; // no boundary token at the start or twice in a row
  exclamations = 0;
  sawLowercase = false;
  letterWords = 0;
  knownWords = 0;
  wideWords = 0;
  let i = 0;
  while (i < length) {
    const first = text.charCodeAt(i);
    const kind = classOf(first);
    if (kind === LOWER || kind === UPPER || kind === DIGIT || kind === WIDE_LETTER) {
      const start = i;
      let lower = 0;
      let upper = 0;
      let wide = 0;
      let apostrophe = 0;
      let curly = 0;
      let hash = FNV_OFFSET;
      let c = first;
      let k = kind;
      for (;;) {
        if (k === LOWER) lower = 1;
        else if (k === UPPER) {
          upper = 1;
          c |= 32;
        } else if (k === WIDE_LETTER) wide = 1;
        else if (k === APOSTROPHE) {
          // Part of the word only between letters ("can't"), not a quote mark ("'export'").
          const next = classOf(text.charCodeAt(i + 1));
          if (next !== LOWER && next !== UPPER && next !== WIDE_LETTER) break;
          apostrophe = 1;
          if (c !== 39) {
            curly = 1;
            c = 39;
          }
        } else if (k !== DIGIT) break;
        hash = Math.imul(hash ^ c, FNV_PRIME);
        i++;
        if (i === length) break;
        c = text.charCodeAt(i);
        k = classOf(c);
      }
      if (count === capacity) grow();
      let code = 0;
      if (wide !== 0) {
        let word = text.slice(start, i).toLowerCase();
        if (curly !== 0) word = word.replace(CURLY_APOSTROPHES, "'");
        code = WORDS.get(word) ?? 0;
      } else if ((lower | upper) !== 0) {
        code = lookupAscii(text, start, i, hash);
      }
      if (code === 0 && apostrophe !== 0 && endsWithNt(text, i)) code = NEGATOR_CODE;
      if ((lower | upper | wide) !== 0) {
        letterWords++;
        if (code !== 0) knownWords++;
        if (wide !== 0) wideWords++;
      }
      codes[count] = code;
      starts[count] = start;
      ends[count] = i;
      values[count] = 0;
      marks[count] = upper !== 0 && lower === 0 && i - start > 1 ? CAPS_FLAG : 0;
      if (lower !== 0) sawLowercase = true;
      count++;
      afterBoundary = false;
      continue;
    }
    if (kind === FACE) {
      const valence = emoticonAt(text, i);
      if (valence !== 0) {
        if (count === capacity) grow();
        codes[count] = EMOTICON | (valence + NO_VALENCE);
        starts[count] = i;
        ends[count] = i + emoticonLength;
        values[count] = 0;
        marks[count] = 0;
        count++;
        afterBoundary = false;
        i += emoticonLength;
        continue;
      }
    }
    if (kind === STOP || (kind === FACE && first !== 60)) {
      if (first === 33) exclamations++;
      const question = first === 63 ? QUESTION : 0;
      if (!afterBoundary) {
        if (count === capacity) grow();
        codes[count] = BOUNDARY | NO_VALENCE | question;
        starts[count] = i;
        ends[count] = i + 1;
        values[count] = 0;
        marks[count] = 0;
        count++;
        afterBoundary = true;
      } else if (count > 0) {
        codes[count - 1]! |= question;
      }
    }
    i++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Scoring

function tokenText(text: string, t: number): string {
  const word = text.slice(starts[t], ends[t]).toLowerCase();
  return word.includes('\u2019') || word.includes('\u2018') ? word.replace(CURLY_APOSTROPHES, "'") : word;
}

/** Valence (and sarcasm kind) of the idiom found by idiomStart(). */
let idiomValence = 0;
let idiomSarcasm: 'always' | 'with_failure' | null = null;

/** Start of the longest idiom that ends at token t (within the clause), or -1. */
function idiomStart(text: string, t: number, clauseStart: number): number {
  const longest = Math.min(MAX_IDIOM_WORDS, t - clauseStart + 1);
  if (longest < 2) return -1;
  let phrase = tokenText(text, t);
  let found = -1;
  for (let k = 2; k <= longest; k++) {
    phrase = `${tokenText(text, t - k + 1)} ${phrase}`;
    const valence = IDIOM_VALENCE.get(phrase);
    if (valence !== undefined) {
      found = t - k + 1;
      idiomValence = valence;
      idiomSarcasm = SARCASM_KIND.get(phrase) ?? null;
    }
  }
  return found;
}

/**
 * Sentiment of a message in [-1, 1]; 0 when it has no sentiment-bearing word. Deterministic and
 * pure (the module-level buffers are scratch space only).
 */
export function analyzeSentiment(text: string): number {
  const count = tokenize(text);
  if (knownWords === 0 ? letterWords >= MIN_WORDS_TO_JUDGE || (wideWords > 0 && wideWords * 2 >= letterWords) : letterWords >= MIN_WORDS_TO_JUDGE && knownWords < READABLE_SHARE * letterWords) return NaN;
  const mixedCase = sawLowercase;
  let sarcasm: 'always' | 'with_failure' | null = null;
  let interjection = false;
  let repeated = false;
  let sum = 0;
  let bearing = 0;
  let weight = 1;
  let clauseStart = 0;

  for (let i = 0; i < count; i++) {
    const code = codes[i]!;
    if (code === 0) continue;

    if ((code & BOUNDARY) !== 0) {
      if ((code & QUESTION) !== 0) {
        for (let j = clauseStart; j < i; j++) {
          const v = values[j]!;
          if (v > 0) {
            values[j] = v * QUESTION_DAMPING;
            sum -= v - v * QUESTION_DAMPING;
          }
        }
      }
      clauseStart = i + 1;
      continue;
    }

    if ((code & CONTRAST) !== 0) {
      sum *= BEFORE_CONTRAST;
      weight = AFTER_CONTRAST;
      clauseStart = i + 1;
      continue;
    }

    if ((code & IDIOM_END) !== 0 && i > clauseStart && (codes[i - 1]! & IDIOM_PART) !== 0) {
      idiomSarcasm = null;
      const start = idiomStart(text, i, clauseStart);
      if (start >= 0) {
        if (idiomSarcasm !== null && sarcasm !== 'always') sarcasm = idiomSarcasm;
        // The phrase replaces its words: take back what they scored and disarm negators inside it.
        for (let j = start; j < i; j++) {
          const v = values[j]!;
          if (v !== 0) {
            sum -= v;
            bearing--;
            values[j] = 0;
          }
          codes[j] = NO_VALENCE;
        }
        // Later look-backs stop at a phrase with a mood, and pass through a neutral one.
        codes[i] = NO_VALENCE + Math.sign(idiomValence);
        if (idiomValence !== 0) {
          const v = idiomValence * weight;
          values[i] = v;
          sum += v;
          bearing++;
        }
        continue;
      }
    }

    if ((code & REPEAT) !== 0) repeated = true;
    if ((code & (PERSIST | REPEAT)) !== 0) {
      // Trailing "still" / "again": amplify the negative just before ("crashed again").
      const factor = FACTORS[(code >>> FACTOR_SHIFT) & FACTOR_MASK]!;
      for (let j = i - 1; j >= clauseStart && j >= i - TRAILING_SCOPE; j--) {
        const v = values[j]!;
        if (v > 0) break;
        if (v < 0) {
          if ((marks[j]! & AMPLIFIED_FLAG) === 0) {
            const extra = v * (factor - 1);
            values[j] = v + extra;
            sum += extra;
            marks[j] = marks[j]! | AMPLIFIED_FLAG;
          }
          break;
        }
      }
      continue;
    }

    const valence = (code & VALENCE_MASK) - NO_VALENCE;
    if ((code & EMOTICON) !== 0) {
      const v = valence * weight;
      values[i] = v;
      sum += v;
      bearing++;
      continue;
    }
    if ((code & (NEGATOR | INTENSIFIER)) !== 0) continue;
    if (valence === 0 && (code & FAILABLE) === 0) continue;

    // Look back for a negator, intensifiers and persistence, within the clause and SCOPE tokens,
    // stopping at another sentiment word or scored action ("not working and crashes": the "not"
    // belongs to "working" only).
    let negator = 0;
    let boost = 1;
    let persist = 1;
    const stop = Math.max(clauseStart, i - SCOPE);
    for (let j = i - 1; j >= stop; j--) {
      const prior = codes[j]!;
      if ((prior & NEGATOR) !== 0) {
        if (negator === 0) {
          negator = prior;
          if (j > clauseStart && (codes[j - 1]! & MODAL) !== 0) negator |= INABILITY; // "can not"
        }
      } else if ((prior & INTENSIFIER) !== 0) {
        boost *= FACTORS[(prior >>> FACTOR_SHIFT) & FACTOR_MASK]!;
      } else if ((prior & (PERSIST | REPEAT)) !== 0) {
        if (persist === 1) persist = FACTORS[(prior >>> FACTOR_SHIFT) & FACTOR_MASK]!;
      } else {
        const field = prior & VALENCE_MASK; // 0 for an unknown word
        if ((field !== 0 && field !== NO_VALENCE) || values[j] !== 0) break;
      }
    }

    let c = valence;
    if (negator !== 0) {
      c = valence * NEGATION;
      const failed = (code & (ACTION | EXPECTED)) !== 0 || ((code & ABILITY) !== 0 && (negator & INABILITY) !== 0);
      if (failed && c > FAILED_ACTION) c = FAILED_ACTION;
    }
    if (c === 0) continue;
    c *= boost;
    if (c < 0 && persist !== 1) {
      c *= persist;
      marks[i] = marks[i]! | AMPLIFIED_FLAG;
    }
    if ((marks[i]! & CAPS_FLAG) !== 0 && mixedCase) c *= CAPS_EMPHASIS;
    c *= weight;
    values[i] = c;
    sum += c;
    bearing++;
    if (c > 0 && i === clauseStart && (i + 1 >= count || (codes[i + 1]! & BOUNDARY) !== 0) && INTERJECTIONS.has(tokenText(text, i))) {
      interjection = true;
      marks[i] = marks[i]! | INTERJECTION_FLAG;
    }
  }

  // Sarcasm: praise in a message that marks itself as sarcastic is complaint.
  let failure = false;
  for (let i = 0; i < count; i++) if (values[i]! < 0) { failure = true; break; }
  const sarcastic = sarcasm === 'always' || (sarcasm === 'with_failure' && failure) || (interjection && repeated && failure);
  if (sarcastic) {
    for (let i = 0; i < count; i++) {
      const v = values[i]!;
      if (v > 0 && (sarcasm !== null || (marks[i]! & INTERJECTION_FLAG) !== 0)) {
        values[i] = v * SARCASTIC_PRAISE;
        sum += v * SARCASTIC_PRAISE - v;
      }
    }
  }

  if (bearing <= 0 || sum === 0) return 0;
  let x = sum / Math.sqrt(bearing);
  if (exclamations > 0) x *= 1 + EXCLAMATION_STEP * Math.min(exclamations, MAX_EXCLAMATIONS);
  const score = x / Math.sqrt(x * x + ALPHA);
  return score > 1 ? 1 : score < -1 ? -1 : score;
}
