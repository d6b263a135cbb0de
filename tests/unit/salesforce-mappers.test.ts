// A recorded Salesforce account bundle (native shapes) next to the snapshot it must map to.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';
import { DEFAULT_SALESFORCE_MAPPING, SalesforceMapping } from '../../server/crm/salesforce/mapping.ts';
import { instant, toSnapshot } from '../../server/crm/salesforce/mappers.ts';
import { NativeAccount, NativeCase, NativeComment, NativeContact, NativeEmail, NativeEvent, NativeOpportunity, NativeTask, NativeUsage, type NativeBundle } from '../../server/crm/salesforce/native.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';

function fixture(): NativeBundle {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/salesforce/account-bundle.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const list = <T>(key: string, parse: (v: unknown) => T): T[] => (raw[key] as unknown[]).map(parse);
  return {
    account: NativeAccount.parse(raw.account),
    contacts: list('contacts', (v) => NativeContact.parse(v)),
    cases: list('cases', (v) => {
      const c = v as { record: unknown; emails: unknown[]; comments: unknown[] };
      return { record: NativeCase.parse(c.record), emails: c.emails.map((e) => NativeEmail.parse(e)), comments: c.comments.map((e) => NativeComment.parse(e)) };
    }),
    opportunities: list('opportunities', (v) => NativeOpportunity.parse(v)),
    tasks: list('tasks', (v) => NativeTask.parse(v)),
    events: list('events', (v) => NativeEvent.parse(v)),
    usage: list('usage', (v) => NativeUsage.parse(v)),
  };
}

