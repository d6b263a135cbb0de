// The HubSpot card components and the settings page. The code lives in the HubSpot app folder
// (HubSpot uploads and bundles only app/; see app/README.md), this is where the rest of the
// repository imports it from.
export * from '../../app/src/app/cards/lib/hubspot/index.ts';
export { SettingsPage, type SettingsPageProps } from '../../app/src/app/settings/lib/SettingsPage.tsx';
