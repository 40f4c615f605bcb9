import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterPdf } from '../../src/channels/letter/letter-pdf.ts';
import { letterKey, letterTransport, type LetterMessage } from '../../src/channels/letter/letter-transport.ts';
import { renderMessage } from '../../src/channels/templates/render-message.ts';
import type { MessageContext } from '../../src/channels/templates/message-context.ts';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/channels/transport.ts';
import { addDays, daysBetween } from '../../src/domain/dates.ts';
import { displayAmount } from '../../src/domain/money.ts';
import { buildStaticPix } from '../../src/payments/pix/br-code.ts';
import { pdfText } from '../support/pdf-text.ts';

function context(invoiceCount: number): MessageContext {
  const asOf = '2026-11-22';
  const invoices = Array.from({ length: invoiceCount }, (_, i) => {
    const dueDate = addDays(asOf, -(10 + i));
    return {
      number: `NF-${1000 + i}`,
      issueDate: addDays(dueDate, -30),
      dueDate,
      amount: displayAmount(10_000 + i, 'BRL', 'pt-BR'),
      daysOverdue: daysBetween(dueDate, asOf),
    };
  });
  // 10_000 + i for i < n adds up to 10_000 n + n (n - 1) / 2.
  const totalMinor = 10_000 * invoiceCount + (invoiceCount * (invoiceCount - 1)) / 2;
  return {
    creditor: {
      name: 'Padaria Boa Massa',
      legalName: 'Boa Massa Alimentos Ltda.',
      taxId: '11.222.333/0001-81',
      address: 'Rua das Flores, 100, São Paulo - SP',
    },
    customer: { name: 'Mercadinho Bom Preço', externalId: 'C-9' },
    contact: { name: 'Ana Souza', address: 'Av. Brasil, 2000\n01430-000 São Paulo - SP' },
    invoices,
    totals: { amount: displayAmount(totalMinor, 'BRL', 'pt-BR'), currency: 'BRL' },
    asOf,
    tone: 'firm',
  };
}

function letterMessage(ctx: MessageContext, idempotencyKey = 'outbox-9'): LetterMessage {
  const rendered = renderMessage('letter_firm', 'letter', 'pt-BR', ctx);
  return { idempotencyKey, channel: 'letter', to: ctx.contact!.address, language: 'pt-BR', subject: rendered.subject, text: rendered.text, letter: ctx };
}

