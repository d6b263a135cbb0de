// Where the sidecar lives. The profile variable SIDECAR_ORIGIN (src/hsprofile.<env>.json) sets
// it for the manifest (permittedUrls.fetch, redirect URL, webhook target); cards read it from
// `context.variables` when HubSpot provides it there (typed in ui-extensions 0.17's BaseContext,
// not documented as filled with profile variables — unverified), else fall back to the production
// origin below, which tests/integration/app-project.test.ts keeps equal to the production profile.

export const PRODUCTION_SIDECAR_ORIGIN = 'https://sidecar.example.com';
export const ORIGIN_VARIABLE = 'SIDECAR_ORIGIN';

/** Timeouts for `hubspot.fetch` (HubSpot's own limit is 15 s, connect included). */
export const TIMEOUTS = { readMs: 8_000, writeMs: 14_000 } as const;

/** An https origin without a trailing slash, or null. Never localhost: HubSpot refuses it. */
export function normalizeOrigin(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^https:\/\/([a-z0-9.-]+(?::\d{1,5})?)\/?$/i.exec(value.trim());
  if (!m || /^(localhost|127\.|\[::1\])/i.test(m[1]!)) return null;
  return `https://${m[1]!.toLowerCase()}`;
}

export function sidecarOrigin(variables?: Readonly<Record<string, unknown>>): string {
  return normalizeOrigin(variables?.[ORIGIN_VARIABLE]) ?? PRODUCTION_SIDECAR_ORIGIN;
}
