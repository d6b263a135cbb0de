// The contact card's heading for a contact whose CRM record holds no name: role and CRM id, as the
// engine's sentences word it ("Admin (no name recorded, contact 12345)"), never "Contact 12345".
// Its own portal, so the company it seeds changes no other test's portfolio.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/sidecar.ts';

const P = 72031;
const base = `/api/v1/hubspot/${P}`;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ portals: [{ portalId: P, accounts: 2 }] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

it('GET contact success heads a contact with no name recorded by role and CRM id', async () => {
  const { snapshot } = stack.sandbox.seeded(P)[0]!;
  const contacts = snapshot.contacts.map((c, i) => (i === 0 ? { ...c, role: 'admin' as const, name: undefined } : c));
  const company = stack.sandbox.seedAccount(P, { ...snapshot, account: { ...snapshot.account, id: `${snapshot.account.id}-unnamed` }, contacts });
  const links = await stack.crmGet<{ results: Array<{ toObjectId: number }> }>(P, `/crm/v4/objects/companies/${company}/associations/contacts`);
  const views = await Promise.all(links.results.map(async (l) => (await stack.signedFetch<{ contact: { id: string; name: string } }>('GET', `${base}/contacts/${l.toObjectId}/success`)).json.contact));
  const unnamed = views.filter((v) => !contacts.some((c) => c.name === v.name));
  expect(unnamed).toEqual([{ ...unnamed[0], name: `Admin (no name recorded, contact ${unnamed[0]!.id})` }]);
});
