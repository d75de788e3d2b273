// The part of KQL (Kusto) that Azure Resource Graph runs and the emulator understands: one table,
// `Resources`, piped through `where`, `project`, `mv-expand` and `order by`. Enough for a console to ask for the
// few properties it reads of thousands of resources, as the Azure portal's blades do, instead of
// listing whole resources. Anything else is a clear 400, never a silently different answer.
//
//   Resources
//   | where type =~ 'microsoft.network/networkinterfaces' and subscriptionId in~ ('…', '…')
//   | mv-expand with_itemindex = index ipConfiguration = properties.ipConfigurations
//   | order by id asc, index asc
//   | project id, nsg = properties.networkSecurityGroup.id, subnet = ipConfiguration.properties.subnet.id
//
// Semantics followed (Kusto query language reference):
// - `=~` / `!~` compare strings ignoring case, `==` / `!=` exactly; `in~` / `in` / `!in~` / `!in`
//   test a list of strings. A value that is not a string matches no comparison but the negated ones.
// - `project a, b = x.y, x.y.z`: a path without a name becomes a column named by its parts joined
//   with `_` (`properties_storageProfile_osDisk_osType`); a missing value is null.
// - `mv-expand [with_itemindex = i] name = path`: one row per element of the array, in a new column
//   (and its 0-based index in `i`); an empty array yields no row, a null or missing value one row with
//   null. Expanding a property bag (into key/value rows) is not supported here: a 400.
// - `order by a [asc|desc], …` (or `sort by`): descending unless asc is said, as in Kusto; nulls
//   first when ascending, last when descending; strings compare ordinally. Without it the emulator
//   answers in its store's order, which Azure does not promise: page by `$skip` only after `order by`.
// - Operator names and `and` are case-sensitive, as in Kusto; the table name is not.

/** A KQL syntax or semantic error, with the character position it was found at. */
export class KqlError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

export type KqlPath = readonly (string | number)[];
type StringOp = '=~' | '!~' | '==' | '!=';
type ListOp = 'in~' | '!in~' | 'in' | '!in';

export type KqlCondition = { path: KqlPath; op: StringOp; value: string } | { path: KqlPath; op: ListOp; values: readonly string[] };
export interface KqlColumn {
  name: string;
  path: KqlPath;
}
export type KqlOperator =
  | { kind: 'where'; conditions: readonly KqlCondition[] }
  | { kind: 'project'; columns: readonly KqlColumn[] }
  | { kind: 'mv-expand'; column: KqlColumn; indexColumn: string | undefined }
  | { kind: 'order'; keys: readonly { path: KqlPath; descending: boolean }[] };

export interface KqlQuery {
  table: 'resources';
  operators: readonly KqlOperator[];
}

export type KqlRow = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

type Token =
  | { kind: 'name'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'symbol'; text: string; at: number }
  | { kind: 'end'; at: number };

const SYMBOLS = ['=~', '!~', '==', '!=', '|', '.', ',', '(', ')', '[', ']', '='];
const MAX_QUERY_LENGTH = 16_384;

function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) throw new KqlError(`The query is longer than ${String(MAX_QUERY_LENGTH)} characters.`, MAX_QUERY_LENGTH);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new KqlError('A string literal is not closed.', start);
        const d = text.charAt(i);
        if (d === c) break;
        if (d === '\\') {
          const escaped = text.charAt(i + 1);
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
          const replacement = map[escaped];
          if (replacement === undefined) throw new KqlError(`Unknown escape '\\${escaped}' in a string literal.`, i);
          value += replacement;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, at: start });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const match = /^[0-9]+/.exec(text.slice(i));
      const digits = match?.[0] ?? c;
      tokens.push({ kind: 'number', value: Number(digits), at: i });
      i += digits.length;
      continue;
    }
    // `mv-expand` is the one operator name with a hyphen.
    if (text.startsWith('mv-expand', i) && !/[\w-]/.test(text.charAt(i + 9))) {
      tokens.push({ kind: 'name', text: 'mv-expand', at: i });
      i += 9;
      continue;
    }
    // The list operators start like names (`in~`, `!in~`, `!in`); plain `in` is a name token.
    const listOperator = ['!in~', 'in~', '!in'].find((op) => text.startsWith(op, i) && !/[\w~]/.test(text.charAt(i + op.length)) && !/\w/.test(text.charAt(i - 1)));
    const symbol = listOperator ?? SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push({ kind: 'symbol', text: symbol, at: i });
      i += symbol.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
    if (name !== undefined) {
      tokens.push({ kind: 'name', text: name, at: i });
      i += name.length;
      continue;
    }
    throw new KqlError(`Unexpected character '${c}'.`, i);
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

