// node bench/sentiment.ts [messages]
// Throughput of the sentiment analyser on one core: generated support messages (fixed seed, 12–40
// words, 28 on average) scored fresh, then again through a warm SentimentCache. One JSON line.
import { analyzeSentiment } from '../server/domain/sentiment/analyze.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { seededRandom } from '../server/domain/seeded-random.ts';

const count = Number(process.argv[2] ?? 200_000);

const random = seededRandom(20_261_101);
const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)]!;

const FEATURE = ['export', 'dashboard', 'SSO login', 'API', 'billing page', 'CSV import', 'calendar sync', 'mobile app', 'audit log', 'webhooks'];
const WHEN = ['since this morning', 'after the last update', 'since Monday', 'for two days now', 'every afternoon', 'today'];
const OPENERS = ['Hi team,', 'Hello,', 'Good morning,', 'Hi there,', 'Hey support,', ''];
const BODIES = [
  'the {f} is still not working {w} and our managers are blocked.',
  "I can't log in to the {f} {w}, it keeps timing out with an error.",
  'the {f} crashed again {w}. This is really frustrating for the whole team.',
  'thanks, that fixed it! The {f} works perfectly now, great support as always.',
  'could you tell me how to add a user to the {f}? We have three new hires starting next week.',
  'the {f} is not loading {w} and we cannot export the weekly report for our board.',
  'no problem, thanks for the quick help with the {f}. Everything looks good on our side.',
  'this is the third outage this month on the {f}, which is unacceptable for a paid product.',
  'we would like to know whether the {f} supports custom fields, and where to configure them.',
  'the {f} was slow {w} but it seems fine again, so feel free to close the ticket.',
  "the {f} doesn't show the right totals {w}; the numbers are wrong compared to last month.",
  'thank you for the update, but the {f} is still broken for half of our agents.',
];
const DETAILS = [
  'About forty people on our side use it every day.',
  'Steps: open it, pick last month and press refresh.',
  'We already cleared the browser cache and tried another laptop.',
  'Our renewal is coming up next quarter, so this matters to us.',
  'The request id was req-7f3a9 if that helps your engineers.',
  'Nothing changed in our configuration as far as we know.',
];
const CLOSERS = ['Thanks in advance.', 'Please advise.', 'Regards, Dana', 'Any update would be appreciated!', 'Cheers', ''];

function message(): string {
  const body = pick(BODIES).replace('{f}', pick(FEATURE)).replace('{w}', pick(WHEN));
  const detail = random() < 0.7 ? pick(DETAILS) : '';
  return [pick(OPENERS), body, detail, pick(CLOSERS)].filter((part) => part !== '').join(' ');
}

const messages = Array.from({ length: count }, message);

function rate(run: () => void): number {
  const started = performance.now();
  run();
  return Math.round(count / ((performance.now() - started) / 1000));
}

// Warm-up so the JIT has compiled the analyser before anything is timed.
let checksum = 0;
for (let i = 0; i < 20_000; i++) checksum += analyzeSentiment(messages[i % count]!);

const messagesPerSecond = rate(() => {
  for (const text of messages) checksum += analyzeSentiment(text);
});

const cache = new SentimentCache(count);
for (const text of messages) checksum += cache.score(text);
const cachedMessagesPerSecond = rate(() => {
  for (const text of messages) checksum += cache.score(text);
});

if (!Number.isFinite(checksum)) throw new Error('non-finite sentiment');
console.log(JSON.stringify({ messages: count, messagesPerSecond, cachedMessagesPerSecond }));
