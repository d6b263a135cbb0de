// The local console end to end: the real `start` command (sandbox + sidecar on PGlite + the console
// at `/`) as a child process, driven in headless Chromium through playwright-core. The portfolio
// must show every account the sandbox was seeded with (worked out independently from the
// generator), sort and filter; an account opens from the keyboard; an objective is added and marked
// achieved (each save a new plan version); Recompute moves "computed at"; a save someone else made
// meanwhile comes back as a 409 whose change can be re-applied; the overview, charts, CSV export,
// live first sync, contacts, reconstructed history and settings; axe-core on each page. Screenshots
// of the portfolio, the account and settings at 1280 px and 380 px go to test-artifacts/console/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startOfUtcDay } from '../../sandbox/hubspot/clock.ts';
import { withHubSpotFetchParams } from '../../server/http/hubspot-caller.ts';
import { hubSpotSignatureHeaders } from '../../server/http/signature.ts';
import { generatePortfolio } from '../../server/synthetic/portfolio.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');
const PORTAL = '62515';
const ACCOUNTS = 30;
const SEED = 'e2e-console';
/** What `start` seeds each demo company with (server/cli/start.ts). */
const TICKETS_PER_ACCOUNT = 12;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 380, height: 800 };

let child: ChildProcessWithoutNullStreams | null = null;
const output = { stdout: '', stderr: '' };
let dataDir = '';
let consoleUrl = '';
let browser: Browser | null = null;
let page: Page;
const pageErrors: string[] = [];
const expectedNames: string[] = [];

