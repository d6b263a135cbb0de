// The HubSpot developer project in app/: parsed offline the way the HubSpot CLI parses it, for
// every profile, and every card and settings entry point bundled the way HubSpot's build would —
// from the uploaded folder only, plus the dependencies its package.json declares.
import { describe, expect, it } from '@jest/globals';
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED_TOP_LEVEL_FIELDS } from '@hubspot/project-parsing-lib/constants';
import { getAllHsProfiles, loadHsProfileFile } from '@hubspot/project-parsing-lib/profiles';
import { getProjectMetadata, isKnownPlatformVersion, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { translate, type IntermediateRepresentationNode } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { PRODUCTION_SIDECAR_ORIGIN } from '../../cards/model/client.ts';
import { companyReadProperties, contactReadProperties, DEAL_PROPERTIES, DEFAULT_HUBSPOT_MAPPING, ticketReadProperties } from '../../server/crm/hubspot/mapping.ts';
import { PROPERTY_NAMES } from '../../server/domain/property-names.ts';
import { DEFAULT_SCOPES } from '../../sandbox/hubspot/auth.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = join(ROOT, 'app');
const SRC = join(PROJECT, 'src');

const project = parseProjectConfig(PROJECT);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

async function parse(profile: string) {
  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
    { projectSourceDir: SRC, platformVersion: project.platformVersion },
    { skipValidation: true, profile },
  );
  const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
  const byType = (type: string) => nodes.filter((n) => n.componentType === type);
  return { nodes, byType, skippedHsMetaFiles, variables: intermediateRepresentation.profileData?.vars.profileVariables ?? {} };
}

interface AppConfig {
  name: string;
  distribution: string;
  auth: { type: string; redirectUrls: string[]; requiredScopes: string[]; optionalScopes: string[] };
  permittedUrls: { fetch: string[]; iframe: string[]; img: string[] };
  support: { supportEmail: string; documentationUrl: string; supportUrl: string };
}
interface CardConfig {
  name: string;
  location: string;
  entrypoint: string;
  objectTypes: string[];
}
interface WebhooksConfig {
  settings: { targetUrl: string; maxConcurrentRequests: number };
  subscriptions: { crmObjects: Array<{ subscriptionType: string; objectType: string; propertyName?: string; active: boolean }> };
}
const config = <T>(node: IntermediateRepresentationNode | undefined) => node?.config as T;

/** What each card must be, by uid: where it shows and on which records. */
const CARDS: Record<string, { location: string; objectTypes: string[]; name: string }> = {
  success_sidecar_company_tab: { location: 'crm.record.tab', objectTypes: ['companies'], name: 'Customer success' },
  success_sidecar_contact_sidebar: { location: 'crm.record.sidebar', objectTypes: ['contacts'], name: 'Customer success' },
  success_sidecar_before_you_pitch: { location: 'crm.record.sidebar', objectTypes: ['companies'], name: 'Before you pitch' },
};

