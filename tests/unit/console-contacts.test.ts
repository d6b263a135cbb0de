// The account page's contact list: active people first, champions and sponsors before users,
// the most recently engaged first within a role; names, roles and engagement as the cards word them.
import { describe, expect, it } from '@jest/globals';
import { contactRows, type AccountContact } from '../../cards/web/contacts.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const c = (id: string, role: AccountContact['role'], over: Partial<AccountContact> = {}): AccountContact => ({ id, name: `Person ${id}`, role, active: true, lastEngagedAt: null, ...over });

describe('contact rows', () => {
  it('orders who matters for the renewal first and words role, status and engagement', () => {
    const rows = contactRows(
      [
        c('1', 'user', { lastEngagedAt: '2026-12-05T12:00:00Z' }),
        c('2', 'champion', { active: false }),
        c('3', 'executive', { lastEngagedAt: '2026-11-06T12:00:00Z' }),
        c('4', 'champion', { lastEngagedAt: '2026-12-06T11:00:00Z', name: null }),
        c('5', 'user', { lastEngagedAt: '2026-12-06T09:00:00Z' }),
      ],
      NOW,
    );
    expect(rows.map((r) => [r.id, r.name, r.role.text, r.status.text, r.lastEngaged])).toEqual([
      ['4', 'Champion (no name recorded, contact 4)', 'Champion', 'Active', '1 hour ago'],
      ['3', 'Person 3', 'Executive sponsor', 'Active', 'last month'],
      ['5', 'Person 5', 'User', 'Active', '3 hours ago'],
      ['1', 'Person 1', 'User', 'Active', 'yesterday'],
      ['2', 'Person 2', 'Champion', 'Left the company', 'No engagement recorded'],
    ]);
  });

  it('heads an unnamed contact (no name or a blank one) by role and CRM id, as the engine words it', () => {
    const rows = contactRows([c('7', 'admin', { name: null }), c('8', 'executive', { name: '  ' }), c('9', 'other', { name: null })], NOW);
    expect(rows.map((r) => r.name)).toEqual(['Executive sponsor (no name recorded, contact 8)', 'Admin (no name recorded, contact 7)', 'Contact (no name recorded, contact 9)']);
  });
});
