import { hubspot } from '@hubspot/ui-extensions';
import { CompanySuccessCard } from './lib/hubspot/CompanySuccessCard.tsx';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <CompanySuccessCard context={context} actions={actions} />);
