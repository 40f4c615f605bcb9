/**
 * The words of the small-claims packet in the court's language (jurisdiction.ts courtLanguage):
 * a Brazilian Juizado Especial Cível reads Portuguese, a Spanish or Mexican court Spanish.
 * Amounts and dates are filled in by the caller, already formatted for the language.
 */
export interface PacketText {
  title: (debtor: string) => string;
  debtor: string;
  taxId: string;
  claim: (total: string, limit: string) => string;
  invoice: (p: { number: string; externalId: string; issued: string; due: string; daysOverdue: number; open: string }) => string;
  charges: (p: { lateFee: string; interest: string; compensation: string; total: string }) => string;
  writtenOff: string;
  totals: (p: { open: string; charges: string; total: string }) => string;
  notClaimed: (count: number, amount: string) => string;
  acknowledgement: string;
  noAcknowledgement: string;
  acknowledged: (p: { terms: string; version: number; at: string; channel: string }) => string;
  evidence: string;
  record: (entries: number) => string;
  noEntries: string;
  entry: (p: { seq: number; at: string; kind: string; channel: string; actor: string }) => string;
}

export const packetTexts: Record<'pt-BR' | 'es' | 'en', PacketText> = {
  'pt-BR': {
    title: (debtor) => `Dossiê para o Juizado Especial Cível — ${debtor}`,
    debtor: 'Devedor',
    taxId: 'CPF/CNPJ',
    claim: (total, limit) => `Valor da causa: ${total} (limite do juizado: ${limit})`,
    invoice: (p) =>
      `${p.number} (${p.externalId}) — emitida em ${p.issued}, vencida em ${p.due} (${p.daysOverdue} dias de atraso): principal em aberto ${p.open}`,
    charges: (p) => `multa ${p.lateFee}, juros de mora ${p.interest}${p.compensation ? `, indenização ${p.compensation}` : ''}; total ${p.total}`,
    writtenOff: ' (baixada como perda na contabilidade; o débito continua devido)',
    totals: (p) => `Principal ${p.open} + encargos ${p.charges} = ${p.total}`,
    notClaimed: (count, amount) => `${count} fatura(s) ainda não vencida(s), ${amount}, não incluída(s) no pedido.`,
    acknowledgement: 'Aceite da política de cobrança',
    noAcknowledgement: 'Nenhum aceite registrado.',
    acknowledged: (p) => `${p.terms} v${p.version}, aceita em ${p.at} por ${p.channel}`,
    evidence: 'prova',
    record: (entries) => `Registro de contatos (${entries} entradas, encadeadas por hash: cada hash cobre a entrada e o hash anterior)`,
    noEntries: 'Nenhuma entrada.',
    entry: (p) => `#${p.seq} ${p.at} — ${p.kind} via ${p.channel} por ${p.actor}`,
  },
  es: {
    title: (debtor) => `Expediente de reclamación de cantidad — ${debtor}`,
    debtor: 'Deudor',
    taxId: 'Identificación fiscal',
    claim: (total, limit) => `Cuantía reclamada: ${total} (límite del procedimiento: ${limit})`,
    invoice: (p) =>
      `${p.number} (${p.externalId}) — emitida el ${p.issued}, vencida el ${p.due} (${p.daysOverdue} días de retraso): principal pendiente ${p.open}`,
    charges: (p) =>
      `recargo ${p.lateFee}, intereses de demora ${p.interest}${p.compensation ? `, indemnización por costes de cobro ${p.compensation}` : ''}; total ${p.total}`,
    writtenOff: ' (dada de baja como incobrable en la contabilidad; la deuda sigue siendo exigible)',
    totals: (p) => `Principal ${p.open} + cargos ${p.charges} = ${p.total}`,
    notClaimed: (count, amount) => `${count} factura(s) aún no vencida(s), ${amount}, no incluida(s) en la reclamación.`,
    acknowledgement: 'Aceptación de la política de cobro',
    noAcknowledgement: 'No consta aceptación registrada.',
    acknowledged: (p) => `${p.terms} v${p.version}, aceptada el ${p.at} por ${p.channel}`,
    evidence: 'prueba',
    record: (entries) => `Registro de contactos (${entries} entradas, encadenadas por hash: cada hash cubre la entrada y el hash anterior)`,
    noEntries: 'Sin entradas.',
    entry: (p) => `#${p.seq} ${p.at} — ${p.kind} por ${p.channel}, ${p.actor}`,
  },
  en: {
    title: (debtor) => `Small-claims packet — ${debtor}`,
    debtor: 'Debtor',
    taxId: 'Tax id',
    claim: (total, limit) => `Claim: ${total} (court limit ${limit})`,
    invoice: (p) => `${p.number} (${p.externalId}) — issued ${p.issued}, due ${p.due} (${p.daysOverdue} days overdue): principal open ${p.open}`,
    charges: (p) => `late fee ${p.lateFee}, interest ${p.interest}${p.compensation ? `, collection compensation ${p.compensation}` : ''}; total ${p.total}`,
    writtenOff: ' (written off in the books; the debt is still owed)',
    totals: (p) => `Principal ${p.open} + charges ${p.charges} = ${p.total}`,
    notClaimed: (count, amount) => `${count} invoice(s) not yet due, ${amount}, not claimed.`,
    acknowledgement: 'Acknowledgement of the payment policy',
    noAcknowledgement: 'No acknowledgement recorded.',
    acknowledged: (p) => `${p.terms} v${p.version}, acknowledged ${p.at} by ${p.channel}`,
    evidence: 'evidence',
    record: (entries) => `Contact record (${entries} entries, hash-chained: each hash covers the entry and the previous hash)`,
    noEntries: 'No entries.',
    entry: (p) => `#${p.seq} ${p.at} — ${p.kind} via ${p.channel} by ${p.actor}`,
  },
};
