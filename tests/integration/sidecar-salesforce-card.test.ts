// The Salesforce card through the composition root: a sidecar started by startSidecar for
// Salesforce only, and for HubSpot and Salesforce together, installed into a sandbox org through
// the OAuth flow and synced; a Canvas request signed with the consumer secret yields the card page
// for the envelope's Account, and the card routes answer with the token that page carries (and
// refuse without it). A request signed with another secret is refused. Each envelope carries a
// live sandbox session of the user it names, as Salesforce's does: the sidecar checks it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelView } from '../../server/api/contracts.ts';
import { GLOBAL_RISK_MODEL } from '../../server/domain/risk-model.ts';
import { canvasEnvelope, signCanvasRequest } from '../helpers/canvas.ts';
import { cardTokenOf, postCanvas } from '../helpers/canvas-stack.ts';
import { otherUsers, signInAs } from '../helpers/salesforce-sessions.ts';
import { SF_CONSUMER_SECRET, startSalesforceStack, type SalesforceStack } from '../helpers/salesforce-stack.ts';

const CRM = 'salesforce';

interface SuccessAnswer {
  company?: { id: string; name: string };
  result?: { rob: { score: number | null }; risk: { level: string } };
  error?: { code: string };
}

function describeStack(label: string, env: Record<string, string>, expectedCrms: string[]) {
  describe(label, () => {
    let stack: SalesforceStack;
    let orgId: string;
    let accountId: string;
    /** Two users of the org who are not admins of the sidecar, and every user's live session. */
    let csmA = '';
    let csmB = '';
    const sessions = new Map<string, string>();

    beforeAll(async () => {
      stack = await startSalesforceStack({ sandbox: { orgs: [{ accounts: 5, seed: 'sidecar-card', ticketsPerAccount: 2 }] }, env });
      orgId = stack.sandbox.orgs[0]!.orgId;
      const installed = await stack.install();
      expect(installed.status).toBe(200);
      await stack.waitFor('the first sync', async () => (await stack.sidecar.store.results.count(CRM, orgId)) >= 5, 60_000);
      accountId = stack.sandbox.seeded(orgId)[0]!.accountId;
      sessions.set(stack.sandbox.orgs[0]!.userId, stack.sandbox.orgs[0]!.accessToken);
      for (const user of (await otherUsers(stack.sandbox)).slice(0, 2)) sessions.set(user.Id, (await signInAs(stack.sandbox, user.Username)).accessToken);
      [, csmA, csmB] = [...sessions.keys()] as [string, string, string];
    }, 120_000);

    afterAll(async () => {
      await stack?.close();
    });

    const signed = (secret = SF_CONSUMER_SECRET, userId = stack.sandbox.orgs[0]!.userId) =>
      signCanvasRequest(canvasEnvelope({ orgId, accountId, userId, oauthToken: sessions.get(userId) ?? 'no-session', instanceUrl: stack.sandbox.url }), { secret });

    it('configures the expected CRMs', () => {
      expect(Object.keys(stack.sidecar.services).sort()).toEqual(expectedCrms);
    });

    it('a verified Canvas POST yields the card page, framable by the org only, whose token opens the card routes', async () => {
      const page = await postCanvas(stack.sidecar.url, signed());
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${stack.sandbox.url}`);
      expect(page.headers.get('x-frame-options')).toBeNull();
      expect(html).toContain(`content="${accountId}"`);
      const token = cardTokenOf(html);

      const path = `/api/v1/salesforce/${orgId}/accounts/${accountId}/success`;
      const withToken = await fetch(new URL(path, stack.sidecar.url), { headers: { authorization: `Bearer ${token}` } });
      const view = (await withToken.json()) as SuccessAnswer;
      expect(withToken.status).toBe(200);
      expect(view.company?.id).toBe(accountId);
      expect(typeof view.result?.rob.score).toBe('number');
      expect(['low', 'medium', 'high']).toContain(view.result?.risk.level);

      const without = await fetch(new URL(path, stack.sidecar.url));
      expect(without.status).toBe(401);
      expect(((await without.json()) as SuccessAnswer).error?.code).toBe('missing_card_token');
    });

    it('a Canvas request signed with another secret is 401', async () => {
      const page = await postCanvas(stack.sidecar.url, signed('not-the-consumer-secret-0123456789'));
      expect(page.status).toBe(401);
      expect(await page.text()).not.toContain('card-token');
    });

    it("the org's settings: read with the card token, defaults in Salesforce's mapping, changed by the org's admins only, a bad mapping refused with the field named", async () => {
      const call = async (method: string, userId?: string, body?: unknown) => {
        const token = cardTokenOf(await (await postCanvas(stack.sidecar.url, signed(SF_CONSUMER_SECRET, userId))).text());
        const answer = await fetch(new URL(`/api/v1/salesforce/${orgId}/settings`, stack.sidecar.url), { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: answer.status, body: (await answer.json()) as { version?: number; canManage?: boolean; mapping?: Record<string, unknown>; defaults?: { mapping: { account?: { segment?: string } } }; error?: { code: string; message: string } } };
      };
      const read = await call('GET');
      expect(read).toMatchObject({ status: 200, body: { version: 0, canManage: true } });
      expect(read.body.defaults?.mapping.account?.segment).toBe('Customer_Segment__c');

      const change = { expectedVersion: 0, engine: {}, mapping: { account: { segment: null } } };
      expect(await call('PUT', csmA, change)).toMatchObject({ status: 403, body: { error: { code: 'admin_required' } } });
      const bad = await call('PUT', undefined, { ...change, mapping: { account: { segment: 'not a field name!' } } });
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_settings' } } });
      expect(bad.body.error?.message).toContain('body.mapping.account.segment');
      const saved = await call('PUT', undefined, change);
      expect(saved).toMatchObject({ status: 200, body: { version: 1, mapping: { account: { segment: null } } } });
      expect((await stack.sidecar.store.settings.get(CRM, orgId)).mapping).toEqual({ account: { segment: null } });
      expect(await call('PUT', undefined, change)).toMatchObject({ status: 409, body: { error: { code: 'version_conflict' } } });
    });

    it("the org's admins: listed in the settings, added and removed by admins only, as the card token's user; never the last one", async () => {
      const installer = stack.sandbox.orgs[0]!.userId;
      const other = csmB;
      const tokenFor = async (userId: string) => cardTokenOf(await (await postCanvas(stack.sidecar.url, signed(SF_CONSUMER_SECRET, userId))).text());
      const call = async (userId: string, method: string, path: string, body?: unknown) => {
        const answer = await fetch(new URL(`/api/v1/salesforce/${path}`, stack.sidecar.url), { method, headers: { authorization: `Bearer ${await tokenFor(userId)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: answer.status, body: (await answer.json()) as { admins?: Array<{ userId: string; email: string | null; addedBy: string }>; canManage?: boolean; error?: { code: string; message: string } } };
      };
      const ids = (answer: { body: { admins?: Array<{ userId: string }> } }) => answer.body.admins?.map((a) => a.userId);
      expect(ids(await call(installer, 'GET', `${orgId}/settings`))).toEqual([installer]);

      // Not an admin: refused, told whom to ask.
      const refused = await call(other, 'POST', `${orgId}/settings/admins`, { userId: other });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'admin_required' } } });
      expect(refused.body.error?.message).toContain(`Salesforce user ${installer}`);
      // The actor is the token's user: a body that tries to say who acts is refused; so is an id that is not a user's.
      expect((await call(installer, 'POST', `${orgId}/settings/admins`, { userId: other, addedBy: 'someone-else' })).status).toBe(400);
      expect((await call(installer, 'POST', `${orgId}/settings/admins`, { userId: '001000000000002AAA' })).status).toBe(400);
      // Another org in the path than the token's: 403.
      expect((await call(installer, 'POST', `00D000000000009EAA/settings/admins`, { userId: other })).body.error?.code).toBe('org_mismatch');

      // The 15-character form of the id is the same user.
      const added = await call(installer, 'POST', `${orgId}/settings/admins`, { userId: other.slice(0, 15), email: 'cs-lead@org1.sandbox.example' });
      expect(added.status).toBe(200);
      expect(added.body.admins).toEqual([expect.objectContaining({ userId: installer }), { userId: other, email: 'cs-lead@org1.sandbox.example', addedBy: expect.stringContaining(`salesforce-user:${installer}`), addedAt: expect.any(String) }]);
      expect((await call(other, 'GET', `${orgId}/settings`)).body.canManage).toBe(true);

      expect(await call(installer, 'DELETE', `${orgId}/settings/admins/005000000000003AAA`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
      // The new admin removes the installer; the installer can no longer manage admins; the last admin cannot go.
      expect(ids(await call(other, 'DELETE', `${orgId}/settings/admins/${installer}`))).toEqual([other]);
      expect((await call(installer, 'DELETE', `${orgId}/settings/admins/${other}`)).status).toBe(403);
      expect((await call(installer, 'GET', `${orgId}/settings`)).body.canManage).toBe(false);
      expect(await call(other, 'DELETE', `${orgId}/settings/admins/${other}`)).toMatchObject({ status: 409, body: { error: { code: 'last_admin' } } });

      // Back as it was: the installer an admin again, the other user removed by them.
      expect(ids(await call(other, 'POST', `${orgId}/settings/admins`, { userId: installer }))).toEqual([other, installer]);
      expect(ids(await call(installer, 'DELETE', `${orgId}/settings/admins/${other}`))).toEqual([installer]);
    });

    it("the org's renewal model: what calibrate-portal learned from the org's renewals, read by anyone the card was opened for, switched by the org's admins only, never another org's", async () => {
      const installer = stack.sandbox.orgs[0]!.userId;
      const call = async (userId: string, method: string, path: string, body?: unknown) => {
        const token = cardTokenOf(await (await postCanvas(stack.sidecar.url, signed(SF_CONSUMER_SECRET, userId))).text());
        const answer = await fetch(new URL(`/api/v1/salesforce/${path}`, stack.sidecar.url), { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: answer.status, body: (await answer.json()) as { error?: { code: string; message: string } } };
      };
      // The first full sync asked for the org's fit: the settings show what it learned from.
      await stack.waitFor("the org's first fit", async () => (await stack.sidecar.store.riskModels.latestFit(CRM, orgId)) !== null, 60_000);
      const rows = await stack.sidecar.store.riskModels.rows(CRM, orgId);
      expect(rows.length).toBeGreaterThan(0);

      const asCsm = await call(csmA, 'GET', `${orgId}/settings/model`);
      expect(asCsm.status).toBe(200);
      const read = ModelView.parse(asCsm.body);
      expect(read.canManage).toBe(false);
      expect(read.latest?.fittedOn.renewals).toBe(rows.length);
      expect(read.latest?.backtest.renewals).toBe(rows.length);
      expect(read.latest?.globalBacktest.modelVersion).toBe(GLOBAL_RISK_MODEL.version);
      expect(read.inUse.source).toBe(read.latest?.mode === 'global' ? 'global' : 'learned');
      expect(ModelView.parse((await call(installer, 'GET', `${orgId}/settings/model`)).body).canManage).toBe(true);

      // Not an admin: refused, told whom to ask; nothing changed.
      const refused = await call(csmA, 'PUT', `${orgId}/settings/model`, { use: 'global' });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'admin_required' } } });
      expect(refused.body.error?.message).toContain(`Salesforce user ${installer}`);
      expect((await stack.sidecar.store.riskModels.active(CRM, orgId))?.version ?? null).toBe(read.inUse.source === 'learned' ? read.inUse.version : null);
      // Another org in the path than the token's: refused, to read as to switch.
      const otherOrg = '00D000000000009EAA';
      expect(await call(installer, 'GET', `${otherOrg}/settings/model`)).toMatchObject({ status: 403, body: { error: { code: 'org_mismatch' } } });
      expect(await call(installer, 'PUT', `${otherOrg}/settings/model`, { use: 'global' })).toMatchObject({ status: 403, body: { error: { code: 'org_mismatch' } } });
      // Who acts is the token's user: a body that says anything more is refused.
      expect((await call(installer, 'PUT', `${orgId}/settings/model`, { use: 'global', actor: 'someone-else' })).status).toBe(400);

      // The admin pins the global model: in use at once, recorded as theirs, and every result uses it once recomputed.
      const chosen = await call(installer, 'PUT', `${orgId}/settings/model`, { use: 'global' });
      expect(chosen.status).toBe(200);
      expect(ModelView.parse(chosen.body)).toMatchObject({ canManage: true, inUse: { version: GLOBAL_RISK_MODEL.version, source: 'pinned_global' } });
      expect(ModelView.parse((await call(csmA, 'GET', `${orgId}/settings/model`)).body).inUse.source).toBe('pinned_global');
      const audit = await stack.sidecar.store.audit.list(CRM, orgId);
      expect(audit.find((a) => a.action === 'risk_model_chosen')?.actor).toContain(`salesforce-user:${installer}`);
      await stack.waitForIdle(60_000);
      const used = await stack.db.query<{ v: string | null }>('select distinct risk_model_version as v from account_results where crm = $1 and portal_id = $2', [CRM, orgId]);
      expect(used.map((r) => r.v)).toEqual([GLOBAL_RISK_MODEL.version]);

      // And back: the learned model when the fit learned one, else the global one unpinned.
      const back = ModelView.parse((await call(installer, 'PUT', `${orgId}/settings/model`, { use: 'learned' })).body);
      expect(back.inUse.source).toBe(read.latest?.mode === 'global' ? 'global' : 'learned');
    });

    it('only an admin of the org uninstalls it (the installing user): tokens revoked and deleted, the card refused afterwards', async () => {
      const uninstall = async (userId?: string) => {
        const token = cardTokenOf(await (await postCanvas(stack.sidecar.url, signed(SF_CONSUMER_SECRET, userId))).text());
        const answer = await fetch(new URL(`/api/v1/salesforce/${orgId}/installation`, stack.sidecar.url), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        return { status: answer.status, body: (await answer.json()) as { uninstalled?: boolean; purge?: string; error?: { code: string } } };
      };
      const someoneElse = csmA;
      expect(someoneElse).not.toBe(stack.sandbox.orgs[0]!.userId);
      const refused = await uninstall(someoneElse);
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'admin_required' } } });
      expect((await stack.sidecar.store.installations.get(CRM, orgId))?.status).toBe('active');

      const done = await uninstall();
      expect(done).toMatchObject({ status: 200, body: { uninstalled: true, purge: 'scheduled' } });
      expect((await stack.sidecar.store.installations.get(CRM, orgId))?.status).toBe('uninstalled');
      expect(await stack.sidecar.store.tokens.load(CRM, orgId)).toBeNull();
      const after = await postCanvas(stack.sidecar.url, signed());
      expect(after.status).toBe(403);
    });
  });
}

describeStack('a sidecar configured for Salesforce only', {}, ['salesforce']);
describeStack('a sidecar configured for HubSpot and Salesforce', { HUBSPOT_CLIENT_ID: 'sidecar-card-test', HUBSPOT_CLIENT_SECRET: 'hubspot-card-test-secret-0123456789abcdef' }, ['hubspot', 'salesforce']);
