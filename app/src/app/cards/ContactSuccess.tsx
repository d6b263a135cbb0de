import { hubspot } from '@hubspot/ui-extensions';
import { ContactSuccessCard } from './lib/hubspot/ContactSuccessCard.tsx';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => <ContactSuccessCard context={context} actions={actions} />);
