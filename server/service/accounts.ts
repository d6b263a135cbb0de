// What the card routes do, CRM-neutral in shape: the success view of a company (from the store in
// milliseconds, or computed on demand), recompute, a contact's view, the CSM's objectives, the
// portfolio. A computed result, its history row and its outbox entry are saved together; the
// outbox is written to the CRM by the drain job.
import { randomUUID } from 'node:crypto';
import type { ContactView, ObjectivesBody, Portfolio, PortfolioQuery as PortfolioQueryContract, SettingsPreview, StoredPlan, SuccessView } from '../api/contracts.ts';
import { scoreAccount, type EngineDeps } from '../domain/engine.ts';
import { parseEngineConfig } from '../domain/engine-config.ts';
import { contactLabel } from '../domain/contact-names.ts';
import type { AccountResult } from '../domain/result.ts';
import { SentimentCache } from '../domain/sentiment/cache.ts';
import { ContactRole, type AccountSnapshot } from '../domain/snapshot.ts';
import type { CrmKind, LoadedAccount, LoadResult, TenantCrm } from '../crm/port.ts';
import type { Transaction } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import type { SuccessPlan } from '../store/plans.ts';
import { changedProperties } from '../sync/diff.ts';
import { reconstructHistory } from './backfill.ts';
import type { z } from 'zod';
import type { CalibrationService } from './calibration.ts';
import { GLOBAL_RISK_MODEL } from '../domain/risk-model.ts';
import { ServiceError } from './errors.ts';
import { ViewCache } from './view-cache.ts';


export interface AccountServiceOptions {
  store: Store;
  /** The CRM of this service's tenants (one AccountService per configured CRM kind). */
  crm: TenantCrm;
  /** Ask the drain job to write a portal's outbox (inside `tx` when given: the job exists iff it commits). */
  drain: (portalId: string, tx?: Transaction) => Promise<void>;
  /** Ask for a debounced recompute in the background (webhooks, objective edits), inside `tx` when given. */
  requestRecompute: (portalId: string, accountId: string, reason: string, tx?: Transaction) => Promise<void>;
  now?: () => number;
  /** How long a card request waits for a cold account before answering "computing" (default 5 s, well under the card's 8 s fetch timeout). */
  coldBudgetMs?: number;
  /** How long a company the CRM does not have is answered 404 without asking the CRM again (default 60 s). */
  missingTtlMs?: number;
  /** Ready views cached in memory (see view-cache.ts); null TTL when no other process writes. */
  viewCacheTtlMs?: number | null;
  /** The portal's learned renewal model, and where each scored account's backtest rows go. */
  calibration?: CalibrationService;
}

/** What became of one account of `recomputeMany`. */
export type RecomputeOutcome =
  | { status: 'saved'; changed: boolean }
  /** The CRM does not have the company (deleted, merged, another portal's id): retrying cannot help. */
  | { status: 'missing' }
  | { status: 'failed'; error: Error };

export interface RecomputeBatch {
  outcomes: Map<string, RecomputeOutcome>;
  saved: number;
  /** Stores the saved accounts' backtest rows (what `recompute` does with each save). */
  recordBacktests: () => Promise<void>;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const toIso = (d: Date | null) => (d === null ? null : d.toISOString());

function planView(plan: SuccessPlan): StoredPlan {
  return { version: plan.version, objectives: plan.objectives, updatedBy: plan.updatedBy, updatedAt: toIso(plan.updatedAt) };
}

export class AccountService {
  readonly #o: AccountServiceOptions;
  /** The CRM kind every store call is keyed by. */
  readonly #kind: CrmKind;
  readonly #now: () => number;
  readonly #sentiment = new SentimentCache();
  /** Computations in flight per account: a poll or a retry joins the running one. */
  readonly #inFlight = new Map<string, Promise<LoadedAccount>>();
  readonly #views: ViewCache<Extract<SuccessView, { state: 'ready' }>>;
  /** Companies the CRM said it does not have, until when (a card polling a deleted id costs no CRM calls). */
  readonly #missing = new Map<string, number>();

