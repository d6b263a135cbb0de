// The Metadata API over SOAP: POST /services/Soap/m/:version with the session in
// <SessionHeader><sessionId>. createMetadata, updateMetadata, upsertMetadata (≤ 10 components
// each) and readMetadata for CustomField and PermissionSet. Faults are HTTP 500 SOAP faults
// (sf:INVALID_SESSION_ID makes jsforce refresh the session).
import type { Express } from 'express';
import { SalesforceError } from '../errors.ts';
import { readComponent, saveCustomField, savePermissionSet, type Mode, type SaveResult } from '../metadata.ts';
import { admit, parseVersion, publicRoute, type Reply } from '../pipeline.ts';
import type { SandboxState } from '../state.ts';
import { child, childText, escapeXml, parseXml, toXml, type XmlElement } from '../xml.ts';

const MAX_COMPONENTS = 10;
const ENVELOPE = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">';

function soap(status: number, body: string): Reply {
  return { status, text: { contentType: 'text/xml;charset=UTF-8', body: `${ENVELOPE}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>` } };
}

function fault(code: string, message: string, status = 500): Reply {
  return soap(status, `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault>`);
}

function resultXml(r: SaveResult): string {
  const errors = r.errors.map((e) => ({ fields: e.fields, message: e.message, statusCode: e.statusCode }));
  return toXml('result', { ...(r.created === undefined ? {} : { created: r.created }), errors, fullName: r.fullName, success: r.success });
}

function save(state: SandboxState, orgId: string, call: XmlElement, mode: Mode): Reply {
  const org = state.orgs.get(orgId);
  if (!org) return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  const components = call.children.filter((c) => c.name === 'metadata');
  if (components.length === 0 || components.length > MAX_COMPONENTS) return fault('INVALID_CROSS_REFERENCE_KEY', `between 1 and ${MAX_COMPONENTS} components may be sent in one call, got ${components.length}`);
  const results = components.map((el) => {
    const type = el.attrs['xsi:type'] ?? '';
    if (type === 'CustomField') return saveCustomField(org, el, mode);
    if (type === 'PermissionSet') return savePermissionSet(org, el, mode);
    return { fullName: childText(el, 'fullName') ?? '', success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `Unsupported metadata type: ${type}`, fields: [] }] };
  });
  return soap(200, `<${call.name}Response>${results.map(resultXml).join('')}</${call.name}Response>`);
}

function read(state: SandboxState, orgId: string, call: XmlElement): Reply {
  const org = state.orgs.get(orgId);
  if (!org) return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  const type = childText(call, 'type') ?? '';
  const names = call.children.filter((c) => c.name === 'fullNames').map((c) => c.text.trim());
  if (names.length === 0 || names.length > MAX_COMPONENTS) return fault('INVALID_CROSS_REFERENCE_KEY', `between 1 and ${MAX_COMPONENTS} components may be read in one call`);
  const records = names.map((n) => readComponent(org, type, n));
  return soap(200, `<readMetadataResponse><result>${records.map((r) => toXml('records', r)).join('')}</result></readMetadataResponse>`);
}

export function registerMetadataRoutes(app: Express, state: SandboxState): void {
  publicRoute(app, state, 'POST', '/services/Soap/m/:version', async (ctx) => {
    if (!parseVersion(`v${ctx.params.version ?? ''}`)) return fault('UNKNOWN_EXCEPTION', `Unsupported API version ${ctx.params.version ?? ''}`);
    let envelope: XmlElement;
    try {
      envelope = parseXml(ctx.rawBody);
    } catch (error) {
      return fault('INVALID_XML', (error as Error).message);
    }
    const sessionId = childText(child(child(envelope, 'Header'), 'SessionHeader'), 'sessionId');
    const call = child(envelope, 'Body')?.children[0];
    if (!call) return fault('INVALID_XML', 'no operation in the SOAP body');
    const write = call.name !== 'readMetadata';
    let orgId: string;
    try {
      ({ org: { orgId } } = await admit(state, sessionId, write, ctx.host));
    } catch (error) {
      const status = error instanceof SalesforceError ? error.status : 500;
      if (status === 401) return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
      if (status === 403) return fault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      return fault('SERVER_UNAVAILABLE', 'Service temporarily unavailable; please try again later.', 503);
    }
    if (!state.modifyMetadata) return fault('INSUFFICIENT_ACCESS', 'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions');
    switch (call.name) {
      case 'createMetadata':
        return save(state, orgId, call, 'create');
      case 'updateMetadata':
        return save(state, orgId, call, 'update');
      case 'upsertMetadata':
        return save(state, orgId, call, 'upsert');
      case 'readMetadata':
        return read(state, orgId, call);
      default:
        return fault('UNKNOWN_EXCEPTION', `The sandbox does not implement ${call.name}`);
    }
  });
}
