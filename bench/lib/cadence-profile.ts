// Where the time of a run goes, without touching src/: a Kysely plugin that sees every query
// the use case sends (transformQuery before, transformResult after) and sums the wall time
// per statement shape ("insert step_executions", "select invoices group by" …). On one
// connection the queries of a Promise.all wait for each other, so each is charged only from
// the later of its start and the previous query's end: the sums add up to the time spent
// waiting for the database, and the rest of the run is JavaScript plus BEGIN/COMMIT.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export interface StatementTime {
  statement: string;
  calls: number;
  rows: number;
  seconds: number;
}

export class QueryProfile implements KyselyPlugin {
  readonly #started = new Map<unknown, { key: string; at: bigint }>();
  readonly #totals = new Map<string, StatementTime>();
  #lastEnd = 0n;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, { key: statementKey(args.node), at: process.hrtime.bigint() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const end = process.hrtime.bigint();
    const started = this.#started.get(args.queryId);
    if (started) {
      this.#started.delete(args.queryId);
      const from = started.at > this.#lastEnd ? started.at : this.#lastEnd;
      const entry = this.#totals.get(started.key) ?? { statement: started.key, calls: 0, rows: 0, seconds: 0 };
      entry.calls++;
      entry.rows += args.result.rows.length || Number(args.result.numAffectedRows ?? 0);
      entry.seconds += Number(end - from) / 1e9;
      this.#totals.set(started.key, entry);
    }
    this.#lastEnd = end;
    return args.result;
  }

  /** Statement shapes by time spent, largest first. */
  totals(): StatementTime[] {
    return [...this.#totals.values()].sort((a, b) => b.seconds - a.seconds);
  }
}

interface NodeShape {
  kind: string;
  from?: { froms: OperationNode[] };
  into?: OperationNode;
  table?: OperationNode;
  groupBy?: unknown;
  joins?: unknown[];
  endModifiers?: unknown[];
  onConflict?: unknown;
}

function statementKey(node: RootOperationNode): string {
  const shape = node as unknown as NodeShape;
  switch (shape.kind) {
    case 'SelectQueryNode': {
      const parts = [`select ${tableName(shape.from?.froms[0])}`];
      if (shape.joins?.length) parts.push('join');
      if (shape.groupBy) parts.push('group by');
      if (shape.endModifiers?.length) parts.push('for update');
      return parts.join(' ');
    }
    case 'InsertQueryNode':
      return `insert ${tableName(shape.into)}${shape.onConflict ? ' on conflict' : ''}`;
    case 'UpdateQueryNode':
      return `update ${tableName(shape.table)}`;
    case 'DeleteQueryNode':
      return 'delete';
    default:
      return shape.kind === 'RawNode' ? 'raw sql' : shape.kind;
  }
}

function tableName(node: OperationNode | undefined): string {
  const found = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: OperationNode } | undefined;
  if (!found) return '?';
  if (found.kind === 'TableNode') return found.table?.identifier?.name ?? '?';
  if (found.kind === 'AliasNode') return tableName(found.node);
  return found.kind ?? '?';
}
