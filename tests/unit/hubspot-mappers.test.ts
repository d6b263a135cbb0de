import { describe, expect, it } from '@jest/globals';
import { companyHistoryProperties, DEFAULT_HUBSPOT_MAPPING, HubSpotMapping } from '../../server/crm/hubspot/mapping.ts';
import { readBatchLimit } from '../../server/crm/hubspot/queries.ts';
import { instant, toSnapshot, ticketType } from '../../server/crm/hubspot/mappers.ts';
import { NativeObject, type NativeAccount } from '../../server/crm/hubspot/native.ts';
import { AccountSnapshot } from '../../server/domain/snapshot.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
// Through the same boundary parse as SDK responses (which carry Date objects in histories).
const obj = (id: string, properties: Record<string, string | null>, extra: Record<string, unknown> = {}): NativeObject => NativeObject.parse({ id, properties, ...extra });

function account(): NativeAccount {
  return {
    company: obj(
      '901',
      {
        name: 'Acme', industry: 'COMPUTER_SOFTWARE', customer_segment: 'mid-market', licensed_seats: '50', active_users: '42',
        logins_last_30_days: '900', arr: '60000.00', renewal_date: '2027-01-15', hs_lifecyclestage_customer_date: '1622505600000',
        hubspot_owner_id: '77', hs_lastmodifieddate: '2026-10-31T10:00:00.000Z',
      },
      {
        propertiesWithHistory: {
          active_users: [
            { value: '42', timestamp: '2026-10-30T08:00:00.000Z' },
            { value: '40', timestamp: '2026-10-30T07:00:00.000Z' }, // same day, older: the newer wins
            { value: '30', timestamp: new Date('2026-08-01T00:00:00Z') },
          ],
          logins_last_30_days: [
            { value: '900', timestamp: '2026-10-31T10:00:00.000Z' },
            { value: '', timestamp: '2026-10-15T00:00:00.000Z' }, // cleared: not a count of zero
            { value: '700', timestamp: '2026-10-01T09:00:00.000Z' },
            { value: '650', timestamp: '2026-10-01T08:00:00.000Z' }, // same day, older: the newer wins
            { value: 'n/a', timestamp: '2026-09-15T00:00:00.000Z' },
            { value: '-4', timestamp: '2026-09-10T00:00:00.000Z' },
            { value: null, timestamp: '2026-09-05T00:00:00.000Z' },
            { value: '512.6', timestamp: new Date('2026-09-01T00:00:00Z') },
          ],
        },
      },
    ),
    contacts: [
      obj('11', { firstname: 'Dana', lastname: 'Ng', success_role: 'champion', success_left_company: 'false', notes_last_contacted: '2026-10-01T00:00:00Z' }),
      obj('12', { firstname: 'Eve', lastname: null, success_role: 'CEO?', success_left_company: 'true', notes_last_contacted: null }),
    ],
    tickets: [
      {
        ticket: obj('501', { subject: 'Export fails', content: 'Export still not working', hs_ticket_category: 'PRODUCT_ISSUE', hs_ticket_priority: 'URGENT', createdate: '2026-10-20T09:00:00Z', closed_date: '' }),
        emails: [
          obj('7002', { hs_email_text: 'We are looking into it', hs_email_direction: 'EMAIL', hs_timestamp: '2026-10-20T10:00:00Z' }),
          obj('7001', { hs_email_text: 'Export still not working', hs_email_direction: 'INCOMING_EMAIL', hs_timestamp: '2026-10-20T09:00:00Z' }),
        ],
      },
      { ticket: obj('502', { subject: 'App down for everyone', content: null, hs_ticket_category: null, hs_ticket_priority: null, createdate: '1761037200000', closed_date: '1761040800000' }), emails: [] },
      { ticket: obj('503', { subject: 'How to add users?', content: 'How do I add a user?', hs_ticket_category: 'GENERAL_INQUIRY', hs_ticket_priority: 'LOW', createdate: '2026-09-01T00:00:00Z', closed_date: '2026-09-02T00:00:00Z' }), emails: [] },
    ],
    deals: [
      obj('301', { dealname: 'Renewal 2026', dealtype: 'existingbusiness', closedate: '2026-01-15T00:00:00Z', amount: '60000', dealstage: 'closedwon' }),
      obj('302', { dealname: 'Renewal 2027', dealtype: 'existingbusiness', closedate: '2027-01-15T00:00:00Z', amount: '66000', dealstage: 'contractsent' }),
      obj('303', { dealname: 'Upsell', dealtype: 'newbusiness', closedate: '2026-06-01T00:00:00Z', amount: '5000', dealstage: 'closedwon' }),
    ],
    engagements: [
      // 99 is a contact of another company who was in the meeting too; 11 is listed twice.
      { type: 'meetings', record: obj('801', { hs_timestamp: '2026-10-01T00:00:00Z' }), contactIds: ['99', '11', '12', '11'] },
      { type: 'calls', record: obj('802', { hs_timestamp: '1759000000000' }), contactIds: [] },
      { type: 'notes', record: obj('803', { hs_timestamp: null }) },
      { type: 'emails', record: obj('804', { hs_timestamp: '2026-10-05T00:00:00Z' }) },
    ],
  };
}

