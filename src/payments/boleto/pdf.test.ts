import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { itfPattern } from './itf.ts';
import type { BoletoPdfInput } from './pdf.ts';
import { BoletoPdfError, boletoPdf, formatBrl } from './pdf.ts';

const INPUT: BoletoPdfInput = {
  beneficiary: { name: 'Padaria Pão Quente Ltda', taxId: '12.345.678/0001-95', address: 'Rua das Flores, 100, São Paulo - SP' },
  payer: { name: 'João da Silva', taxId: '123.456.789-09', address: 'Av. Brasil, 2000, Rio de Janeiro - RJ' },
  amountMinor: 102656,
  dueDate: '2018-07-15',
  line: '00190000090114971860168524522114675860000102656',
  barcode: '00196758600001026560000001149718606852452211',
  nossoNumero: '11497186068524522',
  instructions: ['Após o vencimento cobrar multa de 2%', 'Juros de 1% ao mês pro rata die'],
  bankName: 'Banco do Brasil',
  bankLabel: '001-9',
  createdAt: new Date('2025-01-01T00:00:00Z'),
};

/** The decompressed content streams of a PDF. */
function contentStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  const marker = /stream\r?\n/g;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (fonts, metadata)
    }
  }
  return streams;
}

/** Text shown by TJ operators; pdfkit writes strings as hex in the font's (WinAnsi) encoding, split at kerning. */
function shownText(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const stream of contentStreams(pdf)) {
    for (const [, array = ''] of stream.matchAll(/\[((?:<[0-9a-fA-F]*>|[-0-9. ])*)\] TJ/g)) {
      const hex = [...array.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1] ?? '').join('');
      texts.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return texts;
}

test('renders a PDF showing the line, amount, due date and both parties', async () => {
  const pdf = await boletoPdf(INPUT);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const texts = shownText(pdf);
  const formattedLine = '00190.00009 01149.718601 68524.522114 6 75860000102656';
  assert.ok(texts.filter((t) => t === formattedLine).length >= 2, 'line on the receipt and the ficha');
  assert.equal(formattedLine.replace(/[ .]/g, ''), INPUT.line);
  for (const expected of ['R$ 1.026,56', '15/07/2018', '11497186068524522', '001-9', 'Após o vencimento cobrar multa de 2%']) {
    assert.ok(texts.includes(expected), expected);
  }
  assert.ok(texts.some((t) => t.startsWith('Padaria Pão Quente Ltda') && t.includes('12.345.678/0001-95')));
  assert.ok(texts.some((t) => t.startsWith('João da Silva')));
});

test('draws the Interleaved 2 of 5 bars of the barcode', async () => {
  const pdf = await boletoPdf(INPUT);
  const barHeight = (13 * 72) / 25.4;
  const widths: number[] = [];
  for (const stream of contentStreams(pdf)) {
    for (const [, width = '', height = ''] of stream.matchAll(/[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+) re/g)) {
      if (Math.abs(Number(height) - barHeight) < 0.01) widths.push(Number(width));
    }
  }
  const pattern = itfPattern(INPUT.barcode);
  assert.ok(pattern.ok);
  const bars = pattern.value.replace(/[nw]/g, '');
  assert.equal(widths.map((w) => (w > 1 ? 'W' : 'N')).join(''), bars);
});

test('refuses to print a boleto whose parts disagree', async () => {
  const cases: [Partial<BoletoPdfInput>, string][] = [
    [{ amountMinor: 102657 }, 'amount'],
    [{ dueDate: '2018-07-16' }, 'due_date'],
    [{ dueDate: null }, 'due_date'],
    [{ line: '00190000090114971860168524522114675860000102657' }, 'general_dv'],
    [{ barcode: '00193758600001026560000001149718606852452211' }, 'mismatch'],
  ];
  for (const [change, check] of cases) {
    await assert.rejects(boletoPdf({ ...INPUT, ...change }), (error: unknown) => {
      assert.ok(error instanceof BoletoPdfError);
      assert.equal(error.check, check, JSON.stringify(change));
      return true;
    });
  }
});

test('formats reais without floating point', () => {
  assert.equal(formatBrl(102656), 'R$ 1.026,56');
  assert.equal(formatBrl(5), 'R$ 0,05');
  assert.equal(formatBrl(999_999_999_999), 'R$ 9.999.999.999,99');
});
