import { hubspot } from '@hubspot/ui-extensions';
import { SettingsPage } from './lib/SettingsPage.tsx';

hubspot.extend<'settings'>(({ context, actions }) => <SettingsPage context={context} actions={actions} />);
