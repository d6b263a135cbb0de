// Every sentence and label the cards show, in one place: the HubSpot renderer and the web
// renderer read these through the view models, never spell them out themselves.
// The names the engine writes too (components, ticket types, objective statuses: labels.ts) and the plural
// (stable-format.ts) have their one home beside this file, which the server imports.
import type { ContactRole, ObjectiveStatus, RiskLevel, ShowStopper, SkipReason, Step, TicketPriority } from './api-types.ts';
import { COMPONENT_LABELS, OBJECTIVE_STATUS_LABELS, ROLE_NAMES } from './labels.ts';
import { capitalize, effortText, plural } from './stable-format.ts';
import type { Tone } from './view.ts';

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

export { COMPONENT_LABELS };

/**
 * Why past renewals could not be scored, and what would let them count (server/domain/backtest.ts
 * `SkipReason`). Usage history and the customer's start date cut off the oldest renewals: "earlier".
 * `horizon` is how long before its close date each renewal was scored as of ("30 days"), as the
 * server reports it; null when it does not.
 */
const SKIP_WHY: Record<SkipReason, { earlier: boolean; why: (it: string, horizon: string | null) => string }> = {
  usage_history_too_short: { earlier: true, why: (it) => `the usage history does not reach back far enough before ${it} (usage counts kept further back in the CRM would let ${it} count)` },
  not_yet_a_customer: {
    earlier: true,
    why: (it, horizon) => `${it === 'it' ? 'it closed' : 'they closed'} ${horizon ? `within ${horizon} of` : 'too soon after'} the date the CRM says the customer started (if that date is wrong, correcting the date would let ${it} count)`,
  },
  insufficient_data: { earlier: false, why: (it, horizon) => `too little was known ${horizon ? `${horizon} ` : ''}before ${it} to score the account (usage, tickets or conversations recorded in the CRM would let ${it} count)` },
};

/** "640 earlier renewals could not be scored because …"; the clauses after the first leave out the verb. */
function skippedClause(reason: SkipReason, count: string, one: boolean, first: boolean, horizon: string | null): string {
  const { earlier, why } = SKIP_WHY[reason];
  return `${count} ${earlier ? 'earlier ' : ''}${one ? 'renewal' : 'renewals'}${first ? ' could not be scored' : ''} because ${why(one ? 'it' : 'them', horizon)}`;
}

export const RISK_LABELS: Record<RiskLevel, { text: string; tone: Tone }> = {
  low: { text: 'Low risk', tone: 'success' },
  medium: { text: 'Medium risk', tone: 'warning' },
  high: { text: 'High risk', tone: 'danger' },
};

const statusTag = (status: ObjectiveStatus, tone: Tone) => ({ text: capitalize(OBJECTIVE_STATUS_LABELS[status]), tone });
export const OBJECTIVE_STATUS: Record<ObjectiveStatus, { text: string; tone: Tone }> = {
  open: statusTag('open', 'info'),
  at_risk: statusTag('at_risk', 'warning'),
  achieved: statusTag('achieved', 'success'),
  dropped: statusTag('dropped', 'default'),
};

export const SHOW_STOPPER_KINDS: Record<ShowStopper['kind'], string> = {
  open_severe_ticket: 'Severe ticket open',
  overdue_objective: 'Objective overdue',
  champion_lost: 'Champion lost',
  executive_lost: `${capitalize(ROLE_NAMES.executive)} lost`,
  unused_seats: 'Seats unused',
  contraction_ask: 'Asked to cancel or buy less',
};

export const STEP_KINDS: Record<Step['kind'], string> = {
  resolve_ticket: 'Resolve a ticket',
  re_engage_champion: 'Re-engage a champion',
  adoption_session: 'Adoption session',
  close_objective_gap: 'Close an objective gap',
  schedule_check_in: 'Value check-in',
  deflect_how_to: 'Deflect how-to questions',
  complete_data: 'Connect missing data',
  agree_objectives: 'Agree objectives',
  re_engage_sponsor: 'Find an executive sponsor',
  answer_ask: 'Answer a request to cancel or buy less',
  confirm_renewal: 'Confirm the renewal',
};

