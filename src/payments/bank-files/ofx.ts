/**
 * OFX bank and credit-card statements, version 1.x (SGML: leaf elements usually unclosed,
 * "<TRNAMT>12.50" up to the next tag) and 2.x (XML). One hand-written tolerant reader for
 * both: it tokenises tags and text, takes a leaf's value as the text right after its opening
 * tag, and ends a <STMTTRN> at its closing tag, at the next <STMTTRN> or at the end of the list.
 *
 * Read: STMTRS / CCSTMTRS › CURDEF, BANKACCTFROM (BANKID, ACCTID) or CCACCTFROM (ACCTID),
 * BANKTRANLIST › STMTTRN › TRNTYPE, DTPOSTED, TRNAMT, FITID, NAME (or PAYEE › NAME), MEMO,
 * CHECKNUM, REFNUM. TRNAMT's sign decides credit or debit (TRNTYPE is unreliable in practice);
 * its decimal separator may be a point or a comma. DTPOSTED's date is taken as written
 * (the bank's posting date), ignoring the time and time zone. The credits of a credit-card
 * statement ("Pagamento recebido": the cardholder paying the bill, refunds) are 'info', not
 * receipts from customers. A file of several accounts (<STMTRS> / <CCSTMTRS> each) is read per
 * account: the statement lists them (`accounts`), each line names its own, and
 * `statementsByAccount` gives one statement per account with that account's bank.
 */
import { isIsoDate } from '../../domain/dates.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { currencyExponent, isKnownCurrency, parseAmount } from '../../domain/money.ts';
import { err, ok } from '../result.ts';
import { printable } from './fixed-width.ts';
import { extractPixTxid, extractTaxId } from './references.ts';
import type { StatementAccount, StatementContent, StatementLine, StatementLineKind, StatementProblem, StatementResult } from './statement.ts';
import { definedOnly, fingerprintOf, occurrenceCounter } from './statement.ts';
import { decodeStatementText } from './text.ts';

export interface OfxOptions {
  /** Currency for statements without CURDEF (the OFX spec requires CURDEF; some exports omit it). */
  readonly currency?: string;
}

type Token =
  { readonly kind: 'open' | 'close'; readonly name: string; readonly line: number } | { readonly kind: 'text'; readonly text: string; readonly line: number };

interface Value {
  readonly value: string;
  readonly line: number;
}

interface RawTransaction {
  readonly line: number;
  readonly fields: Map<string, Value>;
}

interface RawStatement {
  readonly line: number;
  /** A credit-card statement (CCSTMTRS): its credits are the cardholder's bill payments and refunds, never receipts. */
  readonly creditCard: boolean;
  readonly values: Map<string, Value>;
  readonly transactions: RawTransaction[];
}

const STATEMENT_TAGS = new Set(['STMTRS', 'CCSTMTRS']);
const STATEMENT_VALUES = new Set(['CURDEF', 'BANKID', 'ACCTID']);

export function parseOfx(content: StatementContent, options: OfxOptions = {}): StatementResult {
  const tokens = tokenize(decodeStatementText(content));
  if (!tokens.some((t) => t.kind === 'open' && t.name === 'OFX')) {
    return err([{ line: 1, message: 'no <OFX> element: this is not an OFX file' }]);
  }
  const statements = readStatements(tokens);
  if (statements.length === 0) return err([{ line: 1, message: 'the file has no bank or credit-card statement (<STMTRS> or <CCSTMTRS>)' }]);

  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const occurrence = occurrenceCounter();
  let fileCurrency: string | undefined;
  for (const statement of statements) {
    const currency = statementCurrency(statement, options, problems);
    if (currency !== undefined) {
      if (fileCurrency === undefined) fileCurrency = currency;
      else if (currency !== fileCurrency) {
        const at = statement.values.get('CURDEF')?.line ?? statement.line;
        problems.push({ line: at, field: 'CURDEF', message: `statement in ${currency} after one in ${fileCurrency}: import each currency in its own file` });
      }
    }
    for (const transaction of statement.transactions) {
      const line = statementLine(transaction, statement, currency, occurrence, problems, statements.length > 1);
      if (line) lines.push(line);
    }
  }
  if (problems.length > 0 || fileCurrency === undefined) return err(problems);
  const accounts = statements.map(accountOf);
  const banks = new Set(statements.map((st) => st.values.get('BANKID')?.value));
  // The file's bank only when all its accounts are at the same one.
  const bankCode = banks.size === 1 ? [...banks][0] : undefined;
  return ok(definedOnly({ format: 'ofx' as const, bankCode, accounts, currency: fileCurrency, lines }));
}

function accountOf(statement: RawStatement): StatementAccount {
  const bankCode = statement.values.get('BANKID')?.value;
  const accountId = statement.values.get('ACCTID')?.value;
  const account = statement.creditCard ? `card/${accountId ?? ''}` : `${bankCode ?? ''}/${accountId ?? ''}`;
  return definedOnly({ account, bankCode, accountId, creditCard: statement.creditCard });
}

