import { displayAmount } from '../../domain/money.ts';
import { addDays, daysBetween } from '../../domain/dates.ts';
import { buildStaticPix } from '../../payments/pix/br-code.ts';
import { shippedLanguage } from './default-templates.ts';
import type { MessageContext } from './message-context.ts';

/**
 * Realistic example data for previewing a template in the editor and for checking that an
 * edited template renders before it is saved.
 */
export function sampleMessageContext(language: string, asOf = '2026-11-22'): MessageContext {
  const shipped = shippedLanguage(language);
  const market = markets[shipped];
  const dueDates = [addDays(asOf, -41), addDays(asOf, -9)];
  const amounts = [184_790, 52_000];
  const fees = 4_215;
  const money = (minor: number) => displayAmount(minor, market.currency, market.locale);
  const totalMinor = amounts[0]! + amounts[1]! + fees;
  const pix =
    shipped === 'pt-BR'
      ? buildStaticPix({ key: '11222333000181', amountMinor: totalMinor, txid: 'CUST0042', merchantName: 'Boa Massa Alimentos', merchantCity: 'Sao Paulo' })
      : undefined;
  return {
    creditor: market.creditor,
    customer: { name: market.customer, externalId: 'CUST-0042' },
    contact: { name: market.contact, address: market.address },
    invoices: dueDates.map((dueDate, i) => ({
      number: `2026-${1187 + i * 95}`,
      issueDate: addDays(dueDate, -30),
      dueDate,
      amount: money(amounts[i]!),
      daysOverdue: daysBetween(dueDate, asOf),
    })),
    totals: { amount: money(totalMinor), currency: market.currency, fees: money(fees) },
    payment: pix?.ok ? { ...market.payment, pixCode: pix.value } : market.payment,
    portalUrl: 'https://regua.example/p/5GQ2-sample',
    optOutUrl: 'https://regua.example/o/5GQ2-sample',
    asOf,
    tone: 'friendly',
  };
}

const markets = {
  'pt-BR': {
    currency: 'BRL',
    locale: 'pt-BR',
    creditor: {
      name: 'Padaria Boa Massa',
      legalName: 'Boa Massa Alimentos Ltda.',
      taxId: '11.222.333/0001-81',
      address: 'Rua das Flores, 100, Centro, São Paulo - SP, 01010-000',
    },
    customer: 'Mercadinho Bom Preço Ltda.',
    contact: 'Ana Souza',
    address: 'Av. Brasil, 2000, sala 3\nJardim América\n01430-000 São Paulo - SP',
    payment: {
      boletoLine: '34191.79001 01043.510047 91020.150008 5 12340000242005',
      cardLink: 'https://pay.example/c/5GQ2',
    },
  },
  es: {
    currency: 'EUR',
    locale: 'es-ES',
    creditor: { name: 'Ferretería El Sol', legalName: 'Ferretería El Sol S.L.', taxId: 'B12345674', address: 'Calle Mayor 12, 28013 Madrid' },
    customer: 'Construcciones Ribera S.A.',
    contact: 'Lucía Martín',
    address: 'Paseo de la Castellana 200\n28046 Madrid',
    payment: { cardLink: 'https://pay.example/c/5GQ2' },
  },
  en: {
    currency: 'USD',
    locale: 'en-US',
    creditor: { name: 'Acme Supplies', legalName: 'Acme Supplies LLC', taxId: '12-3456789', address: '100 Main Street, Springfield, IL 62701' },
    customer: 'Riverside Diner Inc.',
    contact: 'Sam Taylor',
    address: '45 River Road\nSpringfield, IL 62702',
    payment: { cardLink: 'https://pay.example/c/5GQ2' },
  },
} as const;