describe('the HubSpot project', () => {
  it('is a 2025.2 project with a local and a production profile, and every component in its folder', async () => {
    expect(project).toMatchObject({ srcDir: 'src', platformVersion: '2025.2' });
    expect(isKnownPlatformVersion(project.platformVersion)).toBe(true);
    expect((await getAllHsProfiles(SRC)).sort()).toEqual(['local', 'production']);
    const meta = await getProjectMetadata(SRC);
    expect(meta.hsMetaFiles.map((f) => relative(SRC, resolve(SRC, f))).sort()).toEqual([
      'app/app-hsmeta.json',
      'app/cards/before-you-pitch-hsmeta.json',
      'app/cards/company-success-hsmeta.json',
      'app/cards/contact-success-hsmeta.json',
      'app/settings/settings-hsmeta.json',
      'app/webhooks/webhooks-hsmeta.json',
    ]);
    for (const file of meta.hsMetaFiles) {
      const json = readJson(resolve(SRC, file));
      expect(Object.keys(json).filter((k) => !(ALLOWED_TOP_LEVEL_FIELDS as ReadonlySet<string>).has(k))).toEqual([]);
      expect(validateUid(String(json.uid))).toBeUndefined();
    }
  });

  for (const profile of ['local', 'production']) {
    describe(`parsed with the ${profile} profile`, () => {
      const origin = String((loadHsProfileFile(SRC, profile).variables ?? {}).SIDECAR_ORIGIN);

      it('resolves the sidecar origin to an https origin that is not localhost', () => {
        expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+$/);
        expect(origin).not.toMatch(/localhost|127\.0\.0\.1/);
        if (profile === 'production') expect(origin).toBe(PRODUCTION_SIDECAR_ORIGIN);
      });

      it('is a marketplace OAuth app with the smallest scopes, calling only the sidecar', async () => {
        const { byType, skippedHsMetaFiles, variables } = await parse(profile);
        expect(skippedHsMetaFiles).toEqual([]);
        expect(variables.SIDECAR_ORIGIN).toEqual({ variableType: 'PROFILE_STRING', value: origin });
        expect(Object.keys(variables).sort()).toEqual(['SIDECAR_ORIGIN', 'WEBHOOK_ORIGIN']);
        const apps = byType('APPLICATION');
        expect(apps).toHaveLength(1);
        const app = config<AppConfig>(apps[0]);
        expect(app.distribution).toBe('marketplace');
        expect(app.auth.type).toBe('oauth');
        expect([...app.auth.requiredScopes].sort()).toEqual([...DEFAULT_SCOPES].sort());
        expect(app.auth.requiredScopes).toContain('oauth');
        expect(app.auth.optionalScopes).toEqual([]);
        expect(app.auth.redirectUrls).toEqual([`${origin}/oauth/hubspot/callback`]);
        expect(app.permittedUrls).toEqual({ fetch: [origin], iframe: [], img: [] });
        expect(app.support.supportEmail).toMatch(/@/);
        expect(app.support.documentationUrl).toMatch(/^https:\/\//);
      });

      it('has the three cards where the product needs them, each with an entry file that exists', async () => {
        const { byType } = await parse(profile);
        const appUid = byType('APPLICATION')[0]!.uid;
        const cards = byType('CARD');
        expect(cards.map((c) => c.uid).sort()).toEqual(Object.keys(CARDS).sort());
        for (const card of cards) {
          const c = config<CardConfig>(card);
          expect({ location: c.location, objectTypes: c.objectTypes, name: c.name }).toEqual(CARDS[card.uid]);
          expect(c.entrypoint).toMatch(/^\/app\/cards\/[A-Za-z]+\.tsx$/);
          expect(existsSync(join(SRC, c.entrypoint))).toBe(true);
          expect(card.componentDeps.app).toBe(appUid);
        }
        const settings = byType('SETTINGS');
        expect(settings).toHaveLength(1);
        expect(existsSync(join(SRC, config<{ entrypoint: string }>(settings[0]).entrypoint))).toBe(true);
      });

      it('subscribes the webhooks the engine depends on, sent to the sidecar on an origin cards may not fetch', async () => {
        const { byType } = await parse(profile);
        const hooks = byType('WEBHOOKS');
        expect(hooks).toHaveLength(1);
        const w = config<WebhooksConfig>(hooks[0]);
        const hookOrigin = String((loadHsProfileFile(SRC, profile).variables ?? {}).WEBHOOK_ORIGIN);
        expect(hookOrigin).toMatch(/^https:\/\/[a-z0-9.-]+$/);
        // Cards can make HubSpot sign a request to any path of a permitted origin: the webhook URL is on another one.
        expect(hookOrigin).not.toBe(origin);
        const app = config<AppConfig>(byType('APPLICATION')[0]);
        expect(app.permittedUrls.fetch).not.toContain(hookOrigin);
        expect(w.settings.targetUrl).toBe(`${hookOrigin}/webhooks/hubspot`);
        const subs = w.subscriptions.crmObjects;
        expect(subs.every((s) => s.active)).toBe(true);
        const watched = (objectType: string) => subs.filter((s) => s.objectType === objectType && s.subscriptionType === 'object.propertyChange').map((s) => s.propertyName);
        for (const objectType of ['company', 'contact', 'ticket', 'deal']) {
          for (const type of ['object.creation', 'object.deletion']) expect(subs).toContainEqual({ subscriptionType: type, objectType, active: true });
        }
        for (const objectType of ['contact', 'ticket', 'deal']) expect(subs).toContainEqual({ subscriptionType: 'object.associationChange', objectType, active: true });
        const m = DEFAULT_HUBSPOT_MAPPING;
        // Every property the mapping reads, except ones a change event adds nothing to (creation covers
        // createdate; hs_lastmodifieddate changes with everything, our own write-backs included).
        const skip = new Set(['hs_lastmodifieddate', 'createdate', 'dealname']);
        const needed = (props: string[]) => props.filter((p) => !skip.has(p)).sort();
        expect(watched('company').sort()).toEqual(needed(companyReadProperties(m, [])));
        expect(watched('contact').sort()).toEqual(needed(contactReadProperties(m)));
        expect(watched('ticket').sort()).toEqual(needed(ticketReadProperties(m)));
        expect(watched('deal').sort()).toEqual(needed(DEAL_PROPERTIES));
        // Never our own properties: a write-back must not wake the sidecar up again.
        expect(subs.filter((s) => s.propertyName && (PROPERTY_NAMES as readonly string[]).includes(s.propertyName))).toEqual([]);
      });
    });
  }

  it('proxies the local profile origin to the sidecar on localhost during `hs project dev`', () => {
    const local = String((loadHsProfileFile(SRC, 'local').variables ?? {}).SIDECAR_ORIGIN);
    const localJson = readJson(join(SRC, 'app/local.json')) as { proxy: Record<string, string> };
    expect(localJson.proxy).toEqual({ [local]: 'http://localhost:3000' });
  });
});