describe('letters', () => {
  it('render a PDF with the creditor identification, the address, the text, the statement and page numbers', async () => {
    const ctx = context(3);
    const message = letterMessage(ctx);
    const pdf = await letterPdf({
      language: 'pt-BR',
      creditor: ctx.creditor,
      recipient: { name: 'Ana Souza', address: ctx.contact!.address },
      date: ctx.asOf,
      subject: message.subject,
      body: message.text,
      invoices: ctx.invoices,
      total: { amount: ctx.totals.amount },
    });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const lines = pdfText(pdf);
    assert.ok(lines.includes('CNPJ/CPF 11.222.333/0001-81'), "the creditor's tax id is printed");
    assert.ok(lines.includes('Boa Massa Alimentos Ltda.'));
    assert.ok(lines.includes('Av. Brasil, 2000') && lines.includes('01430-000 São Paulo - SP'), 'the address, line by line');
    assert.ok(lines.includes('22/11/2026'));
    for (const invoice of ctx.invoices) assert.ok(lines.includes(invoice.number), `statement row ${invoice.number}`);
    assert.ok(lines.includes(ctx.totals.amount), 'the total');
    assert.ok(lines.includes('Página 1 de 1'));
  });

  it('number every page when the statement runs long, repeating the creditor on each', async () => {
    const pdf = await letterPdf({
      language: 'en',
      creditor: context(0).creditor,
      recipient: { name: 'Ana Souza', address: 'Av. Brasil, 2000' },
      date: '2026-11-22',
      body: 'Statement attached.',
      invoices: context(90).invoices,
    });
    const lines = pdfText(pdf);
    const pages = lines.filter((l) => /^Page \d+ of \d+$/.test(l));
    assert.ok(pages.length >= 3, `expected several pages, got ${pages.join(', ')}`);
    assert.ok(pages.every((l) => l.endsWith(` of ${pages.length}`)));
    assert.equal(lines.filter((l) => l.includes('11.222.333/0001-81')).length, pages.length + 1, 'header once, footer on every page');
    assert.ok(lines.includes('NF-1089'), 'the last invoice is printed');
  });

  it('are the same bytes for the same input (evidence can be hashed)', async () => {
    const input = { language: 'pt-BR', creditor: context(0).creditor, recipient: { name: 'A', address: 'B' }, date: '2026-11-22', body: 'Texto.' };
    assert.ok((await letterPdf(input)).equals(await letterPdf(input)));
  });

  it('are stored under a key derived from the idempotency key and queued for print', async () => {
    const stored = new Map<string, Buffer>();
    const transport = letterTransport({ store: async (key, pdf) => void stored.set(key, pdf) });
    const message = letterMessage(context(2), 'org-1/outbox 9');
    const receipt = await transport.send(message);
    await transport.send(message);

    assert.deepEqual(receipt, { providerMessageId: 'letters/org-1~2Foutbox~209.pdf', status: 'queued_for_print' });
    assert.equal(letterKey('org-1/outbox 9'), receipt.providerMessageId);
    assert.deepEqual([...stored.keys()], [receipt.providerMessageId], 'a retry overwrites the same letter');
    const lines = pdfText(stored.get(receipt.providerMessageId)!);
    assert.ok(lines.includes('Ana Souza'), 'addressed to the contact');
    assert.ok(lines.includes('Aviso de débito em aberto'), 'the subject line');
    assert.ok(lines.includes('NF-1001'));
  });

  it('print the Pix QR code when there is a Pix code, and refuse an invalid one', async () => {
    const stored = new Map<string, Buffer>();
    const transport = letterTransport({ store: async (key, pdf) => void stored.set(key, pdf) });
    const built = buildStaticPix({ key: '11222333000181', amountMinor: 10_000, merchantName: 'Boa Massa', merchantCity: 'Sao Paulo' });
    assert.ok(built.ok);
    const valid = built.value;
    const wrongCrc = `${valid.slice(0, -4)}${valid.endsWith('0000') ? '1111' : '0000'}`;
    const withPix = { ...letterMessage(context(1)), letter: { ...context(1), payment: { pixCode: valid } } };
    await transport.send(withPix);
    const pdf = [...stored.values()][0]!;
    assert.match(pdf.toString('latin1'), /\/Subtype \/Image/);
    assert.ok(pdfText(pdf).some((l) => l.startsWith('Pague com Pix')));

    const broken = { ...withPix, letter: { ...withPix.letter, payment: { pixCode: wrongCrc } } };
    await assert.rejects(transport.send(broken), (error: unknown) => error instanceof PermanentDeliveryError && error.code === 'invalid_pix_code');
  });

  it('need the letter details and an address; a failing store is transient', async () => {
    const transport = letterTransport({ store: async () => {} });
    const message = letterMessage(context(1));
    const withoutDetails: LetterMessage = { ...message, letter: undefined };
    await assert.rejects(transport.send(withoutDetails), (e: unknown) => e instanceof PermanentDeliveryError && e.code === 'letter_details_missing');
    await assert.rejects(transport.send({ ...message, to: ' ' }), (e: unknown) => e instanceof PermanentDeliveryError && e.code === 'address_missing');
    const failing = letterTransport({ store: async () => Promise.reject(new Error('disk full')) });
    await assert.rejects(failing.send(message), (e: unknown) => e instanceof TransientDeliveryError && /disk full/.test(e.message));
  });
});