describe('toSnapshot', () => {
  const snapshot = AccountSnapshot.parse(toSnapshot(fixture(), DEFAULT_SALESFORCE_MAPPING, AS_OF));

  it('maps the account, its usage fields and history; the renewal date falls back to the open renewal', () => {
    expect(snapshot.account).toEqual({
      id: '0015g00000AbCdEAAZ', name: 'Cedarpoint Analytics', crm: 'salesforce', segment: 'mid-market', industry: 'Technology',
      licensedSeats: 60, arr: 48000.5, currency: 'USD', renewalDate: '2027-04-01', ownerId: '0055g00000OwNeRAAA', customerSince: '2023-04-01',
    });
    expect(snapshot.usage).toEqual({
      activeUsers: 42,
      logins30d: 731,
      history: [{ date: '2026-09-01', activeUsers: 38 }, { date: '2026-10-01', activeUsers: 40 }, { date: '2026-10-15', activeUsers: 41 }],
      // Rows without a logins count (empty, negative) give no login point; a row without users still gives one.
      loginHistory: [{ date: '2026-08-01', logins30d: 602 }, { date: '2026-09-01', logins30d: 655 }],
    });
  });

  it('reads no login history when the org’s usage object has no logins field (loginsField: null)', () => {
    const mapping = SalesforceMapping.parse({ usageHistory: { loginsField: null } });
    const s = AccountSnapshot.parse(toSnapshot(fixture(), mapping, AS_OF));
    expect(s.usage.loginHistory).toEqual([]);
    expect(s.usage.history).toEqual(snapshot.usage.history);
  });

  it('builds threads from published comments and emails, authors by ContactId / Incoming, internal notes left out', () => {
    const [outage, billing, phone] = snapshot.tickets;
    expect(outage).toMatchObject({ type: 'outage', priority: 'urgent', closedAt: '2026-10-02T12:00:00.000Z' });
    expect(outage!.messages).toEqual([
      { at: '2026-10-01T09:00:00.000Z', from: 'customer', text: 'Nothing loads since 9am.' },
      { at: '2026-10-01T11:30:00.000Z', from: 'agent', text: 'Fixed, sorry about that.' },
    ]);
    expect(billing).toMatchObject({ type: 'billing', priority: 'medium', closedAt: null });
    expect(billing!.messages.map((m) => m.from)).toEqual(['customer', 'agent']);
    expect(phone).toMatchObject({ type: 'other', priority: 'medium', messages: [{ at: '2026-10-28T08:00:00.000Z', from: 'customer', text: 'Asked how to export.' }] });
  });

  it('maps roles (unknown values → other), departures, renewals and engagements up to asOf', () => {
    expect(snapshot.contacts.map((c) => [c.role, c.active, c.lastEngagedAt])).toEqual([['champion', true, '2026-10-20T00:00:00.000Z'], ['other', false, null]]);
    expect(snapshot.renewals.map((r) => [r.closeDate, r.outcome, r.amount])).toEqual([['2025-04-01', 'won', 45000], ['2027-04-01', 'open', null]]);
    expect(snapshot.engagements.map((e) => [e.at, e.kind])).toEqual([
      ['2026-10-10T16:00:00.000Z', 'call'], ['2026-10-12T09:00:00.000Z', 'call'],
      ['2026-10-15T13:00:00.000Z', 'meeting'], ['2026-10-16T10:00:00.000Z', 'meeting'], ['2026-10-17T10:00:00.000Z', 'meeting'],
    ]);
  });

  it("names the account's contact a Task or Event has as WhoId; a Lead, another account's contact or none names nobody", () => {
    expect(snapshot.engagements).toEqual([
      { at: '2026-10-10T16:00:00.000Z', kind: 'call', contactIds: ['0035g00000ChAmPAAZ'] },
      { at: '2026-10-12T09:00:00.000Z', kind: 'call' }, // WhoId: a Lead (00Q)
      { at: '2026-10-15T13:00:00.000Z', kind: 'meeting', contactIds: ['0035g00000ExEcSAAZ'] },
      { at: '2026-10-16T10:00:00.000Z', kind: 'meeting' }, // WhoId: a contact of another account
      { at: '2026-10-17T10:00:00.000Z', kind: 'meeting' }, // WhoId: null
    ]);
  });

  it('names nobody when the contact is not among the bundle\'s contacts, even with a Contact key prefix', () => {
    const bundle = fixture();
    const s = AccountSnapshot.parse(toSnapshot({ ...bundle, contacts: bundle.contacts.slice(1) }, DEFAULT_SALESFORCE_MAPPING, AS_OF));
    expect(s.engagements.filter((e) => e.contactIds).map((e) => [e.kind, e.contactIds])).toEqual([['meeting', ['0035g00000ExEcSAAZ']]]);
  });

  it('adds the other contacts of the account an activity names (Shared Activities), WhoId first, the rest in id order', () => {
    const people = new Map([
      ['00T5g00000TaSk1AAZ', ['0035g00000ExEcSAAZ', '0035g00000ChAmPAAZ']], // the champion's call, the sponsor a secondary contact
      ['00U5g00000EvEn2AAZ', ['0035g00000OtHeRAAZ', '0035g00000ExEcSAAZ']], // another account's contact primary, the sponsor secondary
      ['00U5g00000EvEn3AAZ', ['00Q5g00000LeAd1AAZ']], // a Lead only
    ]);
    const s = AccountSnapshot.parse(toSnapshot({ ...fixture(), people }, DEFAULT_SALESFORCE_MAPPING, AS_OF));
    expect(s.engagements).toEqual([
      { at: '2026-10-10T16:00:00.000Z', kind: 'call', contactIds: ['0035g00000ChAmPAAZ', '0035g00000ExEcSAAZ'] },
      { at: '2026-10-12T09:00:00.000Z', kind: 'call' },
      { at: '2026-10-15T13:00:00.000Z', kind: 'meeting', contactIds: ['0035g00000ExEcSAAZ'] },
      { at: '2026-10-16T10:00:00.000Z', kind: 'meeting', contactIds: ['0035g00000ExEcSAAZ'] },
      { at: '2026-10-17T10:00:00.000Z', kind: 'meeting' },
    ]);
  });

  it('follows a custom mapping: renewal type, role values, no usage history, no events', () => {
    const mapping = SalesforceMapping.parse({ renewalOpportunityTypes: ['New Customer'], usageHistory: null, contact: { roles: { 'Board Observer': 'executive' } }, engagements: { events: false } });
    const s = AccountSnapshot.parse(toSnapshot(fixture(), mapping, AS_OF));
    expect(s.renewals.map((r) => r.closeDate)).toEqual(['2023-04-01']);
    expect(s.usage.history).toEqual([]);
    expect(s.usage.loginHistory).toEqual([]);
    expect(s.contacts.map((c) => c.role)).toEqual(['other', 'executive']);
    expect(s.engagements.map((e) => e.kind)).toEqual(['call', 'call']);
  });

  it('reads Salesforce datetimes with +0000 offsets and dates', () => {
    expect(instant('2026-11-01T09:30:00.000+0000')).toBe('2026-11-01T09:30:00.000Z');
    expect(instant('2026-11-01T09:30:00.000-0230')).toBe('2026-11-01T12:00:00.000Z');
    expect(instant('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(instant('')).toBeUndefined();
    expect(instant(null)).toBeUndefined();
  });
});