function statementCurrency(statement: RawStatement, options: OfxOptions, problems: StatementProblem[]): string | undefined {
  const curdef = statement.values.get('CURDEF');
  if (curdef === undefined) {
    if (options.currency !== undefined && isKnownCurrency(options.currency)) return options.currency;
    problems.push({ line: statement.line, field: 'CURDEF', message: 'the statement has no CURDEF (currency); pass the currency as an option' });
    return undefined;
  }
  const code = curdef.value.toUpperCase();
  if (isKnownCurrency(code)) return code;
  problems.push({ line: curdef.line, field: 'CURDEF', message: `"${printable(curdef.value)}" is not an ISO 4217 currency code` });
  return undefined;
}

function statementLine(
  transaction: RawTransaction,
  statement: RawStatement,
  currency: string | undefined,
  occurrence: (key: string) => number,
  problems: StatementProblem[],
  /** The file has several accounts: the line names its own. */
  several: boolean,
): StatementLine | undefined {
  const field = (name: string): string | undefined => transaction.fields.get(name)?.value;
  const posted = transaction.fields.get('DTPOSTED');
  const amount = transaction.fields.get('TRNAMT');
  let date: IsoDate | undefined;
  let amountMinor: number | undefined;
  if (!posted) problems.push({ line: transaction.line, field: 'DTPOSTED', message: 'the transaction has no DTPOSTED' });
  else {
    date = ofxDate(posted.value);
    if (date === undefined)
      problems.push({
        line: posted.line,
        field: 'DTPOSTED',
        message: `DTPOSTED must be YYYYMMDD[HHMMSS[.XXX]][offset:TZ], found "${printable(posted.value)}"`,
      });
  }
  if (!amount) problems.push({ line: transaction.line, field: 'TRNAMT', message: 'the transaction has no TRNAMT' });
  else if (currency !== undefined) {
    const parsed = ofxAmount(amount.value, currency);
    if (parsed.ok) amountMinor = parsed.minor;
    else problems.push({ line: amount.line, field: 'TRNAMT', message: parsed.reason });
  }
  if (date === undefined || amountMinor === undefined) return undefined;

  const name = field('NAME');
  const memo = field('MEMO');
  const text = [name, memo].filter((t) => t !== undefined).join(' ');
  const fitid = field('FITID');
  const account = [statement.values.get('BANKID')?.value, statement.values.get('ACCTID')?.value];
  // Some banks reuse a FITID for different entries of a day, so date and amount join it.
  const key =
    fitid !== undefined
      ? ['ofx', ...account, fitid, date, amountMinor]
      : ['ofx', ...account, date, amountMinor, name, memo, field('CHECKNUM'), field('REFNUM')];
  const kind: StatementLineKind = amountMinor > 0 && !statement.creditCard ? 'credit' : amountMinor < 0 ? 'debit' : 'info';
  return definedOnly({
    lineNo: transaction.line,
    fingerprint: fingerprintOf(fitid !== undefined ? key : [...key, occurrence(JSON.stringify(key))]),
    date,
    amountMinor,
    kind,
    documentNumber: field('CHECKNUM') ?? field('REFNUM'),
    pixTxid: extractPixTxid(text),
    payerName: name,
    payerTaxId: extractTaxId(text),
    memo,
    reference: fitid,
    account: several ? accountOf(statement).account : undefined,
  });
}

const OFX_DATE = /^([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})(?:([0-9]{2})(?:\.[0-9]{1,6})?)?)?\s*(?:\[[^\]]{0,24}\])?$/;

/** YYYYMMDD[HHMMSS[.XXX]][gmt offset[:tz name]] → the calendar date as written. */
export function ofxDate(text: string): IsoDate | undefined {
  const m = OFX_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00'] = m;
  const date = `${y}-${mo}-${d}`;
  if (!isIsoDate(date) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60) return undefined;
  return date;
}

/**
 * "-1234.56", "+10", "480,00" → minor units. Trailing zeros beyond the currency's decimals
 * are dropped ("10.500" BRL = 1050); any other extra decimal is an error, never a rounding.
 */
export function ofxAmount(text: string, currency: string): { ok: true; minor: number } | { ok: false; reason: string } {
  const m = /^([+-]?)([0-9]*)(?:[.,]([0-9]*))?$/.exec(text.trim());
  const integer = m?.[2] ?? '';
  const fraction = (m?.[3] ?? '').replace(/0+$/, '');
  if (!m || (integer === '' && (m[3] ?? '') === '')) {
    return { ok: false, reason: `TRNAMT must be a decimal number like -1234.56 or 1234,56, found "${printable(text)}"` };
  }
  if (fraction.length > currencyExponent(currency)) {
    return { ok: false, reason: `TRNAMT "${printable(text)}" has more decimals than ${currency} allows` };
  }
  const sign = m[1] === '-' ? '-' : '';
  const parsed = parseAmount(`${sign}${integer || '0'}${fraction === '' ? '' : `.${fraction}`}`, currency);
  if (!parsed.ok) return { ok: false, reason: `TRNAMT: ${parsed.reason}` };
  return { ok: true, minor: parsed.minor === 0 ? 0 : parsed.minor };
}