/** Resolves when `check` holds; fails naming `what` (and the last value seen) after `timeoutMs`. */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch {
      // the element is not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `start` as `npm start` runs it, on a free port and its own data directory; resolves with the console URL it prints. */
function startDemo(): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'HUBSPOT_CLIENT_SECRET', 'HUBSPOT_CLIENT_ID', 'DEMO_PORTAL_ID', 'TOKEN_ENCRYPTION_KEY']) delete env[name];
  const started = spawn(process.execPath, ['server/cli.ts', 'start', '--accounts', String(ACCOUNTS), '--seed', SEED], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child = started;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start did not print the console URL within 120 s.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`)), 120_000);
    started.stdout.on('data', (d: Buffer) => {
      output.stdout += d.toString();
      const m = /^\s*console\s+(http:\/\/\S+?)\/?\s/m.exec(output.stdout);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/`);
      }
    });
    started.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited early (${code}).\nstdout: ${output.stdout}\nstderr: ${output.stderr}`));
    });
  });
}

async function stopDemo(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGINT');
  const timer = setTimeout(() => running.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

const rows = () => page.getByTestId('portfolio-row');
const rangeText = () => page.getByTestId('portfolio-range').innerText();
const namesShown = async () => (await page.getByTestId('account-link').allInnerTexts()).map((s) => s.trim());

/** The shown ROB scores in row order ("—" for an account without one, as null). */
async function scoresShown(): Promise<Array<number | null>> {
  const cells = await page.locator('[data-testid="portfolio-row"] td:nth-of-type(1)').allInnerTexts();
  return cells.map((t) => (/\d/.test(t) ? Number(t.replace(/[^\d.]/g, '')) : null));
}

/** Waits for the table to show the page the address asks for (no "Updating…" and the expected range). */
async function settled(range: RegExp): Promise<void> {
  await until(`the range to read ${range}`, rangeText, (t) => range.test(t) && !t.includes('Updating'));
}

async function screenshot(name: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.evaluate('window.scrollTo(0, 0); document.fonts.ready');
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(overflow).toBeLessThanOrEqual(viewport.width);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the page as it is now: every serious or critical violation, described. */
async function axeViolations(): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function attribute(locator: Locator, name: string): Promise<string> {
  const value = await locator.getAttribute(name);
  if (value === null) throw new Error(`no ${name} attribute`);
  return value;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the console's end-to-end test needs Chromium. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'sidecar-console-e2e-'));
  // The sandbox seeds the demo portal from the generator (same seed, as-of the start of today, UTC).
  for (const { snapshot } of generatePortfolio({ seed: SEED, accounts: ACCOUNTS, asOf: startOfUtcDay(Date.now()), ticketsPerAccount: TICKETS_PER_ACCOUNT })) expectedNames.push(snapshot.account.name);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: WIDE, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
  page = await context.newPage();
  // `start` prints the console's address as soon as the sidecar is installed, before the first sync ends.
  consoleUrl = await startDemo();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every non-2xx answer; the 409 of the conflict step is one the page expects.
    if (message.type() === 'error' && !/status of 409 \(Conflict\)/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await stopDemo();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the local console (npm start) in Chromium', () => {
  it('opened during the first sync, fills in by itself: progress, then every demo account across its pages', async () => {
    expect(output.stdout).toContain(`console         ${consoleUrl}`);
    await page.goto(consoleUrl);
    // A reload would drop this mark: the rows must arrive without one.
    await page.evaluate('window.__openedOnce = true');
    await expect(page.getByTestId('portal').innerText()).resolves.toContain(`Demo portal ${PORTAL}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('All accounts');

    await until('every account scored', rangeText, (t) => new RegExp(`^Accounts 1–25 of ${ACCOUNTS}`).test(t), 90_000);
    await expect(page.evaluate('window.__openedOnce === true')).resolves.toBe(true);
    // Once every result is written back, the progress panel says so (or is empty when it never saw the sync).
    await until('the write-back to finish', async () => attribute(page.getByTestId('sync-progress'), 'data-active'), (a) => a === 'false', 60_000);
    await settled(new RegExp(`^Accounts 1–25 of ${ACCOUNTS}`));
    const seen = await namesShown();
    expect(seen).toHaveLength(25);
    await screenshot('portfolio-1280.png', WIDE);

    await page.getByTestId('next-page').click();
    await settled(new RegExp(`^Accounts 26–${ACCOUNTS} of ${ACCOUNTS}`));
    expect(page.url()).toContain('page=2');
    seen.push(...(await namesShown()));
    expect([...seen].sort()).toEqual([...expectedNames].sort());
    await expect(page.getByTestId('next-page').isDisabled()).resolves.toBe(true);

    // One page holding them all.
    await page.getByLabel('Accounts per page').selectOption('50');
    await settled(new RegExp(`^Accounts 1–${ACCOUNTS} of ${ACCOUNTS}`));
    await expect(rows().count()).resolves.toBe(ACCOUNTS);
  }, 180_000);

  it('shows the portfolio at a glance: headline figures, two charts with their numbers, risk and chance of renewing apart', async () => {
    await expect(page.getByTestId('headline-accounts').locator('dd .figure-value').innerText()).resolves.toBe(String(ACCOUNTS));
    await expect(page.getByTestId('headline-arr').innerText()).resolves.toMatch(/\$[\d,]+/);
    await expect(page.getByTestId('headline-arrHigh').innerText()).resolves.toMatch(/ARR at high risk\s+\$[\d,]+/);
    await expect(page.getByTestId('headline-renewals90').innerText()).resolves.toContain('Renewals in the next 90 days');

    // The renewals chart: SVG bars stacked by risk, and its numbers (12 months) behind "Show the numbers".
    const renewals = page.getByTestId('renewals-chart');
    await until('renewal bars', () => renewals.locator('svg .recharts-bar-rectangle').count(), (n) => n > 0);
    await expect(renewals.locator('[role="img"]').getAttribute('aria-label')).resolves.toMatch(/^Upcoming renewals by month \(ARR, by risk level\)\. /);
    await renewals.getByText('Show the numbers').click();
    const months = renewals.getByTestId('renewals-table').locator('tbody tr');
    await expect(months.count()).resolves.toBe(12);
    const renewing = (await renewals.getByTestId('renewals-table').locator('tbody tr td:last-child').allInnerTexts()).reduce((n, t) => n + Number(t), 0);
    expect(renewing).toBeGreaterThan(0);
    expect(renewing).toBeLessThanOrEqual(ACCOUNTS);

    // The ROB distribution: every scored account in one of ten buckets.
    const rob = page.getByTestId('rob-chart');
    await until('ROB bars', () => rob.locator('svg .recharts-bar-rectangle').count(), (n) => n > 0);
    await rob.getByText('Show the numbers').click();
    const buckets = await rob.getByTestId('rob-table').locator('tbody td').allInnerTexts();
    expect(buckets).toHaveLength(10);
    const known = (await scoresShown()).filter((v) => v !== null).length;
    expect(buckets.reduce((n, t) => n + Number(t), 0)).toBe(known);

    // Risk level and the chance of renewing, each in its own labelled column.
    const headers = await page.locator('[data-testid="portfolio-table"] thead th').allInnerTexts();
    expect(headers.map((h) => h.replace(/[\u25B2\u25BC\u21C5]/g, '').trim())).toEqual(['Account', 'ROB score', 'Trend (30 days)', 'Risk level', 'Chance of renewing', 'ARR', 'Renewal date', 'Show-stoppers']);
    const first = rows().first();
    await expect(first.locator('td:nth-of-type(3) .tag').innerText()).resolves.toMatch(/^(High|Medium|Low) risk$|^Not assessed$/);
    // A probability that would round to 0 % or 100 % reads "below 1%" / "above 99%" (format.ts).
    await expect(first.locator('td:nth-of-type(4)').innerText()).resolves.toMatch(/^\d{1,3}%$|^—$|^below 1%$|^above 99%$/);

    expect(await axeViolations()).toEqual([]);
  });

  it('exports the filtered table as CSV', async () => {
    await page.getByLabel('Renewal risk').selectOption('medium');
    const range = await until('the medium-risk range', rangeText, (t) => /of \d+$/.test(t) && !t.includes('Updating') && !t.endsWith(`of ${ACCOUNTS}`));
    const total = Number(/of (\d+)$/.exec(range)![1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^accounts-filtered-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = join(ARTIFACTS, 'accounts-medium.csv');
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Account,Company ID,ROB score,ROB trend (30 days),Risk level,Chance of renewing (%),ARR,Renewal date,Show-stoppers,Status,Computed at');
    expect(lines).toHaveLength(total + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/,Medium risk,\d{1,3},/);
    const exportedNames = lines.slice(1).map((l) => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.slice(0, l.indexOf(','))));
    expect(exportedNames.every((n) => expectedNames.includes(n))).toBe(true);
    await until('the exported notice', async () => page.getByTestId('notice').innerText(), (t) => t.includes(`Exported ${total} account`));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled(new RegExp(`^Accounts 1–${ACCOUNTS} of ${ACCOUNTS}`));
  });

  it('"Recompute all" re-scores every account and the table refreshes without a reload', async () => {
    const before = await (await fetch(`${consoleUrl}console/data/progress`)).json() as { lastComputedAt: string };
    const refreshed = page.waitForResponse((r) => r.url().includes('/companies?') && r.request().method() === 'GET', { timeout: 60_000 });
    await page.getByTestId('recompute-all').click();
    await until('the queued notice', async () => page.getByTestId('notice').innerText(), (t) => t.includes('Recomputing every account'));
    await refreshed;
    const after = await until('newer results', async () => (await (await fetch(`${consoleUrl}console/data/progress`)).json()) as { lastComputedAt: string; syncing: boolean }, (p) => p.lastComputedAt > before.lastComputedAt && !p.syncing, 60_000);
    expect(Date.parse(after.lastComputedAt)).toBeGreaterThan(Date.parse(before.lastComputedAt));
    await expect(page.evaluate('window.__openedOnce === true')).resolves.toBe(true);
  }, 90_000);

  it('sorts by a column and filters by risk and by name', async () => {
    await page.getByTestId('sort-rob').click();
    await until('the address to sort by ROB', () => Promise.resolve(page.url()), (u) => u.includes('sort=rob'));
    await settled(new RegExp(`^Accounts 1–${ACCOUNTS} of ${ACCOUNTS}`));
    // The address changes before React renders the new order: wait for the rows, not just the URL.
    const isAscending = (scores: Array<number | null>) => {
      const k = scores.filter((v): v is number => v !== null);
      return k.length > 0 && k.every((v, i) => i === 0 || k[i - 1]! <= v);
    };
    const ascending = await until('the lowest ROB score first', scoresShown, isAscending);
    const known = ascending.filter((s): s is number => s !== null);
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    await expect(page.locator('th[aria-sort="ascending"]').innerText()).resolves.toContain('ROB score');

    await page.getByTestId('sort-rob').click();
    await until('the address to sort by ROB, descending', () => Promise.resolve(page.url()), (u) => u.includes('order=desc'));
    await until('the highest score first', scoresShown, (s) => s[0] === Math.max(...known));
    await expect(page.locator('th[aria-sort="descending"]').innerText()).resolves.toContain('ROB score');

    // Risk: every row shown is high risk, and the count agrees with the total.
    await page.getByLabel('Renewal risk').selectOption('high');
    await until('the high-risk filter', () => Promise.resolve(page.url()), (u) => u.includes('risk=high'));
    const range = await until('the filtered range', rangeText, (t) => /of \d+$/.test(t) && !t.includes('Updating') && !t.endsWith(`of ${ACCOUNTS}`));
    const total = Number(/of (\d+)$/.exec(range)![1]);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(ACCOUNTS);
    const risks = await page.locator('[data-testid="portfolio-row"] td:nth-of-type(3) .tag').allInnerTexts();
    expect(risks).toHaveLength(total);
    expect(new Set(risks)).toEqual(new Set(['High risk']));

    // Name: typing filters (after a short pause), case-insensitively.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled(new RegExp(`^Accounts 1–${ACCOUNTS} of ${ACCOUNTS}`));
    const target = expectedNames[3]!;
    const fragment = target.split(' ')[0]!.toLowerCase();
    await page.getByLabel('Name contains').fill(fragment);
    await until(`only names containing "${fragment}"`, namesShown, (names) => names.length > 0 && names.length < ACCOUNTS && names.every((n) => n.toLowerCase().includes(fragment)));
    expect(await namesShown()).toContain(target);
    expect(page.url()).toContain(`q=${encodeURIComponent(fragment)}`);
  });

  it('opens an account from the keyboard and shows the company card and "Before you pitch"', async () => {
    const target = expectedNames[3]!;
    const link = page.getByTestId('account-link').filter({ hasText: target }).first();
    await link.focus();
    await page.keyboard.press('Enter');
    await until('the account page', async () => page.getByRole('heading', { level: 1 }).innerText(), (t) => t === target);
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('page-heading');

    const card = page.getByTestId('company-card');
    await card.getByTestId('figure-robScore').waitFor();
    await expect(card.getByTestId('components').locator('tbody tr').count()).resolves.toBe(5);
    await expect(card.getByTestId('next-step').innerText()).resolves.toContain('Next best step');
    await expect(page.getByTestId('pitch-card').getByTestId('verdict').getAttribute('data-verdict')).resolves.toMatch(/^(good_moment|resolve_first|at_risk|unknown)$/);
    // A year of history from the first compute, marked reconstructed, with its numbers.
    await expect(card.getByTestId('history-note').innerText()).resolves.toMatch(/^Points up to .+ are reconstructed/);
    const chart = card.getByTestId('history-chart');
    await chart.getByText('Show the numbers').click();
    expect(await chart.locator('tbody tr').count()).toBeGreaterThanOrEqual(12);
    await expect(chart.locator('.legend').innerText()).resolves.toContain('ROB score (reconstructed)');

    // Contacts with their role, last engagement and open tickets (each contact's own view).
    const contacts = page.getByTestId('contacts');
    await contacts.getByTestId('contact-row').first().waitFor();
    const roles = await contacts.locator('[data-testid="contact-row"] td:nth-of-type(1) .tag').allInnerTexts();
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(['Champion', 'Executive sponsor', 'Admin', 'User', 'Contact']).toContain(role);
    await until('every contact\'s tickets', () => contacts.getByTestId('contact-tickets').allInnerTexts(), (cells) => cells.length > 0 && cells.every((c) => !c.includes('Loading')), 30_000);
    const cells = await contacts.getByTestId('contact-tickets').allInnerTexts();
    for (const c of cells) expect(c).toMatch(/No open tickets\.|opened/);
    expect(await axeViolations()).toEqual([]);
  }, 60_000);

  it('adds an objective and marks it achieved, each save a new plan version', async () => {
    const version = page.getByTestId('plan-version');
    const before = Number(await attribute(version, 'data-version'));
    const statement = `Cut agent onboarding to 5 days (e2e ${Date.now()})`;

    await page.getByTestId('add-objective').click();
    const form = page.getByTestId('objective-form');
    await expect(page.evaluate('document.activeElement && document.activeElement.name')).resolves.toBe('statement');
    // While the form is open no other change can start (the same rule as the HubSpot card's).
    await expect(page.getByTestId('add-objective').isDisabled()).resolves.toBe(true);
    for (const other of await page.locator('[data-testid^="edit-objective-"], [data-testid^="achieve-objective-"]').all()) await expect(other.isDisabled()).resolves.toBe(true);
    // Saving without an outcome is refused, with the message tied to the field.
    await form.getByTestId('save-objective').click();
    await expect(form.getByLabel(/Desired outcome/).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.innerText()).resolves.toContain('Describe the outcome the customer wants.');

    await form.getByLabel(/Desired outcome/).fill(statement);
    await form.getByLabel('Metric', { exact: true }).fill('days to first solved ticket');
    await form.getByLabel('Current value').fill('12');
    await form.getByLabel('Target').fill('5');
    await form.getByLabel(/Importance/).fill('9');
    await form.getByLabel(/Satisfaction/).fill('2');
    await form.getByTestId('save-objective').click();

    await until('the saved notice', async () => page.getByTestId('notice').innerText(), (t) => t.includes('Plan saved.'));
    const row = page.locator('[data-testid^="objective-"]').filter({ hasText: statement });
    await row.waitFor();
    await until('the next plan version', async () => Number(await attribute(version, 'data-version')), (v) => v === before + 1);
    await expect(version.innerText()).resolves.toContain(`Version ${before + 1}, saved by demo.admin@example.com`);
    await expect(row.innerText()).resolves.toContain('16 / 20'); // opportunity = 9 + (9 − 2)
    await expect(page.evaluate('document.activeElement && document.activeElement.dataset.testid')).resolves.toBe('add-objective');

    await row.getByRole('button', { name: /^Mark achieved/ }).click();
    await until('the objective to read Achieved', async () => row.locator('.tag').innerText(), (t) => t === 'Achieved');
    await until('another plan version', async () => Number(await attribute(version, 'data-version')), (v) => v === before + 2);
  });

  it('recomputes and shows when', async () => {
    const computed = page.getByTestId('computed-at');
    const before = Date.parse(await attribute(computed, 'datetime'));
    await page.getByTestId('recompute').click();
    await until('the recomputed notice', async () => page.getByTestId('notice').innerText(), (t) => t.includes('Recomputed'));
    const after = await until('a later computed-at', async () => Date.parse(await attribute(computed, 'datetime')), (t) => t > before);
    expect(after).toBeGreaterThan(before);
    await expect(computed.innerText()).resolves.toBe('Computed just now');
    await expect(page.getByTestId('recompute').innerText()).resolves.toBe('Recompute');
  });

  it('shows a save made meanwhile by someone else (409) and re-applies the change on top of it', async () => {
    const companyId = /#\/companies\/(\d+)/.exec(page.url())![1]!;
    const version = page.getByTestId('plan-version');
    const shown = Number(await attribute(version, 'data-version'));
    const row = page.locator('[data-testid^="objective-"]').filter({ hasText: 'Cut agent onboarding' });

    // Another CSM saves first: their card's request, relayed by HubSpot (signed, with their user id and email).
    const api = `${consoleUrl}api/v1/hubspot/${PORTAL}/companies/${companyId}`;
    const secret = (JSON.parse(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')) as { clientSecret: string }).clientSecret;
    const asOther = (method: string, url: string, body = '') => {
      const relayed = withHubSpotFetchParams(url, { userId: 9100777, portalId: PORTAL, userEmail: 'other.csm@example.com' });
      const headers = { ...hubSpotSignatureHeaders({ secret, method, url: relayed, rawBody: body, timestamp: Date.now() }), ...(body ? { 'content-type': 'application/json' } : {}) };
      return fetch(relayed, { method, headers, ...(body ? { body } : {}) });
    };
    const view = (await (await asOther('GET', `${api}/success`)).json()) as { plan: { version: number; objectives: object[] } };
    expect(view.plan.version).toBe(shown);
    const theirs = 'Roll out SSO to every team';
    const saved = await asOther('PUT', `${api}/objectives`, JSON.stringify({ expectedVersion: shown, objectives: [...view.plan.objectives, { statement: theirs, importance: 6, satisfaction: 3 }] }));
    expect(saved.status).toBe(200);

    await row.getByRole('button', { name: /^Edit/ }).click();
    const form = page.getByTestId('objective-form');
    await form.getByLabel('Target').fill('4');
    await form.getByTestId('save-objective').click();

    const conflict = page.getByTestId('plan-conflict');
    await conflict.waitFor();
    await expect(conflict.innerText()).resolves.toContain(`Version ${shown + 1} was saved by other.csm@example.com`);
    await expect(conflict.innerText()).resolves.toContain(theirs);
    await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe('Someone else changed this plan');
    await conflict.getByTestId('reapply').click();

    await until('the re-applied version', async () => Number(await attribute(version, 'data-version')), (v) => v === shown + 2);
    await conflict.waitFor({ state: 'detached' });
    await expect(page.locator('[data-testid^="objective-"]').filter({ hasText: theirs }).count()).resolves.toBe(1);
    await until('our change on their version', async () => row.innerText(), (t) => t.includes('target 4'));
  });

  it('fits 1280 px and a 380 px sidebar without scrolling sideways (screenshots)', async () => {
    await screenshot('account-1280.png', WIDE);
    await screenshot('account-380.png', NARROW);
    await page.getByTestId('back').click();
    await page.getByTestId('portfolio-table').waitFor();
    await expect(page.getByLabel('Name contains').inputValue()).resolves.not.toBe(''); // Back keeps the filters
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Accounts per page').selectOption('10');
    await settled(new RegExp(`^Accounts 1–10 of ${ACCOUNTS}$`));
    await screenshot('portfolio-380.png', NARROW);
    await page.setViewportSize(WIDE);
    expect(pageErrors).toEqual([]);
  });

  it('edits the settings from the keyboard: weights must add up to 100 %, a preview on real accounts, then saved', async () => {
    await page.getByTestId('nav-settings').focus();
    await page.keyboard.press('Enter');
    await until('the settings page', async () => page.getByRole('heading', { level: 1 }).innerText(), (t) => t === 'Settings');
    const form = page.getByTestId('settings-form');
    await form.waitFor();
    const weight = (k: string) => form.locator(`input[name="weight_${k}"]`);
    const usage = Number(await weight('usage').inputValue());
    const burden = Number(await weight('ticketBurden').inputValue());
    expect(burden).toBeGreaterThanOrEqual(5);

    // Off by 5: the total says so, tied to nothing saved, and preview waits.
    await weight('usage').fill(String(usage + 5));
    await until('the sum error', () => page.getByTestId('weights-error').innerText(), (t) => /100/.test(t));
    await expect(page.getByTestId('preview-settings').isDisabled()).resolves.toBe(true);
    await weight('ticketBurden').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(burden - 5));
    await page.getByTestId('weights-error').waitFor({ state: 'detached' });

    await page.getByTestId('preview-settings').click();
    const previewRows = page.getByTestId('settings-preview').getByTestId('preview-row');
    await previewRows.first().waitFor();
    expect(await previewRows.count()).toBeGreaterThan(0);
    await expect(previewRows.first().innerText()).resolves.toMatch(/→/);

    await page.getByTestId('save-settings').click();
    await until('the saved notice', async () => page.getByTestId('notice').innerText(), (t) => t.includes('Settings saved'));
    await until('the saved weight read back', () => weight('usage').inputValue(), (v) => Number(v) === usage + 5);

    // The renewal model and the failed write-backs, as the bridge serves them to the page.
    const api = `${consoleUrl}console/api/v1/hubspot/${PORTAL}`;
    const model = (await (await fetch(`${api}/settings/model`)).json()) as { inUse: { source: string }; latest: null | { mode: string; backtest: { reliability: Array<{ count: number }> } } };
    const section = page.getByTestId('renewal-model');
    await until('the model in use', () => section.getByTestId('model-in-use').innerText(), (t) => t.startsWith('Results use the'));
    if (model.latest) {
      // "Learned from" only when a model was learned; a fit that kept the default model says so.
      await expect(section.getByTestId('model-learned-from').innerText()).resolves.toMatch(model.latest.mode === 'global' ? /^Nothing learned yet: \d+ renewals? checked on / : /^Learned from \d+ renewals? on /);
      await expect(section.getByTestId('model-coefficients-help').innerText()).resolves.toMatch(/^Above 0 a factor raises/);
      const chart = section.getByTestId('reliability-chart');
      await expect(chart.locator('.recharts-surface').count()).resolves.toBe(1);
      await expect(chart.locator('[role="img"]').getAttribute('aria-label')).resolves.toMatch(/^Predicted against actual/);
      await chart.getByText('Show the numbers').click();
      const deciles = model.latest.backtest.reliability.filter((r) => r.count > 0).length;
      await expect(chart.getByTestId('model-reliability').locator('tbody tr').count()).resolves.toBe(deciles);
      await expect(chart.locator('.recharts-scatter-symbol').count()).resolves.toBe(deciles);
      await expect(section.getByTestId('model-levels').locator('tbody tr').count()).resolves.toBe(3);
    } else await expect(section.innerText()).resolves.toContain('No model has been learned yet');
    const failures = (await (await fetch(`${api}/write-failures`)).json()) as { items: unknown[] };
    const written = page.getByTestId('write-failures');
    if (failures.items.length === 0) await until('no failed write-backs', () => written.getByTestId('write-failures-none').innerText(), (t) => t.includes('nothing failed'));
    else await until('the failed write-backs', () => written.getByTestId('write-failure-row').count(), (n) => n === failures.items.length);
    expect(await axeViolations()).toEqual([]);
    await screenshot('settings-1280.png', WIDE);
    await screenshot('settings-380.png', NARROW);
    await page.setViewportSize(WIDE);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('switches to the Salesforce org and opens an Account card as Salesforce posts it: ROB, risk, plan', async () => {
    const org = /demo org\s+(00D[A-Za-z0-9]{15}) — (\d+) accounts scored/.exec(output.stdout);
    expect(org?.[2]).toBe(String(ACCOUNTS));
    await page.goto(consoleUrl);
    await page.getByTestId('crm-salesforce').click();
    await until('the org in the header', () => page.getByTestId('portal').innerText(), (t) => t.includes(`Demo org ${org![1]}`));
    await until('every org account listed', () => page.getByTestId('salesforce-row').count(), (n) => n === ACCOUNTS, 60_000);
    const link = page.getByTestId('salesforce-account-link').first();
    const name = (await link.innerText()).trim();
    await link.click();
    expect(page.url()).toMatch(/#\/salesforce\/accounts\/001[A-Za-z0-9]{15}$/);
    const frame = page.frameLocator('[data-testid="salesforce-card-frame"]');
    await until('the account name in the Canvas card', () => frame.getByTestId('account-name').innerText(), (t) => t === name, 60_000);
    const card = await until('the company card with ROB, risk and plan', () => frame.getByTestId('company-card').innerText(), (t) => /ROB/.test(t) && /renew/i.test(t) && /plan/i.test(t), 60_000);
    expect(card).toMatch(/\d/);
    await frame.getByTestId('verdict').waitFor();
    await expect(frame.getByTestId('pitch-card').innerText()).resolves.toMatch(/\S/);
    await screenshot('salesforce-card-1280.png', WIDE);
    // And back to the HubSpot portal.
    await page.getByTestId('crm-hubspot').click();
    await until('the portal in the header', () => page.getByTestId('portal').innerText(), (t) => t.includes(`Demo portal ${PORTAL}`));
    await until('the HubSpot portfolio', rangeText, (t) => t.includes(`of ${ACCOUNTS}`));
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
