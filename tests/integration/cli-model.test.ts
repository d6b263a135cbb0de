// calibrate, score --calibration and backtest, run as the real CLI processes.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALIBRATION_RULES } from '../../server/domain/calibrate.ts';
import { GLOBAL_RISK_MODEL, MAX_LOG_ODDS } from '../../server/domain/risk-model.ts';
import { CALIBRATION_FORMAT, CalibrationFile } from '../../server/domain/calibration-file.ts';
import { AccountResult } from '../../server/domain/result.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-model-'));
const portfolio = join(dir, 'portfolio.jsonl');
const calibrationPath = join(dir, 'calibration.json');

describe('calibrate, score --calibration, backtest', () => {
  it('fits a calibration from the renewal history, scores and backtests with it', async () => {
    const gen = await runCli(['generate', '--accounts', '400', '--seed', 'cli-model', '--as-of', '2026-11-01', '--history-days', '730', '--out', portfolio]);
    expect(gen.code).toBe(0);

    const cal = await runCli(['calibrate', '--input', portfolio, '--out', calibrationPath]);
    expect(cal.stderr).toBe('');
    expect(cal.code).toBe(0);
    const line = JSON.parse(cal.stdout) as { mode: string; renewals: number; before: { ece: number; auc: number }; after: { ece: number; auc: number } };
    expect(cal.stdout.trim().split('\n')).toHaveLength(1);
    expect(line.renewals).toBeGreaterThan(300);
    expect(line.mode).not.toBe('global');
    expect(line.after.ece).toBeLessThan(line.before.ece);
    const file = CalibrationFile.parse(JSON.parse(readFileSync(calibrationPath, 'utf8')));
    expect(file.model.version).toMatch(/^(fitted|recalibrated)-2026-\d\d-\d\d-n\d+$/);
    expect(file.fittedOn.renewals).toBe(line.renewals);
    expect(file.coefficients.find((c) => c.factor === 'champion_lost')!.global).toBe(-0.9);
    // Far inside the bounds a calibration file is held to.
    expect(Math.max(Math.abs(file.model.intercept), ...Object.values(file.model.coefficients).map(Math.abs))).toBeLessThan(MAX_LOG_ODDS / 10);
    // The newest renewals' level was checked against the model kept, on the time split's held-out block.
    expect(file.levelShift).toMatchObject({ threshold: CALIBRATION_RULES.levelShiftZ });
    expect(file.levelShift!.renewals).toBeGreaterThan(0);
    expect((JSON.parse(cal.stdout) as { levelShift: unknown }).levelShift).toEqual(file.levelShift);

    const plain = await runCli(['score', '--input', portfolio]);
    const calibrated = await runCli(['score', '--input', portfolio, '--calibration', calibrationPath]);
    expect(calibrated.code).toBe(0);
    const a = plain.stdout.trim().split('\n').map((l) => AccountResult.parse(JSON.parse(l)));
    const b = calibrated.stdout.trim().split('\n').map((l) => AccountResult.parse(JSON.parse(l)));
    expect(b).toHaveLength(400);
    expect(b.filter((r, i) => r.risk.renewalProbability !== a[i]!.risk.renewalProbability).length).toBeGreaterThan(300);
    expect(b.map((r) => r.rob.score)).toEqual(a.map((r) => r.rob.score));

    const global = JSON.parse((await runCli(['backtest', '--input', portfolio])).stdout) as { modelVersion: string; ece: number; auc: number; renewals: number; reliability: unknown[]; levels: Record<string, { count: number }>; aucInterval: number[] };
    const withCal = JSON.parse((await runCli(['backtest', '--input', portfolio, '--calibration', calibrationPath])).stdout) as typeof global;
    expect(global.modelVersion).toBe(GLOBAL_RISK_MODEL.version);
    expect(withCal.modelVersion).toBe(file.model.version);
    expect(withCal.renewals).toBe(global.renewals);
    expect(withCal.ece).toBe(line.after.ece);
    expect(global.ece).toBe(line.before.ece);
    expect(global.reliability).toHaveLength(10);
    expect(global.aucInterval).toHaveLength(2);
  }, 120_000); // four CLI processes over a 400-account portfolio: it overran 30 s under load (CI at 8ea3dec, load average 7 on two cores)

  it('backtests at another horizon from standard input', async () => {
    const input = readFileSync(portfolio, 'utf8');
    const run = await runCli(['backtest', '--input', '-', '--horizon', '90'], input);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ horizonDays: 90, accounts: 400 });
  });

  it('exits 2 with a clear message when there is too little history, and 1 on a bad calibration file', async () => {
    const small = join(dir, 'small.jsonl');
    expect((await runCli(['generate', '--accounts', '15', '--seed', 'few', '--as-of', '2026-11-01', '--out', small])).code).toBe(0);
    const out = join(dir, 'never.json');
    const run = await runCli(['calibrate', '--input', small, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Too little history to learn from: \d+ renewals/);
    expect(() => readFileSync(out)).toThrow();

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'something-else' }));
    const score = await runCli(['score', '--input', small, '--calibration', bad]);
    expect(score.code).toBe(1);
    expect(score.stderr).toContain(`is in format "something-else"; this version reads "${CALIBRATION_FORMAT}": run calibrate again`);
    expect((await runCli(['calibrate', '--input', small])).stderr).toContain('--out');

    // backtest says so too, as calibrate does, rather than print an AUC from a handful of renewals as if it meant something.
    const judged = await runCli(['backtest', '--input', small]);
    expect(judged.code).toBe(2);
    expect(judged.stderr).toMatch(/^error: too little history to judge the model by: \d+ renewals \(\d+ won, \d+ lost\).*; at least 40 with 20 of each outcome are needed/m);
    expect(JSON.parse(judged.stdout)).toMatchObject({ accounts: 15 });
  });

  it('refuses a hand-edited calibration, an input that is not a file and a horizon out of range, saying why in words', async () => {
    const file = JSON.parse(readFileSync(calibrationPath, 'utf8')) as CalibrationFile;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...file, model: { ...file.model, coefficients: { ...file.model.coefficients, tenur: 2 } } }));
    const typo = await runCli(['score', '--input', portfolio, '--calibration', edited]);
    expect([typo.code, typo.stdout]).toEqual([1, '']);
    expect(typo.stderr).toContain('weighs factors this version does not know: tenur');

    expect(await runCli(['backtest', '--input', join(dir, 'absent.jsonl')])).toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot read ${join(dir, 'absent.jsonl')}: no such file`) });
    expect(await runCli(['calibrate', '--input', dir, '--out', join(dir, 'x.json')])).toMatchObject({ code: 1, stderr: expect.stringContaining('it is a directory, not a file') });
    for (const horizon of ['0', '45.5', '366']) {
      expect(await runCli(['backtest', '--input', portfolio, '--horizon', horizon])).toMatchObject({ code: 1, stderr: expect.stringContaining(`--horizon must be a whole number of days from 1 to 365, got "${horizon}"`) });
    }
  });

  it('refuses a calibration whose weights or cut-offs no fit could produce, naming the field', async () => {
    const file = JSON.parse(readFileSync(calibrationPath, 'utf8')) as CalibrationFile;
    const cases: [string, string, string][] = [
      ['huge coefficient', JSON.stringify({ ...file, model: { ...file.model, coefficients: { ...file.model.coefficients, tenure: 1e6 } } }), `model.coefficients.tenure: a coefficient must be between −${MAX_LOG_ODDS} and ${MAX_LOG_ODDS} log-odds`],
      // JSON has no Infinity, but 1e999 reads as one.
      ['infinite intercept', JSON.stringify({ ...file, model: { ...file.model, intercept: 0 } }).replace('"intercept":0', '"intercept":1e999'), 'model.intercept: the intercept must be a finite number of log-odds'],
      ['cut-off above 1', JSON.stringify({ ...file, model: { ...file.model, levels: { high: 0.5, medium: 1.5 } } }), 'model.levels.medium: a risk-level cut-off is a probability, from 0 to 1'],
      ['cut-offs out of order', JSON.stringify({ ...file, model: { ...file.model, levels: { high: 0.8, medium: 0.6 } } }), 'model.levels: levels.high must not exceed levels.medium'],
    ];
    for (const [name, text, message] of cases) {
      const path = join(dir, `${name.replaceAll(' ', '-')}.json`);
      writeFileSync(path, text);
      for (const command of ['score', 'backtest']) {
        const run = await runCli([command, '--input', portfolio, '--calibration', path]);
        expect({ name, command, code: run.code, stdout: run.stdout }).toEqual({ name, command, code: 1, stdout: '' });
        expect(run.stderr).toContain(`calibration file ${path} is not a valid calibration: ${message}`);
      }
    }
  }, 60_000); // eight CLI processes

  it('never loses an input line without a word: calibrate refuses to fit on part of the input, backtest and score exit 2 naming the count', async () => {
    const lines = readFileSync(portfolio, 'utf8').trimEnd().split('\n');
    const damaged = join(dir, 'damaged.jsonl');
    // Line 3 is not JSON, line 8 is a snapshot without its account.
    const noAccount = JSON.parse(lines[6]!) as Record<string, unknown>;
    delete noAccount.account;
    writeFileSync(damaged, [...lines.slice(0, 2), '{"accountId": ', ...lines.slice(2, 6), JSON.stringify(noAccount), ...lines.slice(7)].join('\n') + '\n');
    const out = join(dir, 'from-damaged.json');

    const cal = await runCli(['calibrate', '--input', damaged, '--out', out]);
    expect(cal.code).toBe(2);
    expect(cal.stdout).toBe('');
    expect(cal.stderr).toMatch(/^line 3: not valid JSON/m);
    expect(cal.stderr).toMatch(/^line 8: account: /m);
    expect(cal.stderr).toContain(`error: 2 of ${lines.length + 1} lines could not be read (lines 3, 8; each is reported above); no calibration written`);
    expect(() => readFileSync(out)).toThrow();

    const back = await runCli(['backtest', '--input', damaged]);
    expect(back.code).toBe(2);
    expect(JSON.parse(back.stdout)).toMatchObject({ accounts: lines.length - 1, badLines: 2 });
    expect(back.stderr).toContain(`error: 2 of ${lines.length + 1} lines could not be read (lines 3, 8; each is reported above); the figures are from the others`);

    const score = await runCli(['score', '--input', damaged]);
    expect(score.code).toBe(2);
    expect(score.stderr).toContain(`2 of ${lines.length + 1} lines could not be scored (lines 3, 8; each is reported above); the others were.`);
  }, 60_000);

  it("backtests a calibration at the horizon it was fitted at, and says so when told another", async () => {
    const file = JSON.parse(readFileSync(calibrationPath, 'utf8')) as CalibrationFile;
    const at60 = join(dir, 'at-60.json');
    writeFileSync(at60, JSON.stringify({ ...file, horizonDays: 60 }));
    const own = await runCli(['backtest', '--input', portfolio, '--calibration', at60]);
    expect(own.code).toBe(0);
    expect(own.stderr).toBe('');
    expect(JSON.parse(own.stdout)).toMatchObject({ horizonDays: 60, modelVersion: file.model.version });
    const told = await runCli(['backtest', '--input', portfolio, '--calibration', at60, '--horizon', '30']);
    expect(JSON.parse(told.stdout)).toMatchObject({ horizonDays: 30 });
    expect(told.stderr).toBe('note: the calibration was fitted scoring renewals 60 days before they closed; this backtest scores them 30 days before\n');
  });
});