const SUPPORTED = "Supported here: the Resources table, then '| where', '| project', '| mv-expand' and '| order by'.";

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', at: 0 };
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private isSymbol(text: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.text === text;
  }

  private isName(text: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === text;
  }

  private expectSymbol(text: string): void {
    const token = this.next();
    if (token.kind !== 'symbol' || token.text !== text) throw new KqlError(`Expected '${text}' ${describe(token)}.`, token.at);
  }

  private name(what: string): { text: string; at: number } {
    const token = this.next();
    if (token.kind !== 'name') throw new KqlError(`Expected ${what} ${describe(token)}.`, token.at);
    return token;
  }

  query(): KqlQuery {
    const table = this.name('a table name');
    if (table.text.toLowerCase() !== 'resources') {
      throw new KqlError(`The table '${table.text}' is not available in this emulator. ${SUPPORTED}`, table.at);
    }
    const operators: KqlOperator[] = [];
    while (this.isSymbol('|')) {
      this.next();
      operators.push(this.operator());
    }
    const rest = this.peek();
    if (rest.kind !== 'end') throw new KqlError(`Expected '|' or the end of the query ${describe(rest)}.`, rest.at);
    return { table: 'resources', operators };
  }

  private operator(): KqlOperator {
    const keyword = this.name('an operator');
    switch (keyword.text) {
      case 'where': {
        const conditions = [this.condition()];
        while (this.isName('and')) {
          this.next();
          conditions.push(this.condition());
        }
        if (this.isName('or')) throw new KqlError(`'or' is not supported in this emulator: write one query per alternative, or use 'in~'.`, this.peek().at);
        return { kind: 'where', conditions };
      }
      case 'project': {
        const columns = [this.column()];
        while (this.isSymbol(',')) {
          this.next();
          columns.push(this.column());
        }
        const names = new Set<string>();
        for (const column of columns) {
          if (names.has(column.name)) throw new KqlError(`The column '${column.name}' is projected twice.`, keyword.at);
          names.add(column.name);
        }
        return { kind: 'project', columns };
      }
      case 'mv-expand': {
        let indexColumn: string | undefined;
        if (this.isName('with_itemindex')) {
          this.next();
          this.expectSymbol('=');
          indexColumn = columnName(this.name('the item index column name'));
        }
        const column = this.column();
        if (column.name === indexColumn) throw new KqlError(`The column '${column.name}' is both the expanded value and its index.`, keyword.at);
        return { kind: 'mv-expand', column, indexColumn };
      }
      case 'order':
      case 'sort': {
        const by = this.name("'by'");
        if (by.text !== 'by') throw new KqlError(`Expected 'by' after '${keyword.text}' at '${by.text}'.`, by.at);
        const keys: { path: KqlPath; descending: boolean }[] = [];
        for (;;) {
          const { path } = this.path();
          let descending = true;
          if (this.isName('asc') || this.isName('desc')) descending = this.name('asc or desc').text === 'desc';
          keys.push({ path, descending });
          if (!this.isSymbol(',')) break;
          this.next();
        }
        return { kind: 'order', keys };
      }
      default:
        throw new KqlError(`The operator '${keyword.text}' is not supported in this emulator. ${SUPPORTED}`, keyword.at);
    }
  }

  private condition(): KqlCondition {
    const path = this.path();
    const token = this.next();
    if (token.kind === 'symbol' && (token.text === '=~' || token.text === '!~' || token.text === '==' || token.text === '!=')) {
      const value = this.next();
      if (value.kind !== 'string') throw new KqlError(`Expected a string literal after '${token.text}' ${describe(value)}.`, value.at);
      return { path: path.path, op: token.text, value: value.text };
    }
    const op: ListOp | undefined =
      token.kind === 'symbol' && (token.text === 'in~' || token.text === '!in~' || token.text === '!in') ? token.text : token.kind === 'name' && token.text === 'in' ? 'in' : undefined;
    if (op === undefined) throw new KqlError(`Expected a comparison (=~, ==, !~, !=, in~, in, !in~, !in) ${describe(token)}.`, token.at);
    this.expectSymbol('(');
    const values: string[] = [];
    for (;;) {
      const value = this.next();
      if (value.kind !== 'string') throw new KqlError(`Expected a string literal in the list ${describe(value)}.`, value.at);
      values.push(value.text);
      if (this.isSymbol(',')) {
        this.next();
        continue;
      }
      break;
    }
    this.expectSymbol(')');
    return { path: path.path, op, values };
  }

  private column(): KqlColumn {
    const first = this.path();
    if (this.isSymbol('=')) {
      this.next();
      if (first.path.length !== 1 || typeof first.path[0] !== 'string') throw new KqlError('A column name must be a single name.', first.at);
      return { name: columnName({ text: first.path[0], at: first.at }), path: this.path().path };
    }
    return { name: columnName({ text: first.path.join('_'), at: first.at }), path: first.path };
  }

  private path(): { path: KqlPath; at: number } {
    const head = this.name('a column name');
    const path: (string | number)[] = [head.text];
    for (;;) {
      if (this.isSymbol('.')) {
        this.next();
        path.push(this.name('a property name after "."').text);
        continue;
      }
      if (this.isSymbol('[')) {
        this.next();
        const index = this.next();
        if (index.kind === 'number') path.push(index.value);
        else if (index.kind === 'string') path.push(index.text);
        else throw new KqlError(`Expected an index or a quoted property name in '[ ]' ${describe(index)}.`, index.at);
        this.expectSymbol(']');
        continue;
      }
      return { path, at: head.at };
    }
  }
}

