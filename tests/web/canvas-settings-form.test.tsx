// The settings form the Salesforce Canvas card draws (cards/web/SettingsPage.tsx's SettingsEditor
// with Salesforce's mapping): an admin gets Salesforce's fields and a save button but no preview
// (Salesforce has no preview route); anyone else gets every field read-only and whom to ask.
// Rendered to HTML with React's server renderer; typed with the DOM (tests/web/tsconfig.json).
import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { SettingsView } from '../../server/api/contracts.ts';
import { DEFAULT_SALESFORCE_MAPPING } from '../../server/crm/salesforce/mapping.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import { WORDING } from '../../cards/model/index.ts';
import { createWebApi } from '../../cards/web/api.ts';
import { SettingsEditor } from '../../cards/web/SettingsPage.tsx';

const ORG = '00D5g0000000001EAA';
const view = (canManage: boolean): SettingsView =>
  SettingsView.parse({
    version: 3,
    engine: { currency: 'EUR' },
    mapping: { account: { activeUsers: 'Seats_In_Use__c' }, renewalOpportunityTypes: ['Renewal'] },
    updatedBy: null,
    updatedAt: null,
    admins: [{ userId: '0055g0000000001AAA', email: 'admin@org1.sandbox.example', addedBy: 'salesforce-user:0055g0000000001AAA', addedAt: '2026-11-01T08:00:00.000Z' }],
    canManage,
    defaults: { engine: DEFAULT_ENGINE_CONFIG, mapping: DEFAULT_SALESFORCE_MAPPING },
  });

describe('the settings form on the Canvas card', () => {
  const render = (canManage: boolean) =>
    renderToStaticMarkup(<SettingsEditor view={view(canManage)} api={createWebApi({ baseUrl: 'https://sidecar.test', portalId: ORG, crm: 'salesforce' })} locale="en-US" onSaved={() => undefined} announce={() => undefined} crm="salesforce" canPreview={false} readOnlyNote="Only an admin of this org can change these settings." />);

  it("an admin: Salesforce's fields, a save button, no preview", () => {
    const html = render(true);
    expect(html).toContain(WORDING.settings.salesforce.activeUsers.label);
    expect(html).toContain('value="Seats_In_Use__c"');
    expect(html).toContain('data-testid="save-settings"');
    expect(html).not.toContain('data-testid="preview-settings"');
    expect(html).not.toMatch(/readonly=""/);
  });

  it('anyone else: every field read-only, no save button, whom to ask', () => {
    const html = render(false);
    expect(html).not.toContain('data-testid="save-settings"');
    expect(html).toContain('data-testid="settings-read-only"');
    expect(html).toContain('Only an admin of this org can change these settings.');
    const inputs = html.match(/<input[^>]*>/g) ?? [];
    expect(inputs.length).toBeGreaterThan(5);
    for (const input of inputs) expect(input).toContain('readonly=""');
  });
});
