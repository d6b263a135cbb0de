// The parsed form of the SOQL subset the sandbox understands.
export interface Path {
  text: string;
  parts: string[];
  pos: number;
}

export type Literal =
  | { kind: 'string'; value: string; like: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; text: string }
  | { kind: 'datetime'; text: string };

export type Condition =
  | { kind: 'and' | 'or'; terms: Condition[] }
  | { kind: 'not'; term: Condition }
  | { kind: 'compare'; path: Path; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'like'; path: Path; value: Literal }
  | { kind: 'in'; path: Path; negated: boolean; values: Literal[] }
  | { kind: 'semijoin'; path: Path; negated: boolean; query: Query };

export interface OrderItem {
  path: Path;
  desc: boolean;
  nullsLast: boolean;
}

export type SelectItem = { kind: 'field'; path: Path } | { kind: 'subquery'; query: Query; pos: number } | { kind: 'count'; pos: number };

export interface Query {
  select: SelectItem[];
  from: string;
  fromPos: number;
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
