import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountResult } from '../../server/domain/result.ts';
import { runCli } from '../helpers/cli.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const contract = readFileSync(new URL('../fixtures/contract-snapshot.json', import.meta.url), 'utf8');
const oneLine = JSON.stringify(JSON.parse(contract));

describe('cli --version', () => {
  it('prints the version and runs on Node 24 or later', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    const major = Number(/\(node v(\d+)\./.exec(run.stdout)?.[1]);
    expect(major).toBeGreaterThanOrEqual(24);
  });
});

describe('cli schema', () => {
  it('prints the snapshot, result and config contracts as JSON Schema', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    const schemas = JSON.parse(run.stdout) as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas)).toEqual(['AccountSnapshot', 'AccountResult', 'EngineConfig']);
    expect(Object.keys(schemas.AccountSnapshot!.properties)).toEqual(expect.arrayContaining(['asOf', 'account', 'usage', 'tickets', 'contacts', 'engagements', 'renewals', 'objectives']));
    expect(Object.keys(schemas.AccountResult!.properties)).toEqual(expect.arrayContaining(['accountId', 'asOf', 'status', 'rob', 'savings', 'risk', 'plan', 'properties']));
  });
});

describe('cli generate', () => {
  it('is deterministic for a seed and as-of date, and differs across seeds', async () => {
    const a = await runCli(['generate', '--accounts', '5', '--seed', 'x', '--as-of', AS_OF]);
    const b = await runCli(['generate', '--accounts', '5', '--seed', 'x', '--as-of', AS_OF]);
    const c = await runCli(['generate', '--accounts', '5', '--seed', 'y', '--as-of', AS_OF]);
    expect(a.code).toBe(0);
    expect(a.stdout.trim().split('\n')).toHaveLength(5);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('rejects a missing account count and a bad date clearly', async () => {
    expect(await runCli(['generate'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--accounts') });
    expect(await runCli(['generate', '--accounts', '2', '--as-of', 'yesterday'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--as-of') });
  });
});

describe('cli score', () => {
  it('stops quietly when the reader goes away (score … | head): exit 0, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'score-epipe-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${Array.from({ length: 400 }, () => oneLine).join('\n')}\n`);
    const child = spawn(process.execPath, ['server/cli.ts', 'score', '--input', file], { cwd: new URL('../../', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let lines = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      lines += d.toString().split('\n').length - 1;
      child.stdout.destroy(); // the reader has what it wanted
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(lines).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('streams generated snapshots to valid results, one line each', async () => {
    const gen = await runCli(['generate', '--accounts', '20', '--seed', 's', '--as-of', AS_OF]);
    const run = await runCli(['score', '--input', '-'], gen.stdout);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const results = run.stdout.trim().split('\n').map((l) => AccountResult.parse(JSON.parse(l)));
    expect(results.map((r) => r.accountId)).toEqual(gen.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { account: { id: string } }).account.id));
  });

  it('reports bad lines with their number and failing path, scores the rest and exits 2', async () => {
    const badPriority = JSON.parse(contract) as { tickets: Array<{ priority: string }> };
    badPriority.tickets[0]!.priority = 'critical';
    const input = [oneLine, '{not json', JSON.stringify(badPriority), '', oneLine].join('\n') + '\n';
    const run = await runCli(['score', '--input', '-'], input);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(run.stderr).toMatch(/^line 3: tickets\.0\.priority: /m);
    expect(run.stderr).toContain('2 of 4 lines could not be scored');
  });

  it('reads a file and applies a configuration file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-cli-'));
    writeFileSync(join(dir, 'in.jsonl'), `${oneLine}\n`);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ costPerSupportHour: 100, currency: 'EUR' }));
    const run = await runCli(['score', '--input', join(dir, 'in.jsonl'), '--config', join(dir, 'config.json')]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { savings: { currency: string } }).savings.currency).toBe('EUR');
  });

  it('names the problem when the input or config cannot be used', async () => {
    expect(await runCli(['score', '--input', '/nonexistent.jsonl'])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read /nonexistent.jsonl: no such file') });
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-cli-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ componentWeights: { usage: -5 } }));
    const run = await runCli(['score', '--input', '-', '--config', join(dir, 'config.json')], oneLine);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('componentWeights.usage');
    expect(run.stdout).toBe('');
  });
});

describe('cli demo', () => {
  it('scores a small demo portfolio and prints a readable summary', async () => {
    const run = await runCli(['demo', '--accounts', '30', '--top', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('30 generated customers');
    expect(run.stdout).toMatch(/renewal risk: \d+ high, \d+ medium, \d+ low/);
    expect(run.stdout).toContain('Next best step');
  });
});