/** A column name the rows can hold as an own property (`__proto__` would set an object's prototype). */
function columnName(name: { text: string; at: number }): string {
  if (name.text === '__proto__') throw new KqlError("'__proto__' cannot name a column.", name.at);
  return name.text;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'at the end of the query';
    case 'string':
      return `at '${token.text}'`;
    case 'number':
      return `at ${String(token.value)}`;
    case 'name':
    case 'symbol':
      return `at '${token.text}'`;
  }
}

/** Parses a query of the supported subset; throws KqlError with a precise message. */
export function parseKql(text: string): KqlQuery {
  if (text.trim() === '') throw new KqlError('The query is empty.', 0);
  return new Parser(tokenize(text)).query();
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/** Reads a column of a source row; undefined when the row has no such column. */
export type ColumnReader<S> = (source: S, column: string) => unknown;

/** The column reader of plain objects (tests, and rows already projected). */
export const plainColumn: ColumnReader<Readonly<Record<string, unknown>>> = (row, column) => (Object.hasOwn(row, column) ? row[column] : undefined);

/** KQL's dynamic access below a column: undefined when a step is missing. */
function walk(value: unknown, path: KqlPath, from: number): unknown {
  let current = value;
  for (let i = from; i < path.length; i++) {
    const step = path[i];
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = (current as unknown[])[step];
    } else {
      if (Array.isArray(current) || step === undefined) return undefined;
      current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    }
  }
  return current;
}

/**
 * A row while the operators run: the source row (read through the caller's ColumnReader, so a
 * resource is never copied into a row object) plus the columns operators added; after a `project`,
 * only the projected columns.
 */
interface Working<S> {
  source: S | undefined;
  columns: Readonly<Record<string, unknown>> | undefined;
}

function valueIn<S>(row: Working<S>, path: KqlPath, column: ColumnReader<S>): unknown {
  const head = path[0];
  if (typeof head !== 'string') return undefined;
  let value: unknown;
  if (row.columns !== undefined && Object.hasOwn(row.columns, head)) value = row.columns[head];
  else if (row.source !== undefined) value = column(row.source, head);
  return walk(value, path, 1);
}

