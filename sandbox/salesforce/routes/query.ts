// REST query, queryAll and queryMore. Batches hold 2,000 records by default (Sforce-Query-Options
// batchSize=200…2,000 asks for fewer); queries with child subqueries or two or more long text
// fields come back 200 at a time. nextRecordsUrl is /services/data/vXX.X/query/<cursor>-<offset>.
import type { Express } from 'express';
import type { Cursor } from '../cursors.ts';
import { restError, malformedQuery } from '../errors.ts';
import { apiRoute, queryString, type ApiContext, type Reply } from '../pipeline.ts';
import { prepareQuery } from '../soql/execute.ts';
import type { SandboxState } from '../state.ts';

const DEFAULT_BATCH = 2000;
const SMALL_BATCH = 200;

function requestedBatch(header: string | undefined): number {
  const m = /batchSize=(\d+)/i.exec(header ?? '');
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(SMALL_BATCH, Number(m[1])));
}

function page(ctx: ApiContext, cursor: Cursor, offset: number): Reply {
  const { query } = cursor;
  const total = query.rows.length;
  const slice = query.rows.slice(offset, offset + cursor.batchSize);
  const nextOffset = offset + slice.length;
  const done = nextOffset >= total;
  if (done) ctx.state.cursors.close(cursor.id);
  return {
    status: 200,
    body: {
      totalSize: total,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${ctx.version}/query/${cursor.id}-${nextOffset}` }),
      records: slice.map((r) => query.shape(r)),
    },
  };
}

function run(ctx: ApiContext, all: boolean): Reply {
  const soql = queryString(ctx.query, 'q');
  if (soql === undefined) throw malformedQuery('A query string has to be specified');
  const prepared = prepareQuery(ctx.org, soql, { all, version: ctx.version });
  if (prepared.countOnly) return { status: 200, body: { totalSize: prepared.rows.length, done: true, records: [] } };
  let batch = requestedBatch(ctx.header('sforce-query-options'));
  if (prepared.hasSubqueries || prepared.longTextFields >= 2) batch = Math.min(batch, SMALL_BATCH);
  const cursor = ctx.state.cursors.open(ctx.session.userId, prepared, batch);
  return page(ctx, cursor, 0);
}

export function registerQueryRoutes(app: Express, state: SandboxState): void {
  apiRoute(app, state, 'GET', '/services/data/:version/query', (ctx) => run(ctx, false));
  apiRoute(app, state, 'GET', '/services/data/:version/queryAll', (ctx) => run(ctx, true));
  const more = (ctx: ApiContext): Reply => {
    const m = /^(01g[A-Za-z0-9]{15})-(\d+)$/.exec(ctx.params.locator ?? '');
    const cursor = m ? state.cursors.find(m[1] as string, ctx.session.userId) : undefined;
    const offset = Number(m?.[2]);
    if (!cursor || offset <= 0 || offset >= cursor.query.rows.length) throw restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(ctx, cursor, offset);
  };
  apiRoute(app, state, 'GET', '/services/data/:version/query/:locator', more);
  apiRoute(app, state, 'GET', '/services/data/:version/queryAll/:locator', more);
}
