import { hubspot } from '@hubspot/ui-extensions';
import { BeforeYouPitchCard } from './lib/hubspot/BeforeYouPitchCard.tsx';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => <BeforeYouPitchCard context={context} actions={actions} />);