describe('toSnapshot', () => {
  const snapshot = AccountSnapshot.parse(toSnapshot(account(), DEFAULT_HUBSPOT_MAPPING, AS_OF));

  it('maps the company, usage and its history', () => {
    expect(snapshot.account).toEqual({
      id: '901', name: 'Acme', crm: 'hubspot', segment: 'mid-market', industry: 'COMPUTER_SOFTWARE', licensedSeats: 50, arr: 60000, currency: 'USD',
      renewalDate: '2027-01-15', ownerId: '77', customerSince: '2021-06-01',
    });
    expect(snapshot.usage).toEqual({
      activeUsers: 42,
      logins30d: 900,
      history: [{ date: '2026-08-01', activeUsers: 30 }, { date: '2026-10-30', activeUsers: 42 }],
      loginHistory: [{ date: '2026-09-01', logins30d: 513 }, { date: '2026-10-01', logins30d: 700 }, { date: '2026-10-31', logins30d: 900 }],
    });
  });

  it('reads history in any order HubSpot sends it, and none when the property has no history', () => {
    const a = account();
    a.company.propertiesWithHistory!.logins_last_30_days!.reverse();
    expect(AccountSnapshot.parse(toSnapshot(a, DEFAULT_HUBSPOT_MAPPING, AS_OF)).usage.loginHistory).toEqual(snapshot.usage.loginHistory);
    delete a.company.propertiesWithHistory!.logins_last_30_days;
    expect(AccountSnapshot.parse(toSnapshot(a, DEFAULT_HUBSPOT_MAPPING, AS_OF)).usage.loginHistory).toEqual([]);
  });

  it('maps tickets: category and priority, outages by keyword, the thread in time order, content when there is no thread', () => {
    const [bug, outage, howTo] = snapshot.tickets;
    expect(bug).toMatchObject({ id: '501', type: 'bug', priority: 'urgent', closedAt: null, createdAt: '2026-10-20T09:00:00.000Z' });
    expect(bug!.messages.map((m) => [m.from, m.text])).toEqual([['customer', 'Export still not working'], ['agent', 'We are looking into it']]);
    expect(outage).toMatchObject({ type: 'outage', priority: 'medium', createdAt: new Date(1761037200000).toISOString(), closedAt: new Date(1761040800000).toISOString(), messages: [] });
    expect(howTo).toMatchObject({ type: 'how_to', priority: 'low', messages: [{ from: 'customer', text: 'How do I add a user?', at: '2026-09-01T00:00:00.000Z' }] });
  });

  it('maps contacts: roles (unknown → other), who left, last engagement', () => {
    expect(snapshot.contacts).toEqual([
      { id: '11', name: 'Dana Ng', role: 'champion', active: true, lastEngagedAt: '2026-10-01T00:00:00.000Z' },
      { id: '12', name: 'Eve', role: 'other', active: false, lastEngagedAt: null },
    ]);
  });

  it('keeps only renewal deals, with outcomes from the stage', () => {
    expect(snapshot.renewals).toEqual([
      { id: '301', closeDate: '2026-01-15', amount: 60000, outcome: 'won' },
      { id: '302', closeDate: '2027-01-15', amount: 66000, outcome: 'open' },
    ]);
  });

  it('maps engagements with a timestamp and skips those without', () => {
    expect(snapshot.engagements.map(({ at, kind }) => ({ at, kind }))).toEqual([
      { at: '2026-10-01T00:00:00.000Z', kind: 'meeting' },
      { at: new Date(1759000000000).toISOString(), kind: 'call' },
      { at: '2026-10-05T00:00:00.000Z', kind: 'email' },
    ]);
  });

  it('says which of the account\'s contacts took part, once each; none when HubSpot lists none; nothing when not read', () => {
    expect(snapshot.engagements.map((e) => e.contactIds)).toEqual([['11', '12'], [], undefined]);
    expect(snapshot.engagements[2]).not.toHaveProperty('contactIds');
  });

  it('takes the renewal date from the next open renewal deal when the company has none', () => {
    const a = account();
    a.company.properties.renewal_date = null;
    expect(AccountSnapshot.parse(toSnapshot(a, DEFAULT_HUBSPOT_MAPPING, AS_OF)).account.renewalDate).toBe('2027-01-15');
  });

  it('follows a custom mapping', () => {
    const mapping = HubSpotMapping.parse({ company: { activeUsers: 'mau', logins30d: 'monthly_logins' }, renewalDealTypes: ['renewal'] });
    const a = account();
    a.company.properties.mau = '7';
    a.company.propertiesWithHistory!.monthly_logins = [{ value: '31', timestamp: '2026-10-02T00:00:00.000Z' }];
    const s = AccountSnapshot.parse(toSnapshot(a, mapping, AS_OF));
    expect(s.usage.activeUsers).toBe(7);
    expect(s.usage.loginHistory).toEqual([{ date: '2026-10-02', logins30d: 31 }]);
    expect(s.renewals).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads the history of active users and of logins, each property once, in batches of 50 (100 without history)', () => {
    expect(companyHistoryProperties(DEFAULT_HUBSPOT_MAPPING)).toEqual(['active_users', 'logins_last_30_days']);
    expect(companyHistoryProperties(HubSpotMapping.parse({ company: { activeUsers: 'usage', logins30d: 'usage' } }))).toEqual(['usage']);
    expect(readBatchLimit(companyHistoryProperties(DEFAULT_HUBSPOT_MAPPING))).toBe(50);
    expect(readBatchLimit([])).toBe(100);
  });

  it('reads HubSpot instants as ISO or epoch milliseconds, blanks as absent', () => {
    expect(instant('1761037200000')).toBe(new Date(1761037200000).toISOString());
    expect(instant('2026-10-20')).toBe('2026-10-20T00:00:00.000Z');
    expect(instant('')).toBeUndefined();
    expect(instant('not a date')).toBeUndefined();
  });

  it('marks outages by the flag property first', () => {
    expect(ticketType({ success_outage: 'true', hs_ticket_category: 'BILLING_ISSUE' }, DEFAULT_HUBSPOT_MAPPING)).toBe('outage');
    expect(ticketType({ hs_ticket_category: 'BILLING_ISSUE' }, DEFAULT_HUBSPOT_MAPPING)).toBe('billing');
    expect(ticketType({ hs_ticket_category: 'SOMETHING_NEW' }, DEFAULT_HUBSPOT_MAPPING)).toBe('other');
  });
});
