// An org's renewal model switched from the Canvas card (server/http/routes/salesforce-settings.ts):
// when the org has a learned model in use, an admin's switch to the global model, with the token a
// verified Canvas request gave them, asks for the org's recompute (as HubSpot's does), and so does
// the switch back; a choice that changes nothing asks for nothing. The learned model is fitted by
// the org's CalibrationService on renewals stored as its backtest rows (outcomes drawn from a model
// that weighs a lost champion twice as much as the global one).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelView } from '../../server/api/contracts.ts';
import { GLOBAL_RISK_MODEL, logOdds, sigmoid } from '../../server/domain/risk-model.ts';
import { seededRandom } from '../../server/domain/seeded-random.ts';
import { canvasEnvelope, CANVAS_SECRET, signCanvasRequest } from '../helpers/canvas.ts';
import { cardTokenOf, postCanvas, startCanvasStack, type CanvasStack } from '../helpers/canvas-stack.ts';
import { normalFrom, spreadFactors } from '../helpers/risk-rows.ts';

const CRM = 'salesforce';
const DAY = 86_400_000;
let stack: CanvasStack;
let token = '';

beforeAll(async () => {
  stack = await startCanvasStack({ accounts: 3 });
  const org = stack.sandbox.orgs[0]!;
  await stack.store.admins.add(CRM, stack.orgId, { userId: org.userId }, 'test');
  const accountId = stack.sandbox.seeded(stack.orgId)[0]!.accountId;
  const page = await postCanvas(stack.url, signCanvasRequest(canvasEnvelope({ orgId: stack.orgId, accountId, userId: org.userId, oauthToken: org.accessToken, instanceUrl: stack.sandbox.url }), { secret: CANVAS_SECRET }));
  expect(page.status).toBe(200);
  token = cardTokenOf(await page.text());

  const truth = { ...GLOBAL_RISK_MODEL, version: 'truth', intercept: 1.2, coefficients: { ...GLOBAL_RISK_MODEL.coefficients, champion_lost: 2 * GLOBAL_RISK_MODEL.coefficients.champion_lost! } };
  const random = seededRandom(1);
  const normal = normalFrom(random);
  const start = Date.parse('2024-01-01');
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const x = spreadFactors(random, normal);
    const closeDate = new Date(start + Math.floor((i * 365 * DAY) / 3000)).toISOString().slice(0, 10);
    return { renewalId: `r-${i}`, closeDate, at: new Date(Date.parse(closeDate) - 30 * DAY).toISOString(), renewed: random() < sigmoid(logOdds(truth, x)), x, marks: [] };
  });
  await stack.store.riskModels.replaceBacktest(CRM, stack.orgId, '001000000000009AAA', { rows, skipped: [] });
  const fitted = await stack.calibration.calibratePortal(stack.orgId);
  expect(fitted).toMatchObject({ status: 'fitted', activated: true });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const choose = async (use: 'global' | 'learned') => {
  const answer = await fetch(`${stack.url}/api/v1/salesforce/${stack.orgId}/settings/model`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ use }) });
  expect(answer.status).toBe(200);
  return ModelView.parse(await answer.json());
};

describe("an org's renewal model switched from the Canvas card", () => {
  it('the learned model in use: a switch to the global one and back each ask for the org to be recomputed; a choice that changes nothing does not', async () => {
    stack.modelChanges.length = 0;
    const learned = (await stack.calibration.view(stack.orgId)).inUse;
    expect(learned.source).toBe('learned');

    expect((await choose('global')).inUse).toEqual({ version: GLOBAL_RISK_MODEL.version, source: 'pinned_global' });
    expect(stack.modelChanges).toEqual([stack.orgId]);
    expect(await stack.calibration.activeModel(stack.orgId)).toBeNull();

    await choose('global');
    expect(stack.modelChanges).toEqual([stack.orgId]);

    expect((await choose('learned')).inUse).toEqual(learned);
    expect(stack.modelChanges).toEqual([stack.orgId, stack.orgId]);
    expect((await stack.calibration.activeModel(stack.orgId))?.version).toBe(learned.version);
  });
});
