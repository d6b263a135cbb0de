// Who took part in a meeting or a call, and whom an email or a note names, read from HubSpot: the
// sandbox links engagements and contacts as HubSpot does (v4, type ids 200, 194, 198 and 202; an
// engagement without contacts answers NO_ASSOCIATIONS_FOUND inside a 207), and the adapter, through
// the real @hubspot/api-client, brings each engagement's contacts back as `contactIds` — only the
// account's own contacts, not an attendee or a recipient from another company.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { AccountSnapshot, type AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { harness, PORTAL, type Harness } from '../helpers/hubspot.ts';
import { daysAgo, healthyInput } from '../helpers/snapshots.ts';

let h: Harness;
let hs: Client;

function customer(name: string, contacts: AccountSnapshotInput['contacts'], engagements: AccountSnapshotInput['engagements']): AccountSnapshot {
  const base = healthyInput();
  return AccountSnapshot.parse({ ...base, account: { ...base.account, id: name, name }, contacts, engagements });
}

const ATTENDED = customer(
  'Attended Co',
  [
    { id: 'p-1', name: 'Dana Champion', role: 'champion', active: true, lastEngagedAt: daysAgo(5) },
    { id: 'p-2', name: 'Eve Sponsor', role: 'executive', active: true, lastEngagedAt: daysAgo(5) },
  ],
  [
    { at: daysAgo(5), kind: 'meeting', contactIds: ['p-1', 'p-2'] },
    { at: daysAgo(12), kind: 'email', contactIds: ['p-2'] },
    { at: daysAgo(20), kind: 'call', contactIds: ['p-1'] },
    { at: daysAgo(30), kind: 'meeting', contactIds: [] },
    { at: daysAgo(50), kind: 'note' },
  ],
);
const OTHER = customer('Other Co', [{ id: 'p-1', name: 'Olga Outsider', role: 'executive', active: true, lastEngagedAt: daysAgo(8) }], [{ at: daysAgo(8), kind: 'meeting', contactIds: ['p-1'] }]);

let attendedId: string;
let otherId: string;
let outsider: string;

const linked = async (from: string, to: string, id: string) => ((await hs.crm.associations.v4.batchApi.getPage(from, to, { inputs: [{ id }] })).results[0]?.to ?? []).map((t) => String(t.toObjectId));

beforeAll(async () => {
  h = await harness({ accounts: 1 });
  hs = new Client({ accessToken: h.sandbox.portals[0]!.accessToken, basePath: h.sandbox.url });
  attendedId = h.sandbox.seedAccount(PORTAL, ATTENDED);
  otherId = h.sandbox.seedAccount(PORTAL, OTHER);
  // Other Co's executive sat in every one of Attended Co's meetings and calls, and was copied on its email.
  outsider = (await linked('companies', 'contacts', otherId))[0]!;
  for (const type of ['meetings', 'calls', 'emails'] as const) {
    const inputs = (await linked('companies', type, attendedId)).map((id) => ({ _from: { id }, to: { id: outsider } }));
    await hs.crm.associations.v4.batchApi.createDefault(type, 'contacts', { inputs });
  }
});

afterAll(async () => {
  await h.sandbox.close();
});

