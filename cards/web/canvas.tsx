// The Salesforce card's entry point in the browser (a Canvas app on the Account record page). The
// page the sidecar served after verifying Salesforce's signed request says which org and Account
// it shows, where the API is and the card token its calls carry (meta tags: no inline script,
// which the CSP forbids). The Salesforce session token is never on the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_LOCALE } from '../model/index.ts';
import { createWebApi } from './api.ts';
import { CanvasAccount } from './CanvasAccount.tsx';
import './console.css';

function meta(name: string): string {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  if (!value) throw new Error(`the page has no <meta name="${name}">`);
  return value;
}

const orgId = meta('success-sidecar:org');
const accountId = meta('success-sidecar:account');
const cardToken = meta('success-sidecar:card-token');
const apiBase = new URL(meta('success-sidecar:api-base'), window.location.href).toString();
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');

const api = createWebApi({ baseUrl: apiBase, portalId: orgId, crm: 'salesforce', auth: () => ({ authorization: `Bearer ${cardToken}` }) });

createRoot(root).render(
  <StrictMode>
    <CanvasAccount api={api} accountId={accountId} locale={navigator.language || DEFAULT_LOCALE} />
  </StrictMode>,
);