/** Groups the tokens into statements and their transactions (see the module comment). */
function readStatements(tokens: readonly Token[]): RawStatement[] {
  const statements: RawStatement[] = [];
  let statement: RawStatement | undefined;
  let transaction: RawTransaction | undefined;
  let leaf: { name: string; line: number } | undefined;
  const endTransaction = (): void => {
    if (transaction && statement) statement.transactions.push(transaction);
    transaction = undefined;
  };
  const startStatement = (line: number, creditCard = false): RawStatement => {
    const started: RawStatement = { line, creditCard, values: new Map(), transactions: [] };
    statements.push(started);
    return started;
  };
  for (const token of tokens) {
    if (token.kind === 'open') {
      if (STATEMENT_TAGS.has(token.name)) {
        endTransaction();
        statement = startStatement(token.line, token.name === 'CCSTMTRS');
      } else if (token.name === 'STMTTRN') {
        endTransaction();
        statement ??= startStatement(token.line);
        transaction = { line: token.line, fields: new Map() };
      }
      leaf = { name: token.name, line: token.line };
    } else if (token.kind === 'text') {
      if (leaf) {
        const value = { value: token.text, line: token.line };
        if (transaction) {
          if (!transaction.fields.has(leaf.name)) transaction.fields.set(leaf.name, value);
        } else if (statement && STATEMENT_VALUES.has(leaf.name) && !statement.values.has(leaf.name)) {
          statement.values.set(leaf.name, value);
        }
      }
      leaf = undefined;
    } else {
      if (token.name === 'STMTTRN' || token.name === 'BANKTRANLIST') endTransaction();
      if (STATEMENT_TAGS.has(token.name)) {
        endTransaction();
        statement = undefined;
      }
      leaf = undefined;
    }
  }
  endTransaction();
  return statements;
}

// After the name only a blank may start attributes, so a failed match never backtracks
// through the name: each "<" costs time proportional to its own tag.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9._-]*)(?:\s[^<>]*?)?(\/?)>/y;

/**
 * Tags and trimmed text runs with the line each starts on. Comments, processing
 * instructions (<?xml …?>, <?OFX …?>) and declarations are skipped; a "<" that starts no
 * tag is kept as text. Runs in one pass, so any input ends in time linear in its length.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let pending = '';
  let pendingLine = 1;
  let i = 0;
  const advance = (to: number): void => {
    for (let k = i; k < to; k += 1) if (text.charCodeAt(k) === 10) line += 1;
    i = to;
  };
  const addText = (chunk: string): void => {
    if (pending === '') pendingLine = line + leadingNewlines(chunk);
    pending += chunk;
  };
  const flushText = (): void => {
    const trimmed = pending.trim();
    if (trimmed !== '') tokens.push({ kind: 'text', text: decodeEntities(trimmed), line: pendingLine });
    pending = '';
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      addText(text.slice(i));
      advance(text.length);
      break;
    }
    if (lt > i) {
      addText(text.slice(i, lt));
      advance(lt);
    }
    const skipTo = skippedEnd(text, lt);
    if (skipTo !== undefined) {
      flushText();
      advance(skipTo);
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(text);
    if (!tag) {
      addText('<');
      advance(lt + 1);
      continue;
    }
    flushText();
    const name = (tag[2] ?? '').toUpperCase();
    const tagLine = line;
    advance(TAG.lastIndex);
    if (tag[1] === '/') tokens.push({ kind: 'close', name, line: tagLine });
    else {
      tokens.push({ kind: 'open', name, line: tagLine });
      if (tag[3] === '/') tokens.push({ kind: 'close', name, line: tagLine });
    }
  }
  flushText();
  return tokens;
}

/** End of a comment, processing instruction or declaration starting at `at`, else undefined. */
function skippedEnd(text: string, at: number): number | undefined {
  if (text.startsWith('<!--', at)) {
    const end = text.indexOf('-->', at + 4);
    return end === -1 ? text.length : end + 3;
  }
  if (text.startsWith('<?', at) || text.startsWith('<!', at)) {
    const end = text.indexOf('>', at + 2);
    return end === -1 ? text.length : end + 1;
  }
  return undefined;
}

function leadingNewlines(chunk: string): number {
  let count = 0;
  for (const char of chunk) {
    if (char === '\n') count += 1;
    else if (!/\s/.test(char)) break;
  }
  return count;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]{2,4});/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}