describe('the sandbox', () => {
  it('links each seeded engagement with the contacts who took part, both ways, with HubSpot’s type ids', async () => {
    const meetings = await linked('companies', 'meetings', attendedId);
    const res = await hs.crm.associations.v4.batchApi.getPage('meetings', 'contacts', { inputs: meetings.map((id) => ({ id })) });
    const byMeeting = new Map(res.results.map((r) => [r._from.id, r.to]));
    const contacts = await linked('companies', 'contacts', attendedId);
    // Seeded in order (the one five days ago first); the outsider was linked after seeding.
    expect(byMeeting.get(meetings[0]!)!.map((t) => String(t.toObjectId))).toEqual([...contacts, outsider]);
    expect(byMeeting.get(meetings[1]!)!.map((t) => String(t.toObjectId))).toEqual([outsider]);
    expect(byMeeting.get(meetings[0]!)![0]!.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 200, label: null }]);
    const [call] = await linked('companies', 'calls', attendedId);
    expect((await hs.crm.associations.v4.batchApi.getPage('calls', 'contacts', { inputs: [{ id: call! }] })).results[0]!.to[0]!.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 194, label: null }]);
    const back = await hs.crm.associations.v4.batchApi.getPage('contacts', 'meetings', { inputs: [{ id: contacts[1]! }] });
    expect(back.results[0]!.to).toEqual([{ toObjectId: Number(meetings[0]), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 199, label: null }] }]);
  });

  it('links emails and notes with their contacts as HubSpot does: types 198 and 202 (197 and 201 back), a 207 for one naming no one', async () => {
    const contacts = await linked('companies', 'contacts', attendedId);
    const [email] = await linked('companies', 'emails', attendedId);
    const [note] = await linked('companies', 'notes', attendedId);
    const emailed = await hs.crm.associations.v4.batchApi.getPage('emails', 'contacts', { inputs: [{ id: email! }] });
    expect(emailed.results[0]!.to).toEqual([
      { toObjectId: Number(contacts[1]), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 198, label: null }] },
      { toObjectId: Number(outsider), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 198, label: null }] },
    ]);
    const back = await hs.crm.associations.v4.batchApi.getPage('contacts', 'emails', { inputs: [{ id: contacts[1]! }] });
    expect(back.results[0]!.to).toEqual([{ toObjectId: Number(email), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 197, label: null }] }]);
    // The note names no one: HubSpot answers 207, the note in `errors` as having no associations.
    const res = await fetch(`${h.sandbox.url}/crm/v4/associations/notes/contacts/batch/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.sandbox.portals[0]!.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ id: note }] }),
    });
    expect(res.status).toBe(207);
    expect(await res.json()).toMatchObject({
      status: 'COMPLETE',
      results: [],
      numErrors: 1,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: [note], fromObjectType: ['note'], toObjectType: ['contact'] } }],
    });
    // A note that names someone answers with type 202 (201 back).
    const sponsorNote = (await hs.crm.objects.notes.basicApi.create({ properties: { hs_timestamp: daysAgo(40), hs_note_body: 'Renewal chat' }, associations: [] })).id;
    await hs.crm.associations.v4.batchApi.createDefault('notes', 'contacts', { inputs: [{ _from: { id: sponsorNote }, to: { id: contacts[1]! } }] });
    const named = await hs.crm.associations.v4.batchApi.getPage('notes', 'contacts', { inputs: [{ id: sponsorNote }] });
    expect(named.results[0]!.to).toEqual([{ toObjectId: Number(contacts[1]), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202, label: null }] }]);
    const noteBack = await hs.crm.associations.v4.batchApi.getPage('contacts', 'notes', { inputs: [{ id: contacts[1]! }] });
    expect(noteBack.results[0]!.to).toEqual([{ toObjectId: Number(sponsorNote), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }] }]);
  });

  it('refuses an object type HubSpot does not know, and more than 1,000 inputs', async () => {
    const meetings = await linked('companies', 'meetings', attendedId);
    await expect(hs.crm.associations.v4.batchApi.getPage('meetings', 'attendees', { inputs: [{ id: meetings[0]! }] })).rejects.toMatchObject({ code: 400, body: expect.objectContaining({ category: 'VALIDATION_ERROR' }) });
    for (const type of ['meetings', 'calls', 'emails', 'notes']) {
      await expect(hs.crm.associations.v4.batchApi.getPage(type, 'contacts', { inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i + 1) })) })).rejects.toMatchObject({ code: 400 });
      // 1,000 are answered (these ids are no engagements: each is "no associations" in the 207).
      const full = await hs.crm.associations.v4.batchApi.getPage(type, 'contacts', { inputs: Array.from({ length: 1000 }, (_, i) => ({ id: String(900_000 + i) })) });
      expect('errors' in full && full.errors?.length).toBe(1000);
    }
  });
});

describe('the adapter', () => {
  it('brings back who took part in each meeting and call and whom each email and note names: the account’s contacts only, [] for none', async () => {
    const loaded = await h.adapter.loadAccounts([attendedId, otherId], '2026-11-01T00:00:00.000Z');
    expect(loaded.invalid).toEqual([]);
    const snapshotOf = (id: string) => loaded.accounts.find((a) => a.accountId === id)!.snapshot;
    const attended = snapshotOf(attendedId);
    const idOf = (name: string) => attended.contacts.find((c) => c.name === name)!.id;
    const byTime = [...attended.engagements].sort((a, b) => b.at.localeCompare(a.at));
    expect(byTime).toEqual([
      { at: daysAgo(5), kind: 'meeting', contactIds: [idOf('Dana Champion'), idOf('Eve Sponsor')] },
      { at: daysAgo(12), kind: 'email', contactIds: [idOf('Eve Sponsor')] },
      { at: daysAgo(20), kind: 'call', contactIds: [idOf('Dana Champion')] },
      { at: daysAgo(30), kind: 'meeting', contactIds: [] },
      { at: daysAgo(50), kind: 'note', contactIds: [] },
    ]);
    expect(snapshotOf(otherId).engagements).toEqual([{ at: daysAgo(8), kind: 'meeting', contactIds: [outsider] }]);
  });
});