const roleTag = (role: ContactRole, tone: Tone) => ({ text: capitalize(ROLE_NAMES[role]), tone });
export const ROLE_LABELS: Record<ContactRole, { text: string; tone: Tone }> = {
  champion: roleTag('champion', 'success'),
  executive: roleTag('executive', 'info'),
  admin: roleTag('admin', 'default'),
  user: roleTag('user', 'default'),
  other: roleTag('other', 'default'),
};

export const TICKET_PRIORITIES: Record<TicketPriority, { text: string; tone: Tone }> = {
  urgent: { text: 'Urgent', tone: 'danger' },
  high: { text: 'High', tone: 'warning' },
  medium: { text: 'Medium', tone: 'default' },
  low: { text: 'Low', tone: 'default' },
};

export const WORDING = {
  titles: {
    company: 'Customer success',
    pitch: 'Before you pitch',
    contact: 'Customer success',
    settings: 'Success Sidecar settings',
  },
  common: {
    justNow: 'just now',
    cancel: 'Cancel',
    tryAgain: 'Try again',
    reload: 'Reload',
  },
  states: {
    loading: 'Loading customer success data…',
    computing: "Computing this customer's results…",
    computingHint: 'Success Sidecar is scoring this customer now. This card updates by itself.',
    insufficientTitle: 'Not enough data to score this customer yet',
    insufficientFallback: 'Not enough data to score: connect usage data or wait for tickets to arrive.',
    whatToDo: (action: string) => `What to do: ${action}`,
  },
  errors: {
    unreachable: {
      title: "Can't reach Success Sidecar",
      whatToDo: "The service didn't answer in time. Check your connection and try again; if it keeps failing, ask your HubSpot admin to check that Success Sidecar is running.",
    },
    unauthorized: {
      title: "Success Sidecar isn't connected to this HubSpot account",
      whatToDo: 'Ask a HubSpot admin to reconnect the app: Marketplace → Connected apps → Success Sidecar.',
    },
    not_found: {
      title: "This customer isn't in Success Sidecar yet",
      whatToDo: "It appears after the next sync, usually within minutes. Recompute on the company's Customer success tab scores it now.",
    },
    rate_limited: {
      title: 'Too many requests right now',
      whatToDo: 'Wait a few seconds and try again.',
    },
    server: {
      title: 'Success Sidecar had a problem',
      whatToDo: 'Try again in a minute. If it keeps happening, contact support and say when it happened.',
    },
    bad_response: {
      title: 'Unexpected answer from Success Sidecar',
      whatToDo: 'The app and the service may be on different versions. Reload the page; if it persists, contact support.',
    },
    rejected: {
      title: 'Success Sidecar refused the request',
      whatToDo: 'Check the values and try again.',
    },
    conflict: {
      title: 'Someone else saved first',
      whatToDo: 'Reload to see their version, then make your change again.',
    },
    still_computing: {
      title: 'Still computing',
      whatToDo: 'Scoring this customer takes longer than usual. Refresh the card in a minute.',
    },
    signature_rejected: {
      title: "Success Sidecar couldn't verify this request",
      whatToDo: "The service rejected HubSpot's signature on the request. Ask whoever runs Success Sidecar to check that its HUBSPOT_CLIENT_SECRET is this app's client secret and that the server's clock is right, then reload.",
    },
    not_installed: {
      title: "Success Sidecar isn't installed in this HubSpot account",
      whatToDo: 'Ask a HubSpot super admin to install Success Sidecar from the HubSpot marketplace, then reload this page.',
    },
    card_session: {
      title: "This card's session has ended",
      whatToDo: 'Reload the Account page in Salesforce to open the card again: a card page is good for 10 minutes.',
    },
    card_mismatch: {
      title: "This card can't open that record",
      whatToDo: 'The card was opened on another Account or in another org. Reload the Account page in Salesforce to open the card for it.',
    },
    org_not_installed: {
      title: "Success Sidecar isn't installed in this Salesforce org",
      whatToDo: 'Ask a Salesforce admin to install it (README, "Salesforce": open /oauth/salesforce/install on the sidecar), then reload the Account page.',
    },
    crm_unreachable: {
      title: "Success Sidecar couldn't reach HubSpot",
      whatToDo: "HubSpot didn't answer or is busy right now. Try again in a minute; if it keeps failing, check HubSpot's status page for an outage.",
    },
    crm_access: {
      title: 'HubSpot refused Success Sidecar access',
      whatToDo: "The app's access to this HubSpot account was revoked or expired. Ask a HubSpot super admin to reinstall Success Sidecar from the marketplace.",
    },
    admin_required: {
      title: 'Only an admin can do this',
      whatToDo: 'Ask one of the admins (the message below names them) to make the change, or to add you as an admin in the settings.',
    },
    salesforce_unreachable: {
      title: "Success Sidecar couldn't reach Salesforce",
      whatToDo: "Salesforce didn't answer or is busy right now (the org's daily API allowance may be used up). Try again in a minute; if it keeps failing, check Salesforce's status page (status.salesforce.com) for an incident.",
    },
    salesforce_access: {
      title: 'Salesforce refused Success Sidecar access',
      whatToDo: 'The app\'s access to this org was revoked or has expired. Ask a Salesforce admin to install Success Sidecar again (README, "Salesforce": open /oauth/salesforce/install on the sidecar), then reload the Account page.',
    },
    sidecar_down: {
      title: "The console can't reach the sidecar",
      whatToDo: 'The page loaded but the service behind it is not answering. Look at the terminal running `npm start` for an error, restart it if it stopped, then try again.',
    },
  },
  company: {
    scoreLabel: 'ROB score',
    scoreHint: 'Reduction of Burden: how much work the product takes off this customer and your support team, 0–100.',
    trend: (signed: string) => `${signed} points in 30 days`,
    trendNone: 'No 30-day trend yet',
    probabilityLabel: 'Chance of renewing',
    computedAgo: (relative: string) => `Computed ${relative}`,
    pendingWrite: 'Not yet written to the CRM properties; they update within minutes.',
    recompute: 'Recompute',
    recomputing: 'Recomputing…',
    recomputeQueued: 'Recompute queued. This card updates when the new results are ready.',
    recomputed: 'Recomputed. The success properties on this record are refreshed.',
    componentsTitle: 'What makes the score',
    componentColumns: { component: 'Component', points: 'Points', weight: 'Weight', reason: 'Why' },
    noData: 'no data',
    /** Under the components when some have no data: what the score rests on. `withData` are "sentiment (15%)"-style items. */
    scoreBasis: (withData: readonly string[], without: readonly string[]) =>
      `The score rests on ${andList(withData)} only: ${andList(without)} ${without.length === 1 ? 'has' : 'have'} no data.`,
    valueTitle: 'Value delivered',
    hoursSavedLabel: 'Support hours saved (90 days)',
    moneySavedLabel: 'Support cost saved (90 days)',
    ticketsAvoidedLabel: 'Tickets avoided (90 days)',
    savingsNote: (actual: number, expected: string) => `${plural(actual, 'ticket')} filed against ${expected} expected at this customer's own baseline.`,
    riskTitle: 'Renewal risk',
    riskUnknown: 'Not assessed',
    daysToRenewal: (days: number, date: string) => (days >= 0 ? `Renews in ${plural(days, 'day')} (${date}).` : `Renewal date ${date} passed ${plural(-days, 'day')} ago.`),
    noRenewalDate: 'No renewal date known.',
    planTitle: 'Success plan',
    objectivesTitle: 'Objectives, by opportunity',
    objectivesEmpty: 'No objectives yet. Add the outcomes this customer wants, with them.',
    objectiveColumns: { objective: 'Objective', status: 'Status', opportunity: 'Opportunity', due: 'Due', actions: '' },
    opportunity: (value: string) => `${value} / 20`,
    opportunityHint: 'Opportunity = importance + (importance − satisfaction), 0–20: the biggest gap in what matters most comes first.',
    metric: (metric: string | null, current: string | null, target: string | null) =>
      [metric, current !== null ? `${current} now` : null, target !== null ? `target ${target}` : null].filter((p): p is string => p !== null).join(' · '),
    due: (date: string) => `Due ${date}`,
    overdue: (date: string) => `Overdue since ${date}`,
    noDueDate: 'No due date',
    planVersion: (version: number, by: string | null, relative: string | null) =>
      version === 0 ? 'Nobody has edited this plan yet.' : `Version ${version}${by ? `, saved by ${by}` : ''}${relative ? ` ${relative}` : ''}.`,
    showStoppersTitle: 'Show-stoppers',
    showStoppersNone: 'Nothing is blocking value right now.',
    nextStepTitle: 'Next best step',
    nextStepNone: 'No step stands out right now.',
    nextStepGain: (rob: string, probabilityPoints: string | null) =>
      `Expected gain: ${rob} ROB points${probabilityPoints ? ` and ${probabilityPoints} percentage points on the chance of renewing` : ''}.`,
    effort: (effort: number) => `Effort: ${effortText(effort)}`,
    historyTitle: 'ROB score over time',
    historyScore: 'ROB score',
    historyProbability: 'Chance of renewing (%)',
    historyEmpty: 'The chart fills in as the score is recomputed over time.',
    historyScoreReconstructed: 'ROB score (reconstructed)',
    historyProbabilityReconstructed: 'Chance of renewing (%) (reconstructed)',
    historyReconstructedNote: (until: string) => `Points up to ${until} are reconstructed: today's data scored as of the first of each month. Real history takes their place as the score is recomputed over time.`,
    historyAxisDate: 'Date',
    historyAxisValue: 'Value',
  },
  objectives: {
    add: 'Add objective',
    edit: 'Edit',
    markAchieved: 'Mark achieved',
    save: 'Save objective',
    saving: 'Saving…',
    newTitle: 'New objective',
    editTitle: 'Edit objective',
    saved: 'Plan saved.',
    fields: {
      statement: { label: 'Desired outcome', description: 'Direction + metric + object, e.g. "Minimise the time it takes to onboard a new agent".' },
      metric: { label: 'Metric', description: 'How the outcome is measured, e.g. "days to first solved ticket".' },
      current: { label: 'Current value' },
      target: { label: 'Target' },
      importance: { label: 'Importance (0–10)', description: 'How much this outcome matters to the customer.' },
      satisfaction: { label: 'Satisfaction today (0–10)', description: 'How well it is met today.' },
      dueDate: { label: 'Due date' },
      status: { label: 'Status' },
    },
    errors: {
      statementRequired: 'Describe the outcome the customer wants.',
      statementTooLong: 'Keep the outcome under 500 characters.',
      metricTooLong: 'Keep the metric under 200 characters.',
      scoreRange: (label: string) => `${label} must be a number from 0 to 10.`,
      number: (label: string) => `${label} must be a number.`,
      date: 'Use a valid date.',
      tooMany: 'A plan holds at most 50 objectives.',
    },
    conflictTitle: 'Someone else changed this plan',
    conflictText: (version: number, by: string | null, relative: string | null) =>
      `Version ${version} was saved${by ? ` by ${by}` : ''}${relative ? ` ${relative}` : ''} while you were editing. Your change was not saved. Their version is shown below.`,
    reapply: 'Re-apply my change to their version',
    discard: 'Discard my change',
    cannotReapply: "The objective you changed was removed in their version, so your change can't be re-applied.",
  },
  contact: {
    roleLabel: 'Role',
    active: 'Active',
    left: 'Left the company',
    lastEngaged: (relative: string) => `Last engaged ${relative}`,
    neverEngaged: 'No engagement recorded',
    openTicketsTitle: 'Open tickets',
    openTicketsNone: 'No open tickets.',
    ticketOpened: (relative: string) => `opened ${relative}`,
    companyTitle: 'Their company',
    noCompany: "This contact isn't associated with a company, so there is no customer score to show.",
    companyComputing: "The company's results are being computed.",
    companyInsufficient: 'Not enough data to score the company yet.',
    showStoppers: (n: number) => (n === 0 ? 'No open show-stoppers' : `${plural(n, 'open show-stopper')}`),
    openCompany: "Open the company's Customer success tab",
  },
  pitch: {
    verdicts: {
      good_moment: { title: 'Good moment', summary: 'Value is landing and nothing is in the way: a fine time to talk about expansion.', tone: 'success' },
      resolve_first: { title: 'Resolve first', summary: "Don't pitch yet: fix what is in the way, then come back.", tone: 'warning' },
      at_risk: { title: 'At risk', summary: 'This renewal is in danger. Help keep the customer before selling more.', tone: 'danger' },
      unknown: { title: 'No verdict yet', summary: 'There is not enough data to judge this customer.', tone: 'default' },
    },
    reasons: {
      risk: (level: RiskLevel, probability: string) => `Renewal risk is ${level}: ${probability} chance of renewing.`,
      lowAndFalling: (score: string, trend: string) => `Value realised is low and falling: ROB ${score}, ${trend} points in 30 days.`,
      asked: (reason: string) => `The customer asked to cancel or buy less: talk about keeping them, not about expanding. ${reason}`,
      showStoppers: (n: number, titles: string) => `${plural(n, 'open show-stopper')}: ${titles}.`,
      falling: (trend: string) => `Value realised is falling: ${trend} points in 30 days.`,
      lowValue: (score: string) => `Value realised is still low: ROB ${score} of 100.`,
      noShowStoppers: 'No open show-stoppers.',
      value: (score: string, trend: string | null) => `ROB ${score} of 100${trend ? `, ${trend} points in 30 days` : ''}.`,
      saved: (hours: string, money: string) => `Saved ${hours} of support work (${money}) in the last 90 days.`,
    },
    valueTitle: 'Value delivered',
    objectivesTitle: 'Objectives achieved',
    objectivesAchieved: (achieved: number, total: number) => `${achieved} of ${plural(total, 'objective')} achieved`,
    objectivesNone: 'No objectives recorded yet.',
    showStoppersTitle: 'Open show-stoppers',
    showStoppersNone: 'None.',
  },
  settings: {
    intro: 'These settings apply to every customer in this HubSpot account. Preview the effect on a few real accounts before you save.',
    weightsTitle: 'Component weights',
    weightsDescription: 'How much each part counts towards the ROB score, in percent. They must add up to 100 %.',
    weightsTotal: (total: string) => `Total: ${total} %`,
    costTitle: 'Support cost',
    costPerHour: { label: 'Cost per support hour', description: 'Used to turn support hours saved into money.' },
    currency: { label: 'Currency', description: 'Three-letter ISO 4217 code, e.g. USD, EUR or GBP.' },
    mappingTitle: 'Where usage lives in HubSpot',
    activeUsers: { label: 'Active users property', description: 'Company property holding the number of active users; its history is the usage trend.' },
    licensedSeats: { label: 'Licensed seats property', description: 'Company property holding the number of seats paid for.' },
    renewalTitle: 'Renewal detection',
    renewalDealTypes: { label: 'Renewal deal types', description: 'Deal types (internal values, comma-separated) that mark a renewal deal.' },
    preview: 'Preview the effect',
    previewing: 'Previewing…',
    previewTitle: 'How these settings would move a few accounts',
    previewEmpty: 'No accounts to preview yet. Run a sync first.',
    previewColumns: { account: 'Account', rob: 'ROB score', risk: 'Renewal risk' },
    previewChange: (before: string, after: string) => `${before} → ${after}`,
    save: 'Save settings',
    saving: 'Saving…',
    saved: 'Settings saved. Scores use them from the next computation.',
    fixErrors: 'Fix the highlighted fields first.',
    model: {
      title: 'How well the renewal model predicts your renewals',
      inUse: { global: 'Results use the default model.', learned: (version: string) => `Results use the model learned from your own renewals (${version}).`, pinned_global: 'Results use the default model: an admin chose it over the learned one.' },
      learnedFrom: (renewals: string, date: string) => `Learned from ${renewals} on ${date}.`,
      /** The latest fit kept the default model (too little history, or it did no better): nothing was learned, so it must not say "Learned from". */
      notLearned: (renewals: string, date: string) => `Nothing learned yet: ${renewals} checked on ${date}, and the default model kept. The figures below measure the default model on them.`,
      newest: (renewals: string, date: string, observed: string, predicted: string, moved: boolean) =>
        moved
          ? `The ${renewals} newest renewals (from ${date}) renewed ${observed} where the model predicted ${predicted}: more than chance explains, so its level was moved towards theirs.`
          : `The ${renewals} newest renewals (from ${date}) renewed ${observed}; the model predicted ${predicted}, a gap chance explains.`,
      /** `horizon`: the backtest's, as the server reported it (days formatted, and whether that is one), or null. */
      skipped: (parts: ReadonlyArray<{ reason: SkipReason; count: string; one: boolean }>, horizon: { days: string; one: boolean } | null) => {
        const span = horizon ? `${horizon.days} ${horizon.one ? 'day' : 'days'}` : null;
        return `${parts.map((p, i) => skippedClause(p.reason, p.count, p.one, i === 0, span)).join('; ')}.`;
      },
      none: 'No model has been learned yet: it is fitted after the first full sync, from the renewals your CRM records with their outcome.',
      auc: (value: string, interval: { low: string; high: string } | null) =>
        `Ranks renewals right ${value} of the time (AUC${interval ? `; 95% interval ${interval.low}–${interval.high}` : ''}): of a renewal you lost and one that renewed, it gave the lost one the lower chance that often. 50% is a coin toss, 100% never wrong.`,
      aucDefault: (value: string) => `The default model on the same renewals: ${value}.`,
      /** `defaultValue`: the default model's on the same renewals, or null when the fit kept it (the same figure twice says nothing). */
      brier: (value: string, defaultValue: string | null) =>
        `Brier score ${value}${defaultValue ? ` (the default model: ${defaultValue})` : ''}: the average squared gap between the chance given and what happened (1 renewed, 0 lost). 0 is perfect, always saying 50% scores 0.25; lower is better.`,
      brierSkill: (value: string, defaultValue: string | null) =>
        `Brier skill ${value}${defaultValue ? ` (the default model: ${defaultValue})` : ''}: how much lower that score is than always predicting the share of renewals that renewed. 0% is no better than that, 100% perfect, below 0% worse.`,
      /** `points`: percentage points, `one` when that reads as 1. */
      ece: (points: string, one: boolean, defaultPoints: string | null) =>
        `Calibration error ${points} percentage ${one ? 'point' : 'points'} (ECE${defaultPoints ? `; the default model: ${defaultPoints}` : ''}): how far, on average over the renewals, the share that renewed sits from the chance given, group by group as in the chart below. 0 is perfect.`,
      /** The time-split check the choice between the learned and the default model was made on. */
      heldOut: (renewals: string, from: string, train: string, learned: string, global: string) =>
        `Checked on the ${renewals} newest renewals (closing from ${from}), which a model fitted on the ${train} older ones never saw: that model ranked them right ${learned} of the time, the default model ${global}. Unlike the figures below, this check scores renewals the fit did not learn from.`,
      caught: (share: string) => `The riskiest 20% of predictions held ${share} of the renewals you lost (picking a fifth at random would hold 20%).`,
      /** How the figures were made: each past renewal scored as it stood `days` before it closed. */
      horizon: (days: string, one: boolean) => `Each past renewal below was scored as the account stood ${days} ${one ? 'day' : 'days'} before it closed, seeing nothing recorded later, as the model sees an account today.`,
      reliabilityTitle: 'Predicted against actual, per tenth of predictions',
      reliabilityHelp: 'The renewals sorted by the chance the model gave them and cut into ten groups: in each, the average chance given against the share that renewed. The closer the two, the more the chances shown on the cards can be taken at their word.',
      reliabilityColumns: { predicted: 'Predicted chance of renewing', actual: 'Renewed', renewals: 'Renewals' },
      levelsTitle: 'Renewal rate per risk level',
      levelsHelp: 'How often the renewals the model put at each risk level actually renewed: a model worth using shows the rate rising from High to Low.',
      levelsColumns: { level: 'Risk level', renewals: 'Renewals', rate: 'Renewed' },
      coefficientsTitle: 'What each factor weighs (log-odds), against the default',
      coefficientsHelp: 'Above 0 a factor raises the predicted chance of renewing, below 0 lowers it, and the further from 0 the more it counts; 0 means it is not weighed. With few renewals the learned weights stay close to the default ones.',
      coefficientsColumns: { factor: 'Factor', meaning: 'What it reads', value: 'Learned', global: 'Default' },
      /** A recalibration fits only the intercept and one slope for all the weights: its column is the default × that slope, not a weight learned per factor. */
      recalibratedColumn: 'Default × slope',
      /** A fit that kept the default model learned no weight: its column is the default's, in use. */
      keptColumn: 'In use (the default)',
      recalibrated: (slope: string | null) =>
        slope === null
          ? 'Too few renewals to learn each factor\'s weight: only the overall level (the intercept) was moved, and every factor keeps its default weight.'
          : `Too few renewals to learn each factor's weight: only the overall level (the intercept) and one scale for all the weights (the slope, ×${slope} here) were fitted. The "Default × slope" column is each default weight times that scale, not a weight learned for the factor, so the accounts keep the default model's order.`,
      useGlobal: 'Use the default model',
      useLearned: 'Use the learned model',
      switching: 'Switching…',
      switched: 'Switched. Every account is being recomputed with this model: the progress shows below.',
      /** How far recomputing every account with the model in use has got. */
      recomputing: (current: string, accounts: string) => `Recomputing every account with this model: ${current} of ${accounts} done so far.`,
      recomputed: (accounts: string, one: boolean, at: string) => `${one ? 'The one account is' : `All ${accounts} accounts are`} computed with this model (the last on ${at}).`,
    },
    writeFailures: {
      title: 'Write-backs that failed',
      none: 'Every result was written to the CRM: nothing failed.',
      intro: 'Results the CRM refused for good. They stay here until an admin sends them again.',
      columns: { company: 'Company', properties: 'Properties', attempts: 'Attempts', error: 'Why it failed', failedAt: 'Failed on' },
      noError: 'No reason given',
      redrive: 'Send them again',
      redriveOne: 'Send again',
      redriving: 'Sending…',
      redriven: (n: number) => (n === 0 ? 'Nothing was left to send.' : `${n} ${n === 1 ? 'write-back is' : 'write-backs are'} being sent again.`),
      adminsOnly: 'Only an admin can send them again.',
    },
    adminsTitle: 'Admins',
    adminsDescription: 'Admins can change these settings, recompute every account, add admins and uninstall the app. The user who installed the app is the first.',
    readOnly: (admins: string) => `Only an admin can change these settings. Ask ${admins}, or ask one of them to add you below.`,
    adminUserId: { label: 'HubSpot user id', description: 'The numeric id of the user to make an admin (Settings → Users & Teams).' },
    adminEmail: { label: 'Email (optional)', description: 'Shown to others so they know whom to ask.' },
    addAdmin: 'Add admin',
    addingAdmin: 'Adding…',
    adminAdded: 'Admin added.',
    adminUserIdError: 'Enter the numeric HubSpot user id.',
    errors: {
      weightsSum: (total: string) => `Component weights must add up to 100 % (now ${total} %).`,
      weightRange: (label: string) => `${label}: enter a percentage from 0 to 100.`,
      cost: 'Cost per support hour must be a number of 0 or more.',
      currency: 'Currency must be a three-letter ISO 4217 code, such as USD or EUR.',
      propertyName: (label: string) => `${label} must be a HubSpot internal property name: lower-case letters, digits and underscores.`,
      renewalDealTypes: 'Give at least one deal type that marks a renewal, such as existingbusiness.',
    },
    /** The Salesforce card's settings: where they differ from HubSpot's words. */
    salesforce: {
      intro: 'These settings apply to every Account in this Salesforce org. They are used from the next computation of each Account.',
      mappingTitle: 'Where usage lives in Salesforce',
      activeUsers: { label: 'Active users field', description: 'API name of the Account field holding the number of active users, e.g. Active_Users__c.' },
      licensedSeats: { label: 'Licensed seats field', description: 'API name of the Account field holding the number of seats paid for, e.g. Licensed_Seats__c.' },
      renewalDealTypes: { label: 'Renewal opportunity types', description: 'Opportunity Type values (comma-separated) that mark a renewal, e.g. Renewal.' },
      readOnly: (admins: string) => `Only an admin of this org can change these settings. Ask ${admins}.`,
      adminUserId: { label: 'Salesforce user id', description: "The user's 15- or 18-character id, starting with 005 (Setup → Users → the user's page)." },
      adminUserIdError: 'Enter a Salesforce user id: 15 or 18 letters and digits, starting with 005.',
      removeAdmin: 'Remove',
      removingAdmin: 'Removing…',
      adminRemoved: 'Admin removed.',
      errors: {
        propertyName: (label: string) => `${label} must be a Salesforce field API name: a letter, then letters, digits and underscores.`,
        renewalDealTypes: 'Give at least one Opportunity type that marks a renewal, such as Renewal.',
      },
    },
  },
} as const;
