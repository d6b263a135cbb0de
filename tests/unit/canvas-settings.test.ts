// The Salesforce card's settings: the shared settings form reads and writes Salesforce's mapping
// (Account field API names, renewal Opportunity types) in Salesforce's words, its bodies are what
// the sidecar's Salesforce mapping accepts, and the card client calls the org's settings and admins
// routes. (The form drawn for the Canvas card: tests/web/canvas-settings-form.test.tsx.)
import { describe, expect, it } from '@jest/globals';
import { SettingsBody, SettingsView } from '../../server/api/contracts.ts';
import { DEFAULT_SALESFORCE_MAPPING, SalesforceMapping } from '../../server/crm/salesforce/mapping.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { createSidecarApi, type SidecarFetchOptions } from '../../cards/model/client.ts';
import { settingsBody, settingsFormFrom, settingsFormModel, validateSettings, WORDING } from '../../cards/model/index.ts';

const ORG = '00D5g0000000001EAA';
const INSTALLER = '0055g0000000001AAA';
const view = (over: Partial<SettingsView> = {}): SettingsView =>
  SettingsView.parse({
    version: 3,
    engine: { currency: 'EUR' },
    mapping: { account: { activeUsers: 'Seats_In_Use__c', segment: null }, renewalOpportunityTypes: ['Renewal', 'Upsell Renewal'] },
    updatedBy: 'admin@org1.sandbox.example (salesforce-user:0055g0000000001AAA)',
    updatedAt: '2026-11-01T08:00:00.000Z',
    admins: [{ userId: INSTALLER, email: 'admin@org1.sandbox.example', addedBy: `salesforce-user:${INSTALLER}`, addedAt: '2026-11-01T08:00:00.000Z' }],
    canManage: true,
    defaults: { engine: DEFAULT_ENGINE_CONFIG, mapping: DEFAULT_SALESFORCE_MAPPING },
    ...over,
  });

describe("the settings form on Salesforce's mapping", () => {
  it('starts from the org overrides, Salesforce defaults filling the rest', () => {
    const form = settingsFormFrom(view(), 'salesforce');
    expect(form).toMatchObject({ activeUsers: 'Seats_In_Use__c', licensedSeats: 'Licensed_Seats__c', renewalDealTypes: 'Renewal, Upsell Renewal', currency: 'EUR' });
    // HubSpot's reading of the same view finds none of it (it is not HubSpot's shape).
    expect(settingsFormFrom(view()).activeUsers).toBe('');
  });

  it("checks Account field API names and asks for an Opportunity type, in Salesforce's words", () => {
    const form = { ...settingsFormFrom(view(), 'salesforce'), licensedSeats: '1_bad name', renewalDealTypes: ' , ' };
    const checked = validateSettings(form, 'en-US', 'salesforce');
    expect(checked.ok).toBe(false);
    expect(checked.errors.licensedSeats).toBe(WORDING.settings.salesforce.errors.propertyName(WORDING.settings.salesforce.licensedSeats.label));
    expect(checked.errors.renewalDealTypes).toBe(WORDING.settings.salesforce.errors.renewalDealTypes);
    // Mixed case is a valid Salesforce API name (HubSpot's lower-case rule would refuse it).
    expect(validateSettings(settingsFormFrom(view(), 'salesforce'), 'en-US', 'salesforce').ok).toBe(true);
    const model = settingsFormModel(settingsFormFrom(view(), 'salesforce'), 'en-US', 'salesforce');
    expect([model.intro, model.mapping.title, model.mapping.activeUsers.label, model.renewal.dealTypes.label]).toEqual([WORDING.settings.salesforce.intro, WORDING.settings.salesforce.mappingTitle, WORDING.settings.salesforce.activeUsers.label, WORDING.settings.salesforce.renewalDealTypes.label]);
    expect(JSON.stringify(model)).not.toMatch(/HubSpot/);
  });

  it('saves into account.* and renewalOpportunityTypes, keeping every other override; the sidecar parses it', () => {
    const form = { ...settingsFormFrom(view(), 'salesforce'), licensedSeats: 'Seats__c', renewalDealTypes: 'Renewal' };
    const body = SettingsBody.parse(settingsBody(form, view(), 'salesforce'));
    expect(body.expectedVersion).toBe(3);
    expect(body.mapping).toEqual({ account: { activeUsers: 'Seats_In_Use__c', licensedSeats: 'Seats__c', segment: null }, renewalOpportunityTypes: ['Renewal'] });
    const parsed = SalesforceMapping.parse(body.mapping);
    expect([parsed.account.licensedSeats, parsed.account.segment, parsed.renewalOpportunityTypes]).toEqual(['Seats__c', null, ['Renewal']]);
  });
});

describe("the card client on the org's routes", () => {
  it('reads and saves the settings, adds and removes admins under /api/v1/salesforce/{orgId}/settings', async () => {
    const seen: Array<[string, string, unknown]> = [];
    const admins = { admins: view().admins };
    const api = createSidecarApi((url, o: SidecarFetchOptions) => {
      seen.push([url, o.method, o.body]);
      return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(url.includes('/admins') ? admins : view()) });
    }, 'https://sidecar.test', { portalId: ORG, crm: 'salesforce' });
    expect((await api.settings()).ok).toBe(true);
    expect((await api.saveSettings(settingsBody(settingsFormFrom(view(), 'salesforce'), view(), 'salesforce'))).ok).toBe(true);
    expect((await api.addAdmin({ userId: '0055g0000000002AAA' })).ok).toBe(true);
    expect((await api.removeAdmin('0055g0000000002AAA')).ok).toBe(true);
    expect(seen.map(([url, method]) => `${method} ${url}`)).toEqual([
      `GET https://sidecar.test/api/v1/salesforce/${ORG}/settings`,
      `PUT https://sidecar.test/api/v1/salesforce/${ORG}/settings`,
      `POST https://sidecar.test/api/v1/salesforce/${ORG}/settings/admins`,
      `DELETE https://sidecar.test/api/v1/salesforce/${ORG}/settings/admins/0055g0000000002AAA`,
    ]);
    await expect(api.previewSettings({ engine: {}, mapping: {} })).rejects.toThrow(/not one of Salesforce's card routes/);
  });
});
