// The Canvas card's Settings tab shows the org's renewal model (cards/web/CanvasSettings.tsx with the
// console's ModelSection): the section is drawn under the settings form for admins and everyone
// else, its client calls Salesforce's model routes (SALESFORCE_ROUTES) with the card's org, and
// only an admin gets the switch. Rendered with React's server renderer; the client over a stub fetch.
import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { SettingsView } from '../../server/api/contracts.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { WORDING, type ModelView } from '../../cards/model/index.ts';
import { createWebApi } from '../../cards/web/api.ts';
import { CanvasSettingsView } from '../../cards/web/CanvasSettings.tsx';
import { ModelDetails } from '../../cards/web/ModelSection.tsx';
import { fixtures } from '../fixtures/api/fixtures.ts';

const ORG = '00D5g0000000001EAA';
const ADMIN = '0055g0000000001AAA';
const settings = (canManage: boolean): SettingsView =>
  SettingsView.parse({
    version: 1,
    engine: {},
    mapping: {},
    updatedBy: null,
    updatedAt: null,
    admins: [{ userId: ADMIN, email: 'admin@org1.sandbox.example', addedBy: `salesforce-user:${ADMIN}`, addedAt: '2026-11-01T08:00:00.000Z' }],
    canManage,
    defaults: { engine: DEFAULT_ENGINE_CONFIG, mapping: DEFAULT_SALESFORCE_MAPPING },
  });

/** The calls the card's client makes, answered with `answer`. */
function stubApi(answer: unknown) {
  const calls: Array<{ url: string; method: string | undefined; body: unknown }> = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), method: init?.method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    return Promise.resolve(new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return { api: createWebApi({ baseUrl: 'https://sidecar.test', portalId: ORG, crm: 'salesforce', fetch, auth: () => ({ authorization: 'Bearer card-token' }) }), calls };
}

describe("the Canvas card's Settings tab: the renewal model", () => {
  it('shows the renewal model section under the settings form, to admins and to everyone else', () => {
    for (const canManage of [true, false]) {
      const html = renderToStaticMarkup(<CanvasSettingsView view={settings(canManage)} api={stubApi({}).api} locale="en-US" onChanged={() => undefined} announce={() => undefined} />);
      expect(html).toContain('data-testid="renewal-model"');
      expect(html).toContain(WORDING.settings.model.title);
      expect(html.indexOf('data-testid="renewal-model"')).toBeGreaterThan(html.indexOf(WORDING.settings.salesforce.intro));
      expect(html.indexOf('data-testid="renewal-model"')).toBeLessThan(html.indexOf('data-testid="settings-admins"'));
    }
  });

  it("reads and switches the model through Salesforce's routes for the card's org, with the card token", async () => {
    const view = fixtures.renewalModel();
    const { api, calls } = stubApi(view);
    const read = await api.renewalModel();
    expect(read).toMatchObject({ ok: true, data: { inUse: view.inUse } });
    const chosen = await api.chooseRenewalModel('global');
    expect(chosen.ok).toBe(true);
    expect(calls).toEqual([
      { url: `https://sidecar.test/api/v1/salesforce/${ORG}/settings/model`, method: 'GET', body: undefined },
      { url: `https://sidecar.test/api/v1/salesforce/${ORG}/settings/model`, method: 'PUT', body: { use: 'global' } },
    ]);
  });

  it('gives the switch to an admin only: anyone else reads the same figures', () => {
    const recorded = fixtures.renewalModel();
    const learned: ModelView = { ...recorded, inUse: { version: 'portal-2', source: 'learned' }, latest: { ...recorded.latest!, mode: 'fitted', version: 'portal-2' } };
    const render = (canManage: boolean) => renderToStaticMarkup(<ModelDetails view={{ ...learned, canManage }} locale="en-US" busy={false} onChoose={() => undefined} />);
    const admin = render(true);
    expect(admin).toContain('data-testid="choose-model"');
    expect(admin).toContain(WORDING.settings.model.useGlobal);
    const other = render(false);
    expect(other).not.toContain('data-testid="choose-model"');
    expect(other).toContain('data-testid="model-learned-from"');
  });
});
