// The account's contacts with their role, last engagement and open tickets — what the HubSpot
// contact card shows for one person, for all of them on one page.
import { useEffect, useState } from 'react';
import { contactCardModel, errorModel, type ApiError } from '../model/index.ts';
import type { WebApi } from './api.ts';
import { contactRows, CONTACTS_WITH_TICKETS, type AccountContact } from './contacts.ts';
import { ToneTag } from './parts.tsx';
import { WEB_WORDING } from './wording.ts';

type Tickets = { kind: 'loading' } | { kind: 'ready'; rows: ReturnType<typeof contactCardModel>['tickets']['rows']; empty: string } | { kind: 'error'; error: ApiError };

export function ContactsSection({ api, contacts, now, locale }: { api: WebApi; contacts: readonly AccountContact[]; now: number; locale: string }) {
  const w = WEB_WORDING.contacts;
  const rows = contactRows(contacts, now, locale);
  const withTickets = rows.slice(0, CONTACTS_WITH_TICKETS).map((r) => r.id);
  const key = withTickets.join(',');
  const [tickets, setTickets] = useState<Record<string, Tickets>>({});

  useEffect(() => {
    let stopped = false;
    setTickets(Object.fromEntries(withTickets.map((id): [string, Tickets] => [id, { kind: 'loading' }])));
    for (const id of withTickets) {
      void api.contactSuccess(id).then((answer) => {
        if (stopped) return;
        const next: Tickets = answer.ok ? { kind: 'ready', ...pick(contactCardModel(answer.data, now, locale).tickets) } : { kind: 'error', error: answer.error };
        setTickets((all) => ({ ...all, [id]: next }));
      });
    }
    return () => {
      stopped = true;
    };
    // Loaded once per set of contacts (`key`); the clock ticking does not reload them.
  }, [api, key]);

  return (
    <section className="card" aria-labelledby="contacts-title" data-testid="contacts">
      <h2 id="contacts-title">{w.title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{w.none}</p>
      ) : (
        <table className="table stack">
          <caption className="sr-only">{w.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.columns.name}</th>
              <th scope="col">{w.columns.role}</th>
              <th scope="col">{w.columns.lastEngaged}</th>
              <th scope="col">{w.columns.openTickets}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const t = tickets[r.id];
              return (
                <tr key={r.id} data-testid="contact-row" data-contact-id={r.id}>
                  <th scope="row" data-label={w.columns.name}>
                    {r.name}
                    {r.status.tone === 'danger' ? (
                      <span className="block">
                        <ToneTag tag={r.status} />
                      </span>
                    ) : null}
                  </th>
                  <td data-label={w.columns.role}>
                    <ToneTag tag={r.role} />
                  </td>
                  <td data-label={w.columns.lastEngaged}>{r.lastEngagedAt ? <time dateTime={r.lastEngagedAt}>{r.lastEngaged}</time> : r.lastEngaged}</td>
                  <td data-label={w.columns.openTickets} data-testid="contact-tickets">
                    {!t ? (
                      <span className="muted">{w.notLoaded}</span>
                    ) : t.kind === 'loading' ? (
                      <span className="muted">{w.loadingTickets}</span>
                    ) : t.kind === 'error' ? (
                      <span className="tone-text-danger">{`${errorModel(t.error).title}. ${errorModel(t.error).whatToDo}`}</span>
                    ) : t.rows.length === 0 ? (
                      <span className="muted">{t.empty}</span>
                    ) : (
                      <ul className="plain-list">
                        {t.rows.map((ticket) => (
                          <li key={ticket.id}>
                            <ToneTag tag={ticket.tag} /> {ticket.subject} <span className="muted">· {ticket.opened}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows.length > CONTACTS_WITH_TICKETS ? <p className="muted">{w.more(rows.length - CONTACTS_WITH_TICKETS)}</p> : null}
    </section>
  );
}

const pick = (t: ReturnType<typeof contactCardModel>['tickets']) => ({ rows: t.rows, empty: t.empty });