// ---------------------------------------------------------------------------------------------
// Bundling: what HubSpot uploads is src/; each component folder with a package.json gets its own
// `npm install`. So an entry point may import files under src/ and, from its own folder, the
// packages that folder's package.json declares — nothing else.

const entryPoints = (): Array<{ uid: string; location: string; entry: string }> => {
  const out: Array<{ uid: string; location: string; entry: string }> = [];
  for (const dir of ['cards', 'settings']) {
    for (const f of readdirSync(join(SRC, 'app', dir)).filter((n) => n.endsWith('-hsmeta.json'))) {
      const meta = readJson(join(SRC, 'app', dir, f)) as { uid: string; type: string; config: { entrypoint: string; location?: string } };
      out.push({ uid: meta.uid, location: meta.config.location ?? meta.type, entry: join(SRC, meta.config.entrypoint) });
    }
  }
  return out;
};

const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

/** Fails the build on any import that would not resolve once uploaded. */
function uploadedOnly(componentDir: string): Plugin {
  const deps = (readJson(join(componentDir, 'package.json')).dependencies ?? {}) as Record<string, string>;
  return {
    name: 'uploaded-only',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
        if (args.path.startsWith('.') || args.path.startsWith('/')) {
          const target = resolve(args.resolveDir, args.path);
          if (!target.startsWith(SRC + sep)) return { errors: [{ text: `${args.path} (from ${relative(ROOT, args.importer)}) is outside the uploaded folder` }] };
          return undefined;
        }
        const pkg = packageName(args.path);
        if (!(pkg in deps)) return { errors: [{ text: `${pkg} is not a dependency in ${relative(ROOT, componentDir)}/package.json` }] };
        if (!args.importer.startsWith(componentDir + sep)) {
          return { errors: [{ text: `${relative(ROOT, args.importer)} imports ${pkg} but is outside ${relative(ROOT, componentDir)}, so it would resolve against another package.json` }] };
        }
        return undefined;
      });
    },
  };
}