function matchesValue(value: unknown, condition: KqlCondition): boolean {
  const text = typeof value === 'string' ? value : undefined;
  switch (condition.op) {
    case '==':
      return text === condition.value;
    case '!=':
      return text !== condition.value;
    case '=~':
      return text !== undefined && text.toLowerCase() === condition.value.toLowerCase();
    case '!~':
      return text === undefined || text.toLowerCase() !== condition.value.toLowerCase();
    case 'in':
      return text !== undefined && condition.values.includes(text);
    case '!in':
      return text === undefined || !condition.values.includes(text);
    case 'in~': {
      const lower = text?.toLowerCase();
      return lower !== undefined && condition.values.some((v) => v.toLowerCase() === lower);
    }
    case '!in~': {
      const lower = text?.toLowerCase();
      return lower === undefined || !condition.values.some((v) => v.toLowerCase() === lower);
    }
  }
}

/**
 * The `type` values a query can return, read from the conditions on `type` of the `where`
 * operators before anything reshapes the rows: the caller reads only those tables. Undefined when
 * the query does not narrow by type (every table is read).
 */
export function typesNarrowedTo(query: KqlQuery, knownTypes: readonly string[]): Set<string> | undefined {
  let allowed: Set<string> | undefined;
  for (const operator of query.operators) {
    if (operator.kind !== 'where') break;
    for (const condition of operator.conditions) {
      if (condition.path.length !== 1 || condition.path[0] !== 'type') continue;
      const kept = knownTypes.filter((type) => matchesValue(type, condition));
      allowed = new Set(allowed === undefined ? kept : kept.filter((type) => allowed?.has(type)));
    }
  }
  return allowed;
}

/**
 * The query without the conditions on `type` that typesNarrowedTo reads (a `where` left with no
 * condition goes too). For a caller that reads only rows of the types typesNarrowedTo returned:
 * each of those rows meets every one of these conditions (that is how the types were chosen), so
 * testing them again on every row changes no answer. Same query when it does not narrow by type.
 */
export function withoutTypeConditions(query: KqlQuery): KqlQuery {
  const operators: KqlOperator[] = [];
  let leading = true;
  for (const operator of query.operators) {
    if (!leading || operator.kind !== 'where') {
      leading = false;
      operators.push(operator);
      continue;
    }
    const conditions = operator.conditions.filter((condition) => condition.path.length !== 1 || condition.path[0] !== 'type');
    if (conditions.length > 0) operators.push(conditions.length === operator.conditions.length ? operator : { kind: 'where', conditions });
  }
  return operators.length === query.operators.length ? query : { ...query, operators };
}

/** A column's type in Resource Graph's table answers (ColumnDataType); `object` is Kusto's dynamic. */
export type KqlColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'datetime';

export interface KqlResultColumn {
  name: string;
  type: KqlColumnType;
}

/**
 * The columns of a query's rows, in order, with their types: the source columns (typed by
 * `typeOf`), then the columns operators add, or after a `project` only those it names. A column
 * taken whole keeps its type; a value read below one (`properties.x`) or expanded by `mv-expand` is
 * dynamic (`object`), and an item index is an `integer`, as Resource Graph reports them. Fails, as
 * Kusto does, on a column the rows do not have at that point of the query.
 */
export function resultColumns(query: KqlQuery, sourceColumns: readonly string[], typeOf: (column: string) => KqlColumnType): KqlResultColumn[] {
  let available = new Map<string, KqlColumnType>(sourceColumns.map((name) => [name, typeOf(name)]));
  const need = (path: KqlPath): KqlColumnType => {
    const head = path[0];
    const type = typeof head === 'string' ? available.get(head) : undefined;
    if (type === undefined) throw new KqlError(`Failed to resolve the column '${String(head)}': the rows have ${[...available.keys()].join(', ')}.`, 0);
    return path.length === 1 ? type : 'object';
  };
  for (const operator of query.operators) {
    switch (operator.kind) {
      case 'where':
        for (const condition of operator.conditions) need(condition.path);
        break;
      case 'mv-expand':
        need(operator.column.path);
        available = new Map(available);
        available.set(operator.column.name, 'object');
        if (operator.indexColumn !== undefined) available.set(operator.indexColumn, 'integer');
        break;
      case 'order':
        for (const key of operator.keys) need(key.path);
        break;
      case 'project':
        available = new Map(operator.columns.map((column) => [column.name, need(column.path)]));
        break;
    }
  }
  return [...available].map(([name, type]) => ({ name, type }));
}

