import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isIsoDate } from '../../domain/dates.ts';
import { parseCnab240 } from './cnab240.ts';
import { parseCnab400 } from './cnab400.ts';
import { parseCsvStatement } from './csv-statement.ts';
import { detectFormat, parseStatement } from './detect-format.ts';
import type { Cnab240Title, Cnab400Title } from './fixtures/build.ts';
import { cnab240Retorno, cnab400Retorno } from './fixtures/build.ts';
import { parseOfx } from './ofx.ts';
import type { StatementContent, StatementResult } from './statement.ts';
import { decodeStatementText } from './text.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const FIXTURES = [
  'cnab240-retorno-bb.ret',
  'cnab400-retorno-bradesco.ret',
  'ofx1-extrato-itau.ofx',
  'ofx2-extrato-bb.ofx',
  'extrato.csv',
  'extrato-ptbr.csv',
].map(fixture);

const PARSERS: [string, (content: StatementContent) => StatementResult][] = [
  ['cnab240', parseCnab240],
  ['cnab400', parseCnab400],
  ['ofx', parseOfx],
  ['csv', parseCsvStatement],
  ['detected', parseStatement],
];

const MAX = 5000;
/** Generous bound for one parse of at most 5 kB: a parse that hangs or goes quadratic fails it. */
const MAX_MS = 1000;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const structural = fc.constantFrom(
  '<',
  '>',
  '/',
  '<OFX>',
  '<STMTTRN>',
  '</STMTTRN>',
  '<TRNAMT>',
  '<DTPOSTED>',
  '<CURDEF>BRL',
  '<STMTRS>',
  '&amp;',
  '&#',
  '"',
  ',',
  ';',
  '\t',
  '\r\n',
  '\n',
  '0',
  '3',
  '9',
  'T',
  'U',
  ' ',
);
/** Fixed-width records of the right length, so that parsing reaches the field checks. */
const records = (length: number): fc.Arbitrary<string> =>
  fc
    .array(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '5', '9', 'T', 'U', ' ', 'A', '-'), minLength: length, maxLength: length }), {
      maxLength: Math.floor(MAX / (length + 2)),
    })
    .map((lines) => lines.join('\r\n'));
/** A fixture with a few characters replaced, lines dropped or duplicated, or cut short. */
const mutatedFixture = fc
  .record({
    base: fc.constantFrom(...FIXTURES),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom('0', '9', ' ', 'X', '-', ',', '.', '<', '\n', '')), { maxLength: 8 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    lineOp: fc.option(fc.tuple(fc.nat(), fc.boolean()), { nil: undefined }),
  })
  .map(({ base, edits, cut, lineOp }) => {
    let text = base;
    for (const [at, char] of edits) {
      const i = at % Math.max(1, text.length);
      text = text.slice(0, i) + char + text.slice(i + 1);
    }
    if (lineOp) {
      const lines = text.split('\n');
      const i = lineOp[0] % lines.length;
      if (lineOp[1]) lines.splice(i, 1);
      else lines.splice(i, 0, lines[i] ?? '');
      text = lines.join('\n');
    }
    return (cut === undefined ? text : text.slice(0, cut % (text.length + 1))).slice(0, MAX);
  });

const anyContent: fc.Arbitrary<StatementContent> = fc.oneof(
  fc.string({ maxLength: MAX }),
  fc.string({ unit: 'binary', maxLength: 1000 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary-ascii', maxLength: 1 })), maxLength: 1000 }),
  fc.string({ unit: structural, maxLength: 1500 }),
  fc.uint8Array({ maxLength: MAX }),
  records(240),
  records(400),
  mutatedFixture,
  mutatedFixture.map((text) => Buffer.from(text, 'latin1')),
);

function lineCount(content: StatementContent): number {
  return decodeStatementText(content).split('\n').length;
}

describe('fuzzing: arbitrary input never throws, never hangs, and every rejection names a line', () => {
  for (const [name, parse] of PARSERS) {
    test(name, { timeout: 120_000 }, () => {
      let accepted = 0;
      fc.assert(
        fc.property(anyContent, (content) => {
          const started = performance.now();
          const result = parse(content);
          const elapsed = performance.now() - started;
          assert.ok(elapsed < MAX_MS, `took ${elapsed.toFixed(0)} ms`);
          const lines = lineCount(content);
          if (result.ok) {
            accepted += 1;
            for (const line of result.value.lines) {
              assert.ok(Number.isInteger(line.lineNo) && line.lineNo >= 1 && line.lineNo <= lines, `lineNo ${line.lineNo}`);
              assert.match(line.fingerprint, /^[0-9a-f]{64}$/);
              assert.ok(isIsoDate(line.date), line.date);
              assert.ok(Number.isSafeInteger(line.amountMinor));
            }
          } else {
            assert.ok(result.error.length > 0);
            for (const problem of result.error) {
              assert.ok(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= Math.max(1, lines), `line ${problem.line} of ${lines}`);
              assert.equal(typeof problem.message, 'string');
              assert.ok(problem.message.length > 0);
              if (problem.field !== undefined) assert.ok(problem.field.length > 0);
            }
          }
          // deterministic: the same input parses to the same result, fingerprints included
          assert.deepEqual(parse(content), result);
        }),
        // the pristine fixtures always run too, so the accepting path is checked on every run
        { numRuns: 600, examples: FIXTURES.map((f) => [f] as [string]) },
      );
      assert.ok(accepted > 0, `${name} accepted nothing`);
    });
  }

  test('detectFormat', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyContent, (content) => {
        const format = detectFormat(content);
        assert.ok(format === undefined || ['cnab240', 'cnab400', 'ofx', 'csv'].includes(format));
      }),
      { numRuns: 2000 },
    );
  });
});