async function bundle(entry: string, componentDir: string, stdin?: string) {
  return build({
    ...(stdin === undefined ? { entryPoints: [entry] } : { stdin: { contents: stdin, resolveDir: dirname(entry), sourcefile: entry, loader: 'tsx' } }),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
    absWorkingDir: ROOT,
    define: { 'process.env.NODE_ENV': '"production"' },
    // Only the uploaded folder's own tsconfig (esbuild would otherwise find the repository's one).
    ...(existsSync(join(componentDir, 'tsconfig.json')) ? { tsconfig: join(componentDir, 'tsconfig.json') } : { tsconfigRaw: '{}' }),
    plugins: [uploadedOnly(componentDir)],
  });
}

describe('bundling the entry points as HubSpot would', () => {
  it('pins React 18.3.1 and ui-extensions 0.17.0 in every component package, as installed here', () => {
    for (const dir of ['cards', 'settings']) {
      expect(readJson(join(SRC, 'app', dir, 'package.json')).dependencies).toEqual({ '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' });
    }
    expect(readJson(join(ROOT, 'node_modules/react/package.json')).version).toBe('18.3.1');
    expect(readJson(join(ROOT, 'node_modules/@hubspot/ui-extensions/package.json')).version).toBe('0.17.0');
  });

  const entries = entryPoints();
  it('finds the three cards and the settings page', () => {
    expect(entries.map((e) => e.uid).sort()).toEqual([...Object.keys(CARDS), 'success_sidecar_settings'].sort());
  });

  for (const { uid, location, entry } of entries) {
    it(`${uid}: a one-line hubspot.extend for ${location}, bundled from the uploaded folder alone`, async () => {
      const source = readFileSync(entry, 'utf8');
      const statements = source.split('\n').filter((l) => l.trim() && !l.startsWith('import '));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(new RegExp(`^hubspot\\.extend<'${location.replace(/\./g, '\\.')}'>\\(\\(\\{ context, actions \\}\\) => <[A-Za-z]+ context=\\{context\\} actions=\\{actions\\} />\\);$`));

      const result = await bundle(entry, dirname(entry));
      expect(result.errors).toEqual([]);
      const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(ROOT, p));
      const outside = inputs.filter((p) => !p.startsWith(SRC + sep) && !p.startsWith(join(ROOT, 'node_modules') + sep));
      expect(outside).toEqual([]);
      expect(inputs.filter((p) => p.startsWith(join(ROOT, 'server')))).toEqual([]);
      expect(inputs.filter((p) => /node_modules[\\/]react[\\/]index\.js$/.test(p))).toHaveLength(1);
      const code = result.outputFiles[0]!.text;
      expect(code).toContain('extend_V2');
      // JSX compiles to the automatic runtime (the component folder's tsconfig.json says so): the
      // classic transform would call a `React` that no file imports.
      expect(code).not.toMatch(/\bReact\.createElement\(/);
      expect(code).toContain(PRODUCTION_SIDECAR_ORIGIN);
    });
  }

  it('would catch an import from outside app/ or of an undeclared package', async () => {
    const entry = join(SRC, 'app/cards/Probe.tsx');
    const outside = await bundle(entry, dirname(entry), "import { SuccessView } from '../../../../server/api/contracts.ts';\nconsole.log(SuccessView);").catch((e: { errors: Array<{ text: string }> }) => e);
    expect('errors' in outside && outside.errors.map((e) => e.text).join()).toMatch(/outside the uploaded folder/);
    const undeclared = await bundle(entry, dirname(entry), "import { z } from 'zod';\nconsole.log(z);").catch((e: { errors: Array<{ text: string }> }) => e);
    expect('errors' in undeclared && undeclared.errors.map((e) => e.text).join()).toMatch(/zod is not a dependency/);
    const typeOnly = await bundle(entry, dirname(entry), "import type { SuccessView } from '../../../../server/api/contracts.ts';\nconst v: SuccessView | null = null;\nconsole.log(v);");
    expect(typeOnly.errors).toEqual([]);
  });
});