  constructor(options: AccountServiceOptions) {
    this.#o = options;
    this.#kind = options.crm.kind;
    this.#now = options.now ?? Date.now;
    this.#views = new ViewCache({ ttlMs: options.viewCacheTtlMs === undefined ? 2_000 : options.viewCacheTtlMs });
  }

  /** The CRM these accounts live in. */
  get kind(): CrmKind {
    return this.#o.crm.kind;
  }

  /** Forget the cached view of an account after something about it changed. */
  invalidate(portalId: string, accountId: string): void {
    this.#views.delete(`${portalId}/${accountId}`);
  }

  /** The portal's engine: its settings, and its learned renewal model when one is in use. */
  async engineFor(portalId: string): Promise<EngineDeps> {
    const [settings, learned] = await Promise.all([this.#o.store.settings.get(this.#kind, portalId), this.#o.calibration?.activeModel(portalId) ?? null]);
    return { config: parseEngineConfig(learned ? { ...settings.engine, riskModel: learned } : settings.engine), sentiment: this.#sentiment };
  }

  /** The CSM's saved objectives replace the CRM's (which HubSpot does not hold) once a plan exists. */
  async #withPlan(portalId: string, snapshot: AccountSnapshot): Promise<AccountSnapshot> {
    const plan = await this.#o.store.plans.get(this.#kind, portalId, snapshot.account.id);
    return plan.version > 0 ? { ...snapshot, objectives: plan.objectives } : snapshot;
  }

  /** Reads the account from the CRM, scores it and stores the result (with its outbox entry). */
  recompute(portalId: string, companyId: string): Promise<LoadedAccount> {
    const key = `${portalId}/${companyId}`;
    let running = this.#inFlight.get(key);
    if (!running) {
      running = this.#compute(portalId, companyId).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, running);
    }
    return running;
  }

  /**
   * Recomputes several accounts of one portal: one `loadAccounts` per CRM read batch instead of one
   * per account, then each account scored and saved exactly as `recompute` saves it, but without a
   * drain job per account: the caller drains once for the batch (`saved`: how many results were
   * stored), then calls `recordBacktests` (the calibration rows, CPU-heavy, which the write-back
   * need not wait for). One account's failure is its own outcome; the others are saved regardless.
   */
  async recomputeMany(portalId: string, companyIds: readonly string[]): Promise<RecomputeBatch> {
    const outcomes = new Map<string, RecomputeOutcome>();
    const scored: AccountSnapshot[] = [];
    const wanted = [...new Set(companyIds)].filter((id) => {
      if (!this.#knownMissing(portalId, id)) return true;
      outcomes.set(id, { status: 'missing' });
      return false;
    });
    const adapter = wanted.length === 0 ? null : await this.#o.crm.adapter(portalId);
    const engine = wanted.length === 0 ? null : await this.engineFor(portalId);
    const recordBacktests = async () => {
      for (const snapshot of scored) await this.#o.calibration?.recordBacktest(portalId, snapshot.account.id, snapshot, engine!);
    };
    if (!adapter || !engine) return { outcomes, saved: 0, recordBacktests };
    let saved = 0;
    for (let i = 0; i < wanted.length; i += adapter.limits.readBatch) {
      const chunk = wanted.slice(i, i + adapter.limits.readBatch);
      let loaded: LoadResult;
      try {
        loaded = await adapter.loadAccounts(chunk, new Date(this.#now()).toISOString());
      } catch (error) {
        // The load as a whole failed (the CRM is down, the token was refused): every account of it.
        for (const id of chunk) outcomes.set(id, { status: 'failed', error: asError(error) });
        continue;
      }
      for (const problem of [...loaded.invalid, ...loaded.unreadable]) outcomes.set(problem.accountId, { status: 'failed', error: new ServiceError(502, 'crm_data_unusable', problem.message) });
      for (const id of loaded.missing) {
        this.#rememberMissing(portalId, id);
        outcomes.set(id, { status: 'missing' });
      }
      for (const account of loaded.accounts) {
        try {
          const snapshot = await this.#withPlan(portalId, account.snapshot);
          const changed = await this.saveScored(portalId, { ...account, snapshot }, engine, undefined, { drain: false, backtest: false });
          outcomes.set(account.accountId, { status: 'saved', changed });
          scored.push(snapshot);
          saved++;
        } catch (error) {
          outcomes.set(account.accountId, { status: 'failed', error: asError(error) });
        }
      }
      // An id the CRM answered nothing about is not silently done.
      for (const id of chunk) if (!outcomes.has(id)) outcomes.set(id, { status: 'failed', error: new ServiceError(502, 'crm_data_unusable', `the CRM did not return company ${id}`) });
    }
    return { outcomes, saved, recordBacktests };
  }

  #knownMissing(portalId: string, companyId: string): boolean {
    const key = `${portalId}/${companyId}`;
    const until = this.#missing.get(key);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#missing.delete(key);
    return false;
  }

  #rememberMissing(portalId: string, companyId: string): void {
    if (this.#missing.size >= 10_000) this.#missing.delete(this.#missing.keys().next().value!);
    this.#missing.set(`${portalId}/${companyId}`, this.#now() + (this.#o.missingTtlMs ?? 60_000));
  }

  #notFound(portalId: string, companyId: string): ServiceError {
    return new ServiceError(404, 'not_found', `company ${companyId} was not found in portal ${portalId}`);
  }

  async #compute(portalId: string, companyId: string): Promise<LoadedAccount> {
    if (this.#knownMissing(portalId, companyId)) throw this.#notFound(portalId, companyId);
    const adapter = await this.#o.crm.adapter(portalId);
    const asOf = new Date(this.#now()).toISOString();
    const loaded = await adapter.loadAccounts([companyId], asOf);
    const account = loaded.accounts[0];
    if (!account) {
      const problem = [...loaded.invalid, ...loaded.unreadable][0];
      if (problem) throw new ServiceError(502, 'crm_data_unusable', problem.message);
      this.#rememberMissing(portalId, companyId);
      throw this.#notFound(portalId, companyId);
    }
    await this.saveScored(portalId, { ...account, snapshot: await this.#withPlan(portalId, account.snapshot) }, await this.engineFor(portalId));
    return account;
  }

  /** Scores one loaded account and stores it; when properties changed, the drain job is sent in the same transaction (returns whether they did). */
  async saveScored(portalId: string, account: LoadedAccount, engine: EngineDeps, result: AccountResult = scoreAccount(account.snapshot, engine), options: { drain?: boolean; backtest?: boolean } = {}): Promise<boolean> {
    // Compare with what the CRM will hold once the pending write lands, so a value that changed
    // and changed back is not left to go out stale.
    const pending = await this.#o.store.outbox.pendingFor(this.#kind, portalId, account.accountId);
    const changes = changedProperties({ ...account.current, ...pending?.properties }, result.properties);
    const drainWith = options.drain === false ? undefined : (tx: Transaction) => this.#o.drain(portalId, tx);
    // First compute: a year of reconstructed history, so the chart is not a single dot.
    const backfill = (await this.#o.store.results.hasHistory(this.#kind, portalId, account.accountId)) ? undefined : reconstructHistory(account.snapshot, engine);
    await this.#o.store.results.saveComputed({
      crm: this.#kind,
      portalId,
      accountId: account.accountId,
      accountName: account.snapshot.account.name,
      asOf: result.asOf,
      computedAt: new Date(this.#now()),
      result,
      changedProperties: changes,
      renewalDate: account.snapshot.account.renewalDate ?? null,
      riskModelVersion: engine.config.riskModel?.version ?? GLOBAL_RISK_MODEL.version,
      arr: account.snapshot.account.arr ?? null,
      ...(backfill ? { backfill } : {}),
      contacts: account.snapshot.contacts.map((c) => ({ id: c.id, name: c.name ?? null, role: c.role, active: c.active, lastEngagedAt: c.lastEngagedAt ?? null })),
    }, drainWith);
    if (options.backtest !== false) await this.#o.calibration?.recordBacktest(portalId, account.accountId, account.snapshot, engine);
    this.invalidate(portalId, account.accountId);
    this.#missing.delete(`${portalId}/${account.accountId}`);
    return Object.keys(changes).length > 0;
  }

  requestDrain(portalId: string): Promise<void> {
    return this.#o.drain(portalId);
  }

  /**
   * The company card's view: stored results answer at once; a cold account is computed within the
   * budget. `beforeColdCompute` runs before a computation would start (the route's rate limit: it
   * throws to refuse); a company known to be missing is 404 without a CRM call.
   */
  async view(portalId: string, companyId: string, options: { beforeColdCompute?: () => void } = {}): Promise<SuccessView> {
    const cached = this.#views.get(`${portalId}/${companyId}`);
    if (cached) return cached;
    const stored = await this.#readyView(portalId, companyId);
    if (stored) return stored;
    if (this.#knownMissing(portalId, companyId)) throw this.#notFound(portalId, companyId);
    if (!this.#inFlight.has(`${portalId}/${companyId}`)) options.beforeColdCompute?.();
    const budget = this.#o.coldBudgetMs ?? 5_000;
    const computing = this.recompute(portalId, companyId);
    const winner = await Promise.race([computing.then(() => 'done' as const), new Promise<'late'>((resolve) => setTimeout(resolve, budget, 'late').unref())]);
    if (winner === 'late') {
      computing.catch(() => undefined); // its error will surface on the next poll
      return { state: 'computing', portalId, companyId, retryAfterMs: 2_000 };
    }
    const view = await this.#readyView(portalId, companyId);
    if (!view) throw new ServiceError(500, 'internal', 'the computed result could not be read back');
    return view;
  }

  async #readyView(portalId: string, companyId: string): Promise<Extract<SuccessView, { state: 'ready' }> | null> {
    const view = await this.#loadReadyView(portalId, companyId);
    if (view) this.#views.set(`${portalId}/${companyId}`, view);
    return view;
  }

  async #loadReadyView(portalId: string, companyId: string): Promise<Extract<SuccessView, { state: 'ready' }> | null> {
    const { results, plans, outbox } = this.#o.store;
    const latest = await results.getLatest(this.#kind, portalId, companyId);
    if (!latest) return null;
    const [history, plan, pending] = await Promise.all([results.getHistory(this.#kind, portalId, companyId, 90), plans.get(this.#kind, portalId, companyId), outbox.pendingFor(this.#kind, portalId, companyId)]);
    return {
      state: 'ready',
      portalId,
      company: { id: companyId, name: latest.accountName, arr: null, ...companyFacts(latest.result) },
      computedAt: latest.computedAt.toISOString(),
      result: latest.result,
      history: history.map((h) => ({ computedAt: h.computedAt.toISOString(), asOf: h.asOf.toISOString(), robScore: h.robScore, renewalProbability: h.renewalProbability, riskLevel: (h.riskLevel as 'low' | 'medium' | 'high' | null) ?? null, ...(h.reconstructed ? { reconstructed: true } : {}) })),
      plan: planView(plan),
      pendingWrite: pending !== null,
      ...(latest.contacts ? { contacts: latest.contacts.map((c) => ({ ...c, role: ContactRole.catch('other').parse(c.role) })) } : {}),
    };
  }

  async contactView(portalId: string, contactId: string, options: { beforeColdCompute?: () => void } = {}): Promise<ContactView> {
    const adapter = await this.#o.crm.adapter(portalId);
    const context = await adapter.loadContactContext(contactId);
    if (!context) throw new ServiceError(404, 'not_found', `contact ${contactId} was not found in portal ${portalId}`);
    const companyId = context.accountIds[0] ?? null;
    return {
      portalId,
      contact: {
        id: context.contact.id,
        name: contactLabel(context.contact),
        role: context.contact.role,
        active: context.contact.active,
        lastEngagedAt: context.contact.lastEngagedAt,
        openTickets: context.openTickets.map(({ closedAt: _closed, ...t }) => t),
      },
      companyId,
      company: companyId === null ? null : await this.view(portalId, companyId, options),
    };
  }

  /** 404 unless the company is one of the portal's (stored, or in its CRM). */
  async #requireCompany(portalId: string, companyId: string): Promise<void> {
    if (await this.#o.store.results.getLatest(this.#kind, portalId, companyId)) return;
    if (this.#knownMissing(portalId, companyId)) throw this.#notFound(portalId, companyId);
    const found = await (await this.#o.crm.adapter(portalId)).readProperties([companyId], ['name']);
    if (!found.has(companyId)) {
      this.#rememberMissing(portalId, companyId);
      throw this.#notFound(portalId, companyId);
    }
  }

  async saveObjectives(portalId: string, companyId: string, body: ObjectivesBody, actor: string): Promise<{ ok: true; plan: StoredPlan } | { ok: false; current: StoredPlan }> {
    await this.#requireCompany(portalId, companyId);
    const objectives = body.objectives.map(({ id, ...o }) => ({ ...o, id: id ?? `obj_${randomUUID().slice(0, 12)}` }));
    const saved = await this.#o.store.plans.save(this.#kind, portalId, companyId, { expectedVersion: body.expectedVersion, objectives, actor }, (tx) => this.#o.requestRecompute(portalId, companyId, 'objectives edited', tx));
    this.invalidate(portalId, companyId);
    if (!saved.ok) return { ok: false, current: planView(saved.current) };
    return { ok: true, plan: planView(saved.plan) };
  }

  async portfolio(portalId: string, query: z.infer<typeof PortfolioQueryContract>): Promise<Portfolio> {
    // Default orders put what needs attention first: lowest ROB, lowest renewal probability, soonest renewal.
    const order = query.order ?? 'asc';
    const page = await this.#o.store.results.listPortfolio(this.#kind, portalId, { sort: query.sort, order, limit: query.limit, offset: query.offset, ...(query.risk ? { riskLevel: query.risk } : {}), ...(query.q ? { nameContains: query.q } : {}) });
    return {
      items: page.items.map((i) => ({
        companyId: i.accountId,
        name: i.accountName,
        robScore: i.robScore,
        robTrend: i.robTrend,
        riskLevel: (i.riskLevel as 'low' | 'medium' | 'high' | null) ?? null,
        renewalProbability: i.renewalProbability,
        renewalDate: i.renewalDate,
        arr: i.arr,
        showStoppers: i.showStoppers,
        status: i.status === 'insufficient_data' ? 'insufficient_data' : 'ok',
        computedAt: i.computedAt.toISOString(),
      })),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Scores a few real accounts with proposed settings, next to their stored scores; saves nothing. */
  async previewSettings(portalId: string, engineInput: Record<string, unknown>, companyIds: string[] | undefined): Promise<SettingsPreview> {
    parseEngineConfig(engineInput); // refuse bad settings before any CRM call
    const ids = companyIds?.length ? companyIds : (await this.#o.store.results.listPortfolio(this.#kind, portalId, { sort: 'risk', order: 'asc', limit: 5 })).items.map((i) => i.accountId);
    if (ids.length === 0) return { accounts: [] };
    const adapter = await this.#o.crm.adapter(portalId);
    const loaded = await adapter.loadAccounts(ids, new Date(this.#now()).toISOString());
    if (loaded.missing.length > 0) throw new ServiceError(404, 'not_found', `company ${loaded.missing.join(', ')} was not found in portal ${portalId}`);
    const current = await this.engineFor(portalId);
    // The proposed settings with the same renewal model as today, so only the settings' effect shows.
    const config = parseEngineConfig(current.config.riskModel && !('riskModel' in engineInput) ? { ...engineInput, riskModel: current.config.riskModel } : engineInput);
    const figures = (r: AccountResult) => ({ robScore: r.rob.score, riskLevel: r.risk.level, renewalProbability: r.risk.renewalProbability });
    const accounts = await Promise.all(
      loaded.accounts.map(async (a) => {
        const snapshot = await this.#withPlan(portalId, a.snapshot);
        return { companyId: a.accountId, name: snapshot.account.name, before: figures(scoreAccount(snapshot, current)), after: figures(scoreAccount(snapshot, { config, sentiment: this.#sentiment })) };
      }),
    );
    return { accounts };
  }
}

const DAY_MS = 86_400_000;

/** Facts about the company the card header shows, as the engine saw them. */
function companyFacts(result: AccountResult): { renewalDate: string | null; currency: string } {
  const days = result.risk.daysToRenewal;
  return { renewalDate: days === null ? null : new Date(Date.parse(result.asOf) + days * DAY_MS).toISOString().slice(0, 10), currency: result.savings.currency };
}
