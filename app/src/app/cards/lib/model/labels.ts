// Names the engine's sentences and the cards both show: the five ROB components, the ticket types,
// the objective statuses and the contact roles. One home, so a reason written to the CRM and the card beside it name a thing alike. Pure,
// no imports: it lives here because HubSpot bundles only app/, and the server imports it from here
// (as it does ranking.ts).

export const COMPONENT_LABELS = {
  usage: 'Usage',
  ticketBurden: 'Ticket burden',
  sentiment: 'Sentiment',
  resolution: 'Resolution',
  supportTimeSaved: 'Support time saved',
} as const;

/** Ticket types in running text, lower case: "a billing issue", "3 how-to questions". */
export const TICKET_TYPE_LABELS = {
  outage: 'outage',
  bug: 'bug',
  billing: 'billing issue',
  how_to: 'how-to question',
  feature_request: 'feature request',
  other: 'ticket',
} as const;

/** Types a priority reads naturally in front of, as a severity: "high bug", "urgent outage". */
const SEVERITY_TYPES: ReadonlySet<string> = new Set(['outage', 'bug']);

/**
 * "urgent outage", "High bug", "low-priority ticket", "Medium-priority how-to question": the
 * priority as the caller writes it, then the type's label. Before anything but a bug or an outage
 * a bare "low", "medium" or "high" reads as a size ("a low ticket"), so it says "-priority".
 */
export function ticketLabel(priority: string, type: string): string {
  const label = (TICKET_TYPE_LABELS as Record<string, string>)[type] ?? type;
  return SEVERITY_TYPES.has(type) || priority.toLowerCase() === 'urgent' ? `${priority} ${label}` : `${priority}-priority ${label}`;
}

/** Objective statuses in running text, lower case ("still at risk"); the cards capitalise them. */
export const OBJECTIVE_STATUS_LABELS = {
  open: 'open',
  at_risk: 'at risk',
  achieved: 'achieved',
  dropped: 'dropped',
} as const;

/** Contact roles in running text, lower case ("the executive sponsor"); the cards capitalise them. */
export const ROLE_NAMES = {
  champion: 'champion',
  executive: 'executive sponsor',
  admin: 'admin',
  user: 'user',
  other: 'contact',
} as const;

/** What stands for a contact's missing name, after their role: "no name recorded, contact 12345". */
export function noNameRecorded(id: string): string {
  return `no name recorded, contact ${id}`;
}

/**
 * A contact as a card or list heads them: the name recorded in the CRM, or without one (absent or
 * blank) "Admin (no name recorded, contact 12345)" — the engine's sentences' wording, capitalised —
 * so a CSM sees who the person is to the account and the id to look them up by.
 */
export function contactLabel(c: { readonly id: string; readonly name?: string | null | undefined; readonly role: keyof typeof ROLE_NAMES }): string {
  if (c.name !== null && c.name !== undefined && c.name.trim() !== '') return c.name;
  const role = ROLE_NAMES[c.role];
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} (${noNameRecorded(c.id)})`;
}
