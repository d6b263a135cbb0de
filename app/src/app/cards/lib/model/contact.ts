// The contact sidebar: this person's role and open tickets, and their company's score at a glance.
import type { ContactView } from './api-types.ts';
import type { Classified } from './company.ts';
import { probabilityFigure, riskTag, scoreFigure, trendModel } from './common.ts';
import { DEFAULT_LOCALE, relativeTime } from './format.ts';
import type { Figure, TagModel, TrendModel } from './view.ts';
import { ticketLabel } from './labels.ts';
import { ROLE_LABELS, TICKET_PRIORITIES, WORDING } from './wording.ts';

/** A contact view whose company is still being computed is polled like the company card. */
export function classifyContactView(view: ContactView): Classified<ContactView> {
  if (view.company?.state === 'computing') return { kind: 'computing', retryAfterMs: view.company.retryAfterMs };
  return { kind: 'ready', data: view };
}

export interface CompanyGlance {
  name: string | null;
  /** Set when there is no score to show (being computed, not enough data). */
  message: string | null;
  score: Figure;
  trend: TrendModel | null;
  risk: TagModel;
  probability: Figure;
  showStoppers: string;
}

export interface ContactCardModel {
  name: string;
  role: TagModel;
  isChampion: boolean;
  status: TagModel;
  lastEngaged: string;
  tickets: { title: string; rows: Array<{ id: string; subject: string; tag: TagModel; opened: string }>; empty: string };
  company: CompanyGlance | null;
  noCompany: string;
  companyLink: { href: string; text: string } | null;
}

/** HubSpot's record page for a company (object type 0-2). */
export function companyRecordUrl(portalId: string, companyId: string, host = 'app.hubspot.com'): string {
  return `https://${host}/contacts/${encodeURIComponent(portalId)}/record/0-2/${encodeURIComponent(companyId)}`;
}

export function contactCardModel(view: ContactView, now: number, locale = DEFAULT_LOCALE, hubspotHost = 'app.hubspot.com'): ContactCardModel {
  const c = view.contact;
  const w = WORDING.contact;
  const rel = (iso: string) => relativeTime(iso, now, WORDING.common.justNow, locale);
  let company: CompanyGlance | null = null;
  if (view.company !== null) {
    if (view.company.state === 'computing') {
      company = { name: null, message: w.companyComputing, score: scoreFigure(null, locale), trend: null, risk: riskTag(null), probability: probabilityFigure(null, null, locale), showStoppers: w.showStoppers(0) };
    } else {
      const r = view.company.result;
      company = {
        name: view.company.company.name,
        message: r.status === 'insufficient_data' ? w.companyInsufficient : null,
        score: scoreFigure(r.rob.score, locale),
        trend: trendModel(r.rob.trend30d, locale),
        risk: riskTag(r.risk.level),
        probability: probabilityFigure(r.risk.renewalProbability, r.risk.level, locale),
        showStoppers: w.showStoppers(r.plan.showStoppers.length),
      };
    }
  }
  return {
    name: c.name,
    role: { ...ROLE_LABELS[c.role] },
    isChampion: c.role === 'champion',
    status: c.active ? { text: w.active, tone: 'success' } : { text: w.left, tone: 'danger' },
    lastEngaged: c.lastEngagedAt ? w.lastEngaged(rel(c.lastEngagedAt)) : w.neverEngaged,
    tickets: {
      title: w.openTicketsTitle,
      rows: [...c.openTickets]
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
        .map((t) => ({
          id: t.id,
          subject: t.subject,
          tag: { text: ticketLabel(TICKET_PRIORITIES[t.priority].text, t.type), tone: t.type === 'outage' ? 'danger' : TICKET_PRIORITIES[t.priority].tone },
          opened: w.ticketOpened(rel(t.createdAt)),
        })),
      empty: w.openTicketsNone,
    },
    company,
    noCompany: w.noCompany,
    companyLink: view.companyId === null ? null : { href: companyRecordUrl(view.portalId, view.companyId, hubspotHost), text: w.openCompany },
  };
}
