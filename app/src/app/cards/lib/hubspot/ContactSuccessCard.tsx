// Contact sidebar: this person's role (champion?), their open tickets and last engagement, and
// their company's score and renewal risk at a glance, with a link to the company's tab.
import type { ExtensionPointApiActions, ExtensionPointApiContext } from '@hubspot/ui-extensions';
import { DescriptionList, DescriptionListItem, Divider, Flex, Link, Statistics, Text } from '@hubspot/ui-extensions';
import { contactCardModel, type ContactCardModel } from '../model/contact.ts';
import { WORDING } from '../model/wording.ts';
import { useContactStore, useRemote } from '../hooks/remote.ts';
import { localeOf, useSidecarApi, type CardEnv } from './env.ts';
import { FigureItem, RemoteView, ToneTag } from './parts.tsx';

export interface ContactSuccessCardProps {
  context: ExtensionPointApiContext<'crm.record.sidebar'>;
  actions?: ExtensionPointApiActions<'crm.record.sidebar'>;
  env?: CardEnv;
}

export function ContactSuccessCard({ context, env }: ContactSuccessCardProps) {
  const api = useSidecarApi(context, env);
  const contactId = String(context.crm.objectId);
  const store = useContactStore(api, contactId, env?.schedule);
  const state = useRemote(store);
  const now = (env?.now ?? Date.now)();
  const locale = localeOf(context);

  return <RemoteView state={state} onRetry={() => store.reload()} views={{ data: ({ data }) => <ContactDetails model={contactCardModel(data, now, locale)} /> }} />;
}

function ContactDetails({ model }: { model: ContactCardModel }) {
  return (
    <Flex direction="column" gap="small">
      <Flex gap="extra-small" align="center" wrap>
        <Text format={{ fontWeight: 'demibold' }}>{model.name}</Text>
        <ToneTag tag={model.role} testId="contact-role" />
        <ToneTag tag={model.status} testId="contact-status" />
      </Flex>
      <Text variant="microcopy" testId="last-engaged">
        {model.lastEngaged}
      </Text>
      <Divider />
      <Text format={{ fontWeight: 'demibold' }}>{WORDING.contact.companyTitle}</Text>
      {model.company === null ? (
        <Text variant="microcopy">{model.noCompany}</Text>
      ) : (
        <Flex direction="column" gap="extra-small" testId="company-glance">
          {model.company.name ? <Text>{model.company.name}</Text> : null}
          {model.company.message ? (
            <Text variant="microcopy">{model.company.message}</Text>
          ) : (
            <>
              <Statistics>
                <FigureItem figure={model.company.score} trend={model.company.trend} />
                <FigureItem figure={model.company.probability} />
              </Statistics>
              <Flex gap="extra-small" align="center" wrap>
                <ToneTag tag={model.company.risk} testId="company-risk" />
                <Text variant="microcopy">{model.company.showStoppers}</Text>
              </Flex>
            </>
          )}
        </Flex>
      )}
      {model.companyLink ? (
        <Link href={{ url: model.companyLink.href, external: false }} testId="company-link">
          {model.companyLink.text}
        </Link>
      ) : null}
      <Divider />
      <Text format={{ fontWeight: 'demibold' }}>{model.tickets.title}</Text>
      {model.tickets.rows.length === 0 ? (
        <Text variant="microcopy">{model.tickets.empty}</Text>
      ) : (
        <DescriptionList direction="column">
          {model.tickets.rows.map((t) => (
            <DescriptionListItem key={t.id} label={t.subject}>
              <Flex gap="extra-small" align="center" wrap>
                <ToneTag tag={t.tag} />
                <Text variant="microcopy">{t.opened}</Text>
              </Flex>
            </DescriptionListItem>
          ))}
        </DescriptionList>
      )}
    </Flex>
  );
}