/**
 * Runs the operators over the source rows, in order, and returns the rows as plain objects (the
 * source rows' columns read through `column`, which knows `sourceColumns`).
 */
export function evaluateKql<S>(query: KqlQuery, sources: Iterable<S>, column: ColumnReader<S>, sourceColumns: readonly string[]): KqlRow[] {
  resultColumns(query, sourceColumns, () => 'object');
  let rows: Working<S>[] = [];
  for (const source of sources) rows.push({ source, columns: undefined });
  for (const operator of query.operators) rows = apply(operator, rows, column);
  return rows.map((row) => {
    if (row.source === undefined) return row.columns ?? {};
    const plain: KqlRow = {};
    for (const name of sourceColumns) plain[name] = column(row.source, name) ?? null;
    return row.columns === undefined ? plain : { ...plain, ...row.columns };
  });
}

function apply<S>(operator: KqlOperator, input: readonly Working<S>[], column: ColumnReader<S>): Working<S>[] {
  const output: Working<S>[] = [];
  switch (operator.kind) {
    case 'where':
      for (const row of input) if (operator.conditions.every((condition) => matchesValue(valueIn(row, condition.path, column), condition))) output.push(row);
      return output;
    case 'project':
      for (const row of input) {
        const projected: Record<string, unknown> = {};
        for (const c of operator.columns) projected[c.name] = valueIn(row, c.path, column) ?? null;
        output.push({ source: undefined, columns: projected });
      }
      return output;
    case 'mv-expand': {
      const { name, path } = operator.column;
      const { indexColumn } = operator;
      for (const row of input) {
        const value = valueIn(row, path, column);
        if (value !== undefined && value !== null && !Array.isArray(value)) {
          throw new KqlError(`mv-expand of '${name}': expanding a property bag (or a ${typeof value}) is not supported in this emulator; expand an array.`, 0);
        }
        // Kusto: an empty array expands to no row; null (or a missing value) to one row with null.
        const elements: readonly unknown[] = Array.isArray(value) ? (value as unknown[]) : [null];
        for (let index = 0; index < elements.length; index++) {
          const columns: Record<string, unknown> = row.columns === undefined ? {} : { ...row.columns };
          columns[name] = elements[index];
          if (indexColumn !== undefined) columns[indexColumn] = Array.isArray(value) ? index : null;
          output.push({ source: row.source, columns });
        }
      }
      return output;
    }
    case 'order': {
      // Each key read once per row into a column of values; positions are sorted, not row objects
      // with their values (two allocations per row on lists of 10,000).
      const keys = operator.keys.map((key) => ({ values: input.map((row) => valueIn(row, key.path, column)), sign: key.descending ? -1 : 1 }));
      const positions = Array.from(input, (_, i) => i);
      positions.sort((a, b) => {
        for (const key of keys) {
          const order = compareValues(key.values[a], key.values[b]);
          if (order !== 0) return key.sign * order;
        }
        return a - b;
      });
      for (const position of positions) {
        const row = input[position];
        if (row !== undefined) output.push(row);
      }
      return output;
    }
  }
}

const TYPE_ORDER = ['boolean', 'number', 'string', 'object'];

/** Ascending order of two values: nulls first, then by type, numbers numerically, strings ordinally. */
function compareValues(a: unknown, b: unknown): number {
  const aNull = a === undefined || a === null;
  const bNull = b === undefined || b === null;
  if (aNull || bNull) return aNull && bNull ? 0 : aNull ? -1 : 1;
  if (typeof a !== typeof b) return TYPE_ORDER.indexOf(typeof a) - TYPE_ORDER.indexOf(typeof b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}
