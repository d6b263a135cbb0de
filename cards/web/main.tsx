// The console's entry point in the browser. The page tells it which portal it shows and where the
// API is (meta tags the server fills in: no inline script, which the CSP forbids).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_LOCALE } from '../model/index.ts';
import { createWebApi } from './api.ts';
import { Console } from './Console.tsx';
import { createConsoleDataApi } from './console-api.ts';
import './console.css';

function meta(name: string): string {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  if (!value) throw new Error(`the page has no <meta name="${name}">`);
  return value;
}

const portalId = meta('success-sidecar:portal');
const apiBase = new URL(meta('success-sidecar:api-base'), window.location.href).toString();
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');

createRoot(root).render(
  <StrictMode>
    <Console api={createWebApi({ baseUrl: apiBase, portalId })} data={createConsoleDataApi(window.location.origin)} portalId={portalId} locale={navigator.language || DEFAULT_LOCALE} />
  </StrictMode>,
);