// ------------------------------------------------------------------ round trips through the builders

const DAY_MS = 86_400_000;
const dayIn = (from: string, to: string): fc.Arbitrary<string> =>
  fc.integer({ min: Date.parse(from) / DAY_MS, max: Date.parse(to) / DAY_MS }).map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
const ddmmaaaa = (iso: string): string => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
const ddmmaa = (iso: string): string => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
const text = (max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 .-]{0,${max - 1}}$`)).map((s) => s.trimEnd());
const money15 = fc.integer({ min: 0, max: 999_999_999_999_999 });

const cnab240Title = fc.record({
  movement: fc.constantFrom('02', '06', '09', '17', '28'),
  nossoNumero: fc.stringMatching(/^[0-9]{1,20}$/),
  documentNumber: text(15),
  companyId: text(25),
  due: dayIn('2000-01-01', '2099-12-31'),
  faceMinor: money15,
  payer: fc.oneof(
    fc.record({ payerType: fc.constant('1' as const), payerId: fc.stringMatching(/^[1-9][0-9]{10}$/) }),
    fc.record({ payerType: fc.constant('2' as const), payerId: fc.stringMatching(/^[1-9][0-9]{13}$/) }),
  ),
  payerName: text(40),
  feesMinor: money15,
  interestMinor: money15,
  discountMinor: money15,
  paidMinor: money15,
  creditedMinor: money15,
  occurrence: dayIn('2000-01-01', '2099-12-31'),
  credit: fc.option(dayIn('2000-01-01', '2099-12-31'), { nil: undefined }),
});

test('CNAB 240: any titles written at the FEBRABAN positions are read back field by field', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fc.array(cnab240Title, { minLength: 1, maxLength: 8 }), (drafts) => {
      const titles: Cnab240Title[] = drafts.map((d) => ({
        ...d,
        ...d.payer,
        dueDate: ddmmaaaa(d.due),
        reasons: '',
        occurrenceDate: ddmmaaaa(d.occurrence),
        creditDate: d.credit === undefined ? '00000000' : ddmmaaaa(d.credit),
      }));
      const result = parseCnab240(cnab240Retorno(titles));
      assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.error));
      assert.deepEqual(
        result.value.lines.map((l) => [
          l.lineNo,
          l.movementCode,
          l.kind,
          l.nossoNumero,
          l.documentNumber,
          l.memo,
          l.payerTaxId,
          l.payerName,
          l.amountMinor,
          l.date,
          l.feesMinor,
          l.boleto?.dueDate,
          l.boleto?.faceValueMinor,
          l.boleto?.interestMinor,
          l.boleto?.discountMinor,
          l.boleto?.creditedMinor,
          l.boleto?.creditDate,
        ]),
        drafts.map((d, i) => [
          3 + 2 * i,
          d.movement,
          (d.movement === '06' || d.movement === '17') && d.paidMinor > 0 ? 'settlement' : 'info',
          d.nossoNumero,
          d.documentNumber || undefined,
          d.companyId || undefined,
          d.payer.payerId,
          /^0*$/.test(d.payerName) ? undefined : d.payerName,
          d.paidMinor,
          d.occurrence,
          d.feesMinor,
          d.due,
          d.faceMinor,
          d.interestMinor,
          d.discountMinor,
          d.creditedMinor,
          d.credit,
        ]),
      );
    }),
    { numRuns: 200 },
  );
});

const money13 = fc.integer({ min: 0, max: 9_999_999_999_999 });
const cnab400Title = fc.record({
  occurrence: fc.constantFrom('02', '06', '09', '15', '16', '17'),
  nossoNumero: fc.stringMatching(/^[0-9]{11}$/),
  nossoNumeroDv: fc.constantFrom('0', '5', 'P'),
  control: text(25),
  documentNumber: text(10),
  due: dayIn('2000-01-01', '2099-12-31'),
  faceMinor: money13,
  feesMinor: money13,
  interestMinor: money13,
  paidMinor: money13,
  day: dayIn('2000-01-01', '2099-12-31'),
  credit: fc.option(dayIn('2000-01-01', '2099-12-31'), { nil: undefined }),
});

test('CNAB 400: any titles written at the Bradesco positions are read back field by field', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fc.array(cnab400Title, { minLength: 1, maxLength: 8 }), (drafts) => {
      const titles: Cnab400Title[] = drafts.map((d) => ({
        ...d,
        dueDate: ddmmaa(d.due),
        occurrenceDate: ddmmaa(d.day),
        creditDate: d.credit === undefined ? '000000' : ddmmaa(d.credit),
        reasons: '',
      }));
      const result = parseCnab400(cnab400Retorno(titles));
      assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.error));
      assert.deepEqual(
        result.value.lines.map((l) => [
          l.lineNo,
          l.movementCode,
          l.kind,
          l.nossoNumero,
          l.documentNumber,
          l.memo,
          l.amountMinor,
          l.date,
          l.feesMinor,
          l.boleto?.dueDate,
          l.boleto?.faceValueMinor,
          l.boleto?.interestMinor,
          l.boleto?.creditDate,
        ]),
        drafts.map((d, i) => [
          2 + i,
          d.occurrence,
          ['06', '15', '17'].includes(d.occurrence) && d.paidMinor > 0 ? 'settlement' : 'info',
          d.nossoNumero,
          d.documentNumber || undefined,
          d.control || undefined,
          d.paidMinor,
          d.day,
          d.feesMinor,
          d.due,
          d.faceMinor,
          d.interestMinor,
          d.credit,
        ]),
      );
    }),
    { numRuns: 200 },
  );
});
