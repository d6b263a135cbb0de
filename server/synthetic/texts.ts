// Support-thread language for the synthetic portfolio: ticket subjects per type, customer messages
// whose tone follows the account's hidden health and whether the ticket got resolved, and polite,
// mostly neutral agent replies. Templates carry slots ({feature}, {n}, {weekday}, …) that are
// filled per ticket, so a portfolio of thousands of accounts still reads varied.
import type { TicketType } from '../domain/snapshot.ts';
import type { Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Slot vocabulary

/** Product areas a ticket can be about (nouns that read well as a sentence subject). */
export const FEATURES = [
  'export',
  'dashboard',
  'SSO',
  'API',
  'reports page',
  'billing page',
  'mobile app',
  'integrations page',
  'search',
  'CSV import',
  'webhook delivery',
  'calendar sync',
  'audit log',
  'Slack integration',
  'permissions screen',
  'ticket view',
  'email sync',
  'scheduled reports',
] as const;

const BILLING_FEATURES = ['billing page', 'invoice download', 'payment settings', 'seat management'] as const;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const ORDINALS = ['second', 'third', 'fourth', 'fifth'] as const;
const AGENT_NAMES = ['Sam', 'Priya', 'Jonas', 'Maria', 'Kenji', 'Lea', 'Omar', 'Chloe', 'Tomás', 'Ada'] as const;
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const SLOTS = ['feature', 'Feature', 'n', 'count', 'nth', 'time', 'weekday', 'reqid', 'agent'] as const;
type Slot = (typeof SLOTS)[number];

function isSlot(name: string): name is Slot {
  return (SLOTS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Template banks

const SUBJECTS: Record<TicketType, readonly string[]> = {
  outage: [
    '{Feature} down for all users',
    'Urgent: app not loading',
    'Service unavailable since {time}',
    'Cannot log in, whole team locked out',
    '502 errors across the app',
    '{Feature} unreachable this morning',
    'Outage: nothing loads',
    'Site down again',
    'Everything timing out since {weekday}',
    'Platform unavailable for our EU team',
    '{Feature} returning 500 errors',
    'Login page down',
    'Major outage affecting {count} users',
    'App completely unresponsive',
    'Data not syncing, {feature} down',
  ],
  bug: [
    '{Feature} not working',
    'Error when using {feature}',
    '{Feature} shows wrong numbers',
    '{Feature} fails with an error',
    '{Feature} stuck on loading',
    'Duplicate records after sync',
    '{Feature} crashes on save',
    'Filter ignored in {feature}',
    'Dates off by one day in {feature}',
    'Broken layout in {feature}',
    '{Feature}: button does nothing',
    'Missing data in {feature} since {weekday}',
    'Wrong time zone in {feature}',
    '{Feature} very slow to load',
    'Error code {count} in {feature}',
  ],
  billing: [
    'Question about our invoice',
    'Charged twice this month',
    'Update billing contact',
    'Invoice shows wrong seat count',
    'Request for tax documents',
    'Change payment method',
    'Credit card declined',
    "Need a copy of last month's invoice",
    'Seat count on {feature} is off',
    'Refund request',
    'VAT number missing on invoice',
    'Pricing for a plan upgrade',
    '{Feature} shows an old plan',
    'Renewal quote request',
    'Proration question after adding {count} seats',
  ],
  how_to: [
    'How to add a new agent',
    'How do I set up SSO?',
    'Question about {feature}',
    'Exporting reports to CSV',
    'Changing user roles',
    'Setting up {feature}',
    'Best way to organise dashboards',
    'How to schedule a report',
    'Where do I find the API key?',
    'Connecting our Slack workspace',
    'Bulk import of contacts',
    'Custom fields in {feature}',
    "Resetting a user's password",
    'Training material for new hires',
    'Permissions for team leads',
  ],
  feature_request: [
    'Feature request: dark mode',
    'Request: more filters in {feature}',
    'Idea: scheduled exports',
    'More API coverage for {feature}',
    'Request: SAML group mapping',
    'Bulk edit in {feature}',
    'Feature request: custom roles',
    'Support for multiple currencies',
    'Request: audit log export',
    'Please add keyboard shortcuts',
    'Feature idea: templates for {feature}',
    'Webhooks for {feature} events',
    'Request: Microsoft Teams integration',
    'Allow longer date ranges in reports',
    'Offline mode for the mobile app',
  ],
  other: [
    'General question',
    'Contact for our security review',
    'Security questionnaire',
    'Change of account manager',
    'GDPR data request',
    'Following up on our call',
    'Onboarding session request',
    'Data retention question',
    'Sandbox environment access',
    'Question about the roadmap',
    'New admin for our account',
    'Request for an uptime report',
    'Partner access request',
    'Feedback on {feature}',
    'Misc: {feature}',
  ],
};

/** First customer message of a problem ticket, matter-of-fact. */
const CUSTOMER_REPORT = [
  'Hi, {feature} is showing an error for some of our users. Could you take a look?',
  'Hello team, since {weekday} {feature} does not load for {n} of our agents.',
  'We noticed that {feature} returns error code {count} when we save.',
  'Hi, could you check {feature}? The numbers look different from last week.',
  'Reporting an issue with {feature}: the page stays blank after login.',
  'Hello, {feature} times out after about {n}0 seconds. Steps: open it, pick last month, refresh.',
  'One of our team leads sees an error on {feature} since {time}.',
  'Hi, {feature} seems slow today, pages take around {n}0 seconds.',
  'Since the update on {weekday}, {feature} shows an empty list for our admins.',
  'Hi, {n} users report that {feature} logs them out after a few minutes.',
  'We are seeing duplicate entries in {feature} after the nightly sync.',
  'Hello, {feature} gives us a timeout at {time} every day. Request id {reqid}.',
  'Quick report: {feature} does not show data older than {n} days.',
  'Hi there, {feature} is not picking up changes we make in our CRM.',
  'Some of our agents get a permissions error when they open {feature}.',
  'Hi, the totals in {feature} do not match our own spreadsheet for last month.',
  'Hello, {feature} worked yesterday but today it shows error {count}.',
  'FYI {feature} is unavailable for part of our team since {time}.',
  'Hi, we cannot open {feature} from the mobile app, the web version is fine.',
  'Hello, uploads to {feature} stop at about {n}0 percent.',
] as const;

/** First customer message of a how-to ticket: a plain question. */
const CUSTOMER_QUESTION = [
  'How do I add a new agent to the team?',
  'Is there a way to get {feature} data into a spreadsheet?',
  'How can we set up SSO for the whole team?',
  'Where can I change the role of a user?',
  'Can we schedule a report to go out every {weekday}?',
  "What's the best way to give {n} new hires access at once?",
  'How do I connect {feature} to our Slack workspace?',
  'Is it possible to filter {feature} by team?',
  'Where do I find our API key?',
  "How do we reset a user's password?",
  'Can I rename fields in {feature}?',
  'How do I move a dashboard to another team?',
  'Is there a limit on how many users we can invite?',
  'How do I turn off email alerts for {feature}?',
  'Could you point me to the documentation for {feature}?',
  'What permissions does an admin need to edit {feature}?',
  'How do I bulk import {count} contacts?',
  'Can two people edit {feature} at the same time?',
  'How do we change the default time zone for the account?',
  'Is there a sandbox where we can try {feature} first?',
] as const;

/** First customer message of a feature request. */
const CUSTOMER_REQUEST = [
  'Could you add more filters to {feature}?',
  "We'd like to schedule exports every {weekday} morning. Is that on the roadmap?",
  'Would it be possible to get a dark mode?',
  'Our team leads asked for custom roles with fewer permissions.',
  'Can {feature} support more than one currency?',
  'We would like to bulk edit records in {feature}.',
  'Is there any plan to add Microsoft Teams notifications?',
  'Could the reports cover more than {n} months?',
  'We would use templates in {feature} a lot.',
  'Please consider keyboard shortcuts for the ticket view.',
  'Could {feature} send a webhook when something changes?',
  'We need SAML group mapping to manage {count} users.',
  'An offline mode in the mobile app would be useful for our field staff.',
  'Could you expose {feature} through the API?',
  'Suggestion: let admins export the audit log as CSV.',
] as const;

/** First customer message of a billing ticket, matter-of-fact. */
const CUSTOMER_BILLING = [
  'Hi, our invoice lists {count} seats, could you check the count?',
  "Could you send us a copy of last month's invoice?",
  'We need to update the billing contact to our finance team.',
  'Our card expires this month, how do we change the payment method?',
  'Can you add our VAT number to future invoices?',
  'We added {n} seats on {weekday}, how will that be prorated?',
  'Could you send the tax documents our finance team needs?',
  'Hi, what would the price be if we moved to the annual plan?',
  'Please send a renewal quote for {count} seats.',
  'The {feature} shows a different plan than our contract, can you confirm?',
  'Our purchase order number needs to be on the invoice: {reqid}.',
  'Hello, we see two charges on our statement for this month.',
  'Who should we contact about changing the billing address?',
  'Can invoices be sent to a shared finance mailbox?',
  'Hi, can we pay by bank transfer instead of card?',
] as const;

/** Customer follow-up with details, neutral in tone. */
const CUSTOMER_DETAIL = [
  'Here is the request id: {reqid}.',
  'It happens in both Chrome and Firefox.',
  'I attached a screenshot of what we see.',
  'It happened again around {time}.',
  'About {n} users are affected as far as we know.',
  'We are on the latest version of the mobile app.',
  'Steps: open {feature}, choose a team, then save.',
  'The account in question is our {weekday} shift admin.',
  'Sure, I can join a call on {weekday} at {time}.',
  'We cleared the cache and tried again, same result.',
  'It only happens for users with the agent role.',
  'Our IT team says nothing changed on our side.',
  'The request id from this morning is {reqid}.',
  'Yes, it is the same workspace as last time.',
  'We see it on roughly {n} out of 10 attempts.',
] as const;

/** Customer follow-up on a question or request, neutral in tone. */
const CUSTOMER_FOLLOW_UP_QUESTION = [
  'And can I do the same for {n} teams at once?',
  'Does that also work from the mobile app?',
  'Is there a way to do this through the API as well?',
  'Which plan do we need for that?',
  'Can a team lead do this, or only admins?',
  'Will existing users keep their settings?',
  'Is there an article I can share with our admins?',
  'Do we need to log out and back in after that?',
  'How long does the change take to apply?',
  'Can we try this in the sandbox first?',
  'Does this affect the reports we send every {weekday}?',
  'Could we get a short walkthrough on {weekday} at {time}?',
  'Our admin asks whether this is logged in the audit log.',
  'Is there a limit on how many we can set up?',
  'Would this also cover {feature}?',
] as const;

/** Frustrated customer messages, any kind of problem. */
const CUSTOMER_UNHAPPY = [
  'Nothing has changed, still broken.',
  '{Feature} is still not working after your fix.',
  'We are still waiting for an answer, this has been open for {n} days.',
  "This is really frustrating, our team can't do their work.",
  'Still not resolved. Can someone please escalate this?',
  "The workaround doesn't help, we still see the same error.",
  'This keeps happening and nobody has explained why.',
  "We're very disappointed with how long this is taking.",
  'Honestly this is not acceptable for a paid product.',
  'Same problem again today, {feature} is unusable.',
  'No, it is not fixed. We tested it again this morning.',
  "Our managers are asking why we pay for a tool that doesn't work.",
  'This is the {nth} time we report this.',
  "I'm tired of chasing this. Please fix {feature}.",
  "We've lost {n} hours on this already and it still fails.",
  "Your last update didn't fix anything.",
  "We can't keep working like this.",
  'Still broken on our side, no improvement at all.',
] as const;

/** Frustrated customer messages about an outage. */
const CUSTOMER_UNHAPPY_OUTAGE = [
  'This is the second outage this week, our agents are blocked.',
  "We can't log in since this morning.",
  'The whole team is locked out again. This is a serious problem.',
  'Everything is down and we have customers waiting.',
  'Nobody can work, the app has been down since {time}.',
  "Another outage on {weekday}. We can't rely on this.",
  '{Feature} is down again and our support queue is piling up.',
  'We lost access for {n} hours, this is unacceptable.',
  'Our agents are blocked, again. We need an explanation.',
  'Down for the {nth} time this month. Very frustrating.',
  "Still can't access anything, please escalate.",
  'Nothing loads and there is no status update from you.',
  'We had to send the team home, the app is unusable.',
  'The outage ruined our morning shift completely.',
  'No access since {time}, our customers are complaining.',
] as const;

/** Frustrated customer messages about a bug. */
const CUSTOMER_UNHAPPY_BUG = [
  '{Feature} is broken again after the last release.',
  'The numbers in {feature} are wrong and our managers noticed.',
  "We can't save anything in {feature}, it fails every time.",
  'This bug is blocking {n} people on our team.',
  "{Feature} still crashes, we've tried everything you suggested.",
  'We keep losing data in {feature}. This is a real problem.',
  "The fix didn't work, {feature} fails exactly as before.",
  'Please stop closing this ticket, the bug is not fixed.',
  'Every {weekday} the same error comes back.',
  '{Feature} is useless to us while this bug is there.',
  "Still wrong results in {feature}, we can't trust the data.",
  'This is the {nth} bug in {feature} this quarter.',
  'Broken again. Our team is frustrated.',
  "We can't finish month end because {feature} fails.",
  'Same bug in {feature} as last month, still no fix.',
] as const;

/** Frustrated customer messages about billing. */
const CUSTOMER_UNHAPPY_BILLING = [
  'We were charged twice again. Please fix this now.',
  'The invoice is still wrong, this is the {nth} time we ask.',
  'Nobody answered our billing question for {n} days.',
  "We're not paying for seats we cancelled months ago.",
  'Still no refund. This is getting ridiculous.',
  'You charged a card we removed, that is not okay.',
  "The seat count is still wrong and finance won't approve the invoice.",
  'We asked for the tax documents {n} times already.',
  'Your billing team never replies. Very disappointing.',
  "The price increase wasn't communicated to us at all.",
  "We can't get a correct invoice, this blocks our payment run.",
  'Again a failed charge and a warning email. Please stop.',
  'The renewal quote is still missing and our budget closes on {weekday}.',
  'We are unhappy with how this billing issue is handled.',
  'Still billed for {count} seats, we only use a fraction.',
] as const;

/** Satisfied customer messages once something got fixed or answered. */
const CUSTOMER_HAPPY = [
  'Thanks, that fixed it!',
  'Works perfectly now, appreciate the quick help.',
  'No problem, all good on our side.',
  'Great, {feature} is working again. Thank you!',
  "Perfect, that's exactly what we needed.",
  'Thank you so much, the team is happy.',
  'Brilliant, thanks for the fast answer.',
  'All sorted, thanks a lot.',
  'That worked, thank you for the clear explanation.',
  'Excellent support as always, thanks!',
  'Confirmed fixed on our side, great job.',
  'Awesome, we can close this.',
  'Thanks, {feature} looks good now.',
  'Much better now, appreciate it.',
  'Super helpful, thanks {agent}!',
  'Great news, everything works again.',
  "Got it, that's easy. Thanks!",
  'Thanks for the quick turnaround.',
  'Lovely, the team is unblocked. Thanks!',
  "Yes, it's working fine now. Thank you.",
] as const;

/** Customer closing a thread without much feeling either way. */
const CUSTOMER_NEUTRAL_CLOSE = [
  'Ok, noted.',
  'Understood, we will wait for the next release.',
  'Ok, we will try that on {weekday}.',
  'Noted, I will pass this on to our admin.',
  'Alright, please keep us posted.',
  'Ok. Is there an ETA?',
  'We will check with the team and come back to you.',
  'Fine, you can close it for now.',
  'Understood. We will use the workaround until then.',
  'Ok, I have forwarded this to {n} colleagues.',
  'Let us know when it is deployed.',
  'Ok, we will test it again tomorrow.',
  'Received, thanks.',
  'Ok, I will send the details by {weekday}.',
  'Got it, will report back if it happens again.',
] as const;

/** First agent reply. */
const AGENT_ACK = [
  'Thanks for reporting this, we are looking into it.',
  'Thanks for reaching out. I have passed this to our engineers.',
  'Hi, thanks for the details. I am checking this now.',
  'Thanks for letting us know, I have opened an internal issue.',
  'Hello, thanks for your message. Let me look into {feature} for you.',
  'Thanks, I can see the report and I am investigating.',
  'Hi, this is {agent} from support. I am on it.',
  'Thank you for the report. We are reviewing the logs now.',
  'Thanks for your patience, I am looking at your account.',
  'Hi, I have assigned this to the {feature} team.',
  'Thanks, we have received your request and will reply shortly.',
  'Hello, thanks for writing in. Checking this on our side.',
  'Thanks for flagging this. Our team is aware and investigating.',
  'Hi there, thanks for the ticket. I will update you within the hour.',
  'Thanks for the question, let me find the right answer for you.',
] as const;

/** Agent asking for information. */
const AGENT_ASK = [
  'Could you send the request id?',
  'Could you share a screenshot of the error?',
  'Which browser and version are you using?',
  'Does this happen for all users or only some?',
  'Could you tell us roughly when it started?',
  'Can you confirm which workspace this is in?',
  'Could you try again in a private window and let us know?',
  'Do you see the same in the mobile app?',
  'Could you send the steps to reproduce this?',
  'Which user role do the affected people have?',
  'Can you share the name of one affected user?',
  'Would {weekday} at {time} work for a short call?',
  'Could you export the log from {feature} and attach it?',
  'Is this still happening after {time} today?',
  'How many of your users are affected right now?',
] as const;

/** Agent progress update on an open problem. */
const AGENT_UPDATE = [
  'Our engineers are still working on this, I will update you as soon as I know more.',
  'We have reproduced the issue and a fix is being prepared.',
  'A fix for {feature} is scheduled for the next release.',
  'We have escalated this to the {feature} team.',
  'Quick update: the cause is identified, we are testing a fix.',
  'We are monitoring {feature} closely and will share an update by {time}.',
  'Our team found the root cause and is rolling out a change.',
  'This is now tracked as a priority issue on our side.',
  'We are still investigating and will get back to you on {weekday}.',
  'Thanks for your patience, the fix is in review.',
  'The workaround for now is to refresh {feature} after saving.',
  'We have added your account to the list of affected customers.',
  'Engineering is deploying a change this afternoon.',
  'I have asked the product team for an update on {feature}.',
  'We are seeing this for a few customers and are working on it.',
] as const;

/** Agent message reporting a fix for a problem (outage, bug, other). */
const AGENT_FIXED = [
  'We have deployed a fix for {feature}. Could you check again?',
  'The issue is resolved on our side, please let us know if you still see it.',
  'The service is back up. We are sorry for the disruption.',
  'This should work now after the release on {weekday}.',
  'I have updated the settings on your account, please try again.',
  'The sync has been rerun and the data should be complete now.',
  'The fix is live for all workspaces. Could you confirm?',
  'We have restored access for all users in your workspace.',
  'We rolled back the change that caused this; {feature} should behave as before.',
  'The cache on our side was stale and has been cleared. Please try once more.',
  'A patch for {feature} went out at {time}. Can you confirm on your end?',
  'We found a misconfigured permission on your workspace and corrected it.',
  'The missing records have been restored from the backup.',
  'Our engineers fixed the timeout in {feature}; pages should load normally again.',
  'We repaired the broken link between {feature} and your CRM. It syncs again.',
] as const;

/** Agent message answering a how-to question. */
const AGENT_ANSWER = [
  'You can do this under Settings > Team > Invite. Let me know if anything is unclear.',
  'Here is the guide for {feature}, step 3 covers your question.',
  'You can find the API key under Settings > Developers.',
  'Admins can change roles from the user list: open the user, then Role.',
  'Yes, open {feature}, then the filter icon, and pick the team.',
  'Reports can be scheduled from the report menu, Schedule, then pick {weekday}.',
  'Bulk import is under Settings > Data > Import; CSV files up to {count} rows work best.',
  'Passwords are reset from the user list with the Reset button next to the name.',
  'The time zone is set per workspace under Settings > General.',
  'I have sent you a short video that walks through {feature}.',
  'Yes, that is possible; I have added the steps to our help centre article for you.',
  'You need the admin role for that. An existing admin can grant it in a minute.',
  'We have a sandbox: Settings > Sandbox creates a copy of your workspace.',
  'Email alerts for {feature} can be switched off under Notifications.',
  'Two people can edit at once; changes are merged when each of you saves.',
] as const;

/** Agent message closing the loop on a feature request. */
const AGENT_LOGGED = [
  'Your feature request is recorded; we will let you know when it ships.',
  'We have logged your request with the product team.',
  'I have added your vote to the existing request for this.',
  'Good news: this is planned for next quarter, I will keep you posted.',
  'Our product manager for {feature} has your request and may reach out.',
  'This is already on the roadmap; I have linked your account to it.',
  'Thanks for the idea, it is now in our feature tracker.',
  'We shared your use case with the {feature} team.',
  'This exists in beta; I have enabled it for your workspace.',
  'I have recorded the request and the {n} teams it would help.',
  'The product team reviews requests every {weekday}; yours is on the list.',
  'There is a workaround with the API until this ships; details in the link.',
  'We have passed this on; similar requests have come from other customers too.',
  'This is part of the {feature} update we are working on now.',
  'Logged. I will update this ticket when there is news.',
] as const;

/** Agent message settling a billing question. */
const AGENT_BILLING_DONE = [
  'We corrected the invoice and sent a new copy to your billing contact.',
  'The duplicate charge has been refunded, it takes {n} business days.',
  'The billing contact is updated to your finance team.',
  'Your VAT number will appear on all invoices from now on.',
  'The seat count is corrected to match your contract.',
  'I have attached the tax documents to this ticket.',
  'The renewal quote for {count} seats is on its way by email.',
  'Bank transfer is enabled for your account; the details are on the next invoice.',
  'The proration for the added seats will show on the next invoice.',
  'The old card is removed and the new payment method is active.',
  'Invoices will go to your shared finance mailbox from now on.',
  'Your purchase order number is added to the invoice.',
  'The plan shown on the {feature} now matches your contract.',
  'The annual plan price is in the quote I just sent.',
  'The billing address is updated for future invoices.',
] as const;

/** Agent closing a thread. */
const AGENT_CLOSE = [
  'Glad to hear it! I will close this ticket now.',
  'Thanks for confirming, closing this ticket.',
  'Happy to help. Feel free to reopen if anything comes up.',
  'Thanks, I am marking this as solved.',
  'Great, closing this. Have a good {weekday}!',
  'Thanks for your patience. This ticket is now closed.',
  'Closing this for now, just reply to reopen it.',
  'Thanks {agent} here, closing the ticket.',
  'Marking as solved. Let us know if we can help with anything else.',
  'Thanks for the update, I will close this.',
  'Closing this ticket. Reply any time if it happens again.',
  'Good to know, thanks. Closing.',
  'Noted, we will close this for now.',
  'Thanks, this ticket is resolved.',
  'Thank you, closing this one.',
] as const;

/** Every bank by name (exported so tests can check their size and slots). */
export const TEMPLATE_BANKS: Readonly<Record<string, readonly string[]>> = {
  'subject.outage': SUBJECTS.outage,
  'subject.bug': SUBJECTS.bug,
  'subject.billing': SUBJECTS.billing,
  'subject.how_to': SUBJECTS.how_to,
  'subject.feature_request': SUBJECTS.feature_request,
  'subject.other': SUBJECTS.other,
  'customer.report': CUSTOMER_REPORT,
  'customer.question': CUSTOMER_QUESTION,
  'customer.request': CUSTOMER_REQUEST,
  'customer.billing': CUSTOMER_BILLING,
  'customer.detail': CUSTOMER_DETAIL,
  'customer.follow_up_question': CUSTOMER_FOLLOW_UP_QUESTION,
  'customer.unhappy': CUSTOMER_UNHAPPY,
  'customer.unhappy.outage': CUSTOMER_UNHAPPY_OUTAGE,
  'customer.unhappy.bug': CUSTOMER_UNHAPPY_BUG,
  'customer.unhappy.billing': CUSTOMER_UNHAPPY_BILLING,
  'customer.happy': CUSTOMER_HAPPY,
  'customer.neutral_close': CUSTOMER_NEUTRAL_CLOSE,
  'agent.ack': AGENT_ACK,
  'agent.ask': AGENT_ASK,
  'agent.update': AGENT_UPDATE,
  'agent.fixed': AGENT_FIXED,
  'agent.answer': AGENT_ANSWER,
  'agent.logged': AGENT_LOGGED,
  'agent.billing_done': AGENT_BILLING_DONE,
  'agent.close': AGENT_CLOSE,
};

// ---------------------------------------------------------------------------------------------
// Compiled templates: literal pieces around slots, so filling is concatenation only

interface Template {
  readonly literals: readonly string[]; // one more than slots
  readonly slots: readonly Slot[];
}

const SLOT_PATTERN = /\{(\w+)\}/g;

function compile(source: string): Template {
  const literals: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of source.matchAll(SLOT_PATTERN)) {
    const name = m[1] ?? '';
    if (!isSlot(name)) throw new Error(`texts: unknown slot {${name}} in "${source}"`);
    literals.push(source.slice(last, m.index));
    slots.push(name);
    last = m.index + m[0].length;
  }
  literals.push(source.slice(last));
  return { literals, slots };
}

function compileBank(bank: readonly string[]): readonly Template[] {
  return bank.map(compile);
}

const T_SUBJECT: Record<TicketType, readonly Template[]> = {
  outage: compileBank(SUBJECTS.outage),
  bug: compileBank(SUBJECTS.bug),
  billing: compileBank(SUBJECTS.billing),
  how_to: compileBank(SUBJECTS.how_to),
  feature_request: compileBank(SUBJECTS.feature_request),
  other: compileBank(SUBJECTS.other),
};
const T_REPORT = compileBank(CUSTOMER_REPORT);
const T_QUESTION = compileBank(CUSTOMER_QUESTION);
const T_REQUEST = compileBank(CUSTOMER_REQUEST);
const T_BILLING = compileBank(CUSTOMER_BILLING);
const T_DETAIL = compileBank(CUSTOMER_DETAIL);
const T_FOLLOW_UP_QUESTION = compileBank(CUSTOMER_FOLLOW_UP_QUESTION);
const T_UNHAPPY = compileBank(CUSTOMER_UNHAPPY);
const T_UNHAPPY_OUTAGE = compileBank(CUSTOMER_UNHAPPY_OUTAGE);
const T_UNHAPPY_BUG = compileBank(CUSTOMER_UNHAPPY_BUG);
const T_UNHAPPY_BILLING = compileBank(CUSTOMER_UNHAPPY_BILLING);
const T_HAPPY = compileBank(CUSTOMER_HAPPY);
const T_NEUTRAL_CLOSE = compileBank(CUSTOMER_NEUTRAL_CLOSE);
const T_AGENT_ACK = compileBank(AGENT_ACK);
const T_AGENT_ASK = compileBank(AGENT_ASK);
const T_AGENT_UPDATE = compileBank(AGENT_UPDATE);
const T_AGENT_RESOLVE: Record<TicketType, readonly Template[]> = {
  outage: compileBank(AGENT_FIXED),
  bug: compileBank(AGENT_FIXED),
  other: compileBank(AGENT_FIXED),
  how_to: compileBank(AGENT_ANSWER),
  feature_request: compileBank(AGENT_LOGGED),
  billing: compileBank(AGENT_BILLING_DONE),
};
const T_AGENT_CLOSE = compileBank(AGENT_CLOSE);

function capitalise(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

function requestId(rng: Rng): string {
  let id = 'req-';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET.charAt(Math.floor(rng.next() * ID_ALPHABET.length));
  return id;
}

function slotValue(slot: Slot, feature: string, rng: Rng): string {
  switch (slot) {
    case 'feature':
      return feature;
    case 'Feature':
      return capitalise(feature);
    case 'n':
      return String(rng.int(2, 9));
    case 'count':
      return String(rng.int(2, 60) * 5);
    case 'nth':
      return rng.pick(ORDINALS);
    case 'time':
      return `${rng.int(7, 17)}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`;
    case 'weekday':
      return rng.pick(WEEKDAYS);
    case 'reqid':
      return requestId(rng);
    case 'agent':
      return rng.pick(AGENT_NAMES);
  }
}

function fill(rng: Rng, bank: readonly Template[], feature: string): string {
  const t = rng.pick(bank);
  let out = t.literals[0] ?? '';
  for (let i = 0; i < t.slots.length; i++) {
    out += slotValue(t.slots[i] as Slot, feature, rng) + (t.literals[i + 1] ?? '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** The product area a ticket of this type is about. */
export function pickFeature(rng: Rng, type: TicketType): string {
  return type === 'billing' ? rng.pick(BILLING_FEATURES) : rng.pick(FEATURES);
}

/** A subject line for a ticket of this type. */
export function ticketSubject(rng: Rng, type: TicketType, feature: string): string {
  return fill(rng, T_SUBJECT[type], feature);
}

export type Mood = 'unhappy' | 'neutral' | 'happy';

export interface ThreadSpec {
  type: TicketType;
  /** The product area the ticket is about (see pickFeature). */
  feature: string;
  /** The account's health when the ticket was written, 0 (failing) … 1 (thriving). */
  health: number;
  /** Whether the ticket got closed; unresolved threads end on a worse note. */
  resolved: boolean;
  /** Number of messages; they alternate customer/agent, the customer first. */
  messages: number;
  /** How outspoken the customer is: scales the chance of each unhappy or happy message (1 by default). */
  tone?: number;
}

export interface ThreadMessage {
  from: 'customer' | 'agent';
  text: string;
  /** The tone the customer message was written in (agents are always 'neutral'). */
  mood: Mood;
}

function typedUnhappyBank(type: TicketType): readonly Template[] {
  if (type === 'outage') return T_UNHAPPY_OUTAGE;
  if (type === 'bug') return T_UNHAPPY_BUG;
  if (type === 'billing') return T_UNHAPPY_BILLING;
  return T_UNHAPPY;
}

function unhappyBank(type: TicketType, rng: Rng): readonly Template[] {
  // Later in a thread: two thirds type-specific, one third generic ("still not resolved").
  return rng.next() < 0.34 ? T_UNHAPPY : typedUnhappyBank(type);
}

function openingMood(rng: Rng, type: TicketType, health: number, tone: number): Mood {
  const sick = 1 - health;
  let pUnhappy: number;
  if (type === 'outage') pUnhappy = 0.2 + 0.65 * sick;
  else if (type === 'bug') pUnhappy = 0.1 + 0.6 * sick;
  else if (type === 'billing') pUnhappy = 0.05 + 0.45 * sick;
  else return 'neutral'; // questions and requests open calmly; frustration shows later in the thread
  return rng.bernoulli(pUnhappy * tone) ? 'unhappy' : 'neutral';
}

function openingBank(type: TicketType): readonly Template[] {
  switch (type) {
    case 'how_to':
      return T_QUESTION;
    case 'feature_request':
      return T_REQUEST;
    case 'billing':
      return T_BILLING;
    default:
      return T_REPORT;
  }
}

/** The customer's last word: pleased when resolved at a healthy account, frustrated when not. */
function closingMood(rng: Rng, health: number, resolved: boolean, tone: number): Mood {
  if (resolved) {
    const pHappy = (0.25 + 0.7 * health) * tone;
    const r = rng.next();
    if (r < pHappy) return 'happy';
    return r < pHappy + (1 - pHappy) * 0.45 * tone ? 'unhappy' : 'neutral';
  }
  return rng.bernoulli((0.3 + 0.6 * (1 - health)) * tone) ? 'unhappy' : 'neutral';
}

/**
 * The texts of one ticket thread. Customer tone follows the health at the time and the outcome:
 * low health means more frustrated openings and follow-ups ("still not working"), unresolved
 * threads end unhappy or flat, resolved threads at healthy accounts end with thanks.
 */
export function writeThread(rng: Rng, spec: ThreadSpec): ThreadMessage[] {
  const { type, feature, resolved, messages, tone = 1 } = spec;
  const health = Math.min(1, Math.max(0, spec.health));
  const lastCustomer = messages % 2 === 1 ? messages - 1 : messages - 2;
  const out: ThreadMessage[] = [];
  for (let i = 0; i < messages; i++) {
    if (i % 2 === 0) {
      let mood: Mood;
      let bank: readonly Template[];
      if (i === 0) {
        mood = openingMood(rng, type, health, tone);
        bank = mood === 'unhappy' ? typedUnhappyBank(type) : openingBank(type);
      } else if (i === lastCustomer) {
        mood = closingMood(rng, health, resolved, tone);
        bank = mood === 'happy' ? T_HAPPY : mood === 'unhappy' ? unhappyBank(type, rng) : T_NEUTRAL_CLOSE;
      } else {
        mood = rng.bernoulli((0.1 + 0.5 * (1 - health)) * tone) ? 'unhappy' : 'neutral';
        const asking = type === 'how_to' || type === 'feature_request' || type === 'other';
        bank = mood === 'unhappy' ? unhappyBank(type, rng) : asking ? T_FOLLOW_UP_QUESTION : T_DETAIL;
      }
      out.push({ from: 'customer', text: fill(rng, bank, feature), mood });
    } else {
      // The reply just before the customer's last word carries the fix (or the latest update); a
      // reply after it closes the ticket (or promises more news).
      let bank: readonly Template[];
      if (i === lastCustomer - 1) bank = resolved ? T_AGENT_RESOLVE[type] : i === 1 ? T_AGENT_ACK : T_AGENT_UPDATE;
      else if (i === messages - 1) bank = resolved ? T_AGENT_CLOSE : T_AGENT_UPDATE;
      else if (i === 1) bank = T_AGENT_ACK;
      else bank = rng.bernoulli(0.5) ? T_AGENT_ASK : T_AGENT_UPDATE;
      out.push({ from: 'agent', text: fill(rng, bank, feature), mood: 'neutral' });
    }
  }
  return out;
}
