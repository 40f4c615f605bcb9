/**
 * Fuzzy comparison of a payer name from a bank statement with a customer's name. Bank
 * statements truncate names ("MARIA APARECIDA DE SOUZ"), drop middle names, abbreviate to
 * initials ("MARIA A SOUZA") and prefix them with the kind of transfer ("PIX RECEBIDO …"),
 * so names are compared token by token after removing accents, connectives, company
 * suffixes and such transfer words.
 */

const NOISE = new Set([
  // connectives of Portuguese and Spanish names
  'DA',
  'DE',
  'DO',
  'DAS',
  'DOS',
  'DEL',
  'LA',
  'LOS',
  'E',
  'Y',
  // company forms
  'LTDA',
  'ME',
  'EPP',
  'EIRELI',
  'SA',
  'CIA',
  'MEI',
  'SLU',
  'INC',
  'LLC',
  'SL',
  'SRL',
  'CV',
  // transfer words banks put in front of the payer's name
  'PIX',
  'TED',
  'DOC',
  'TEF',
  'RECEBIDO',
  'RECEBIDA',
  'RECEB',
  'REC',
  'TRANSF',
  'TRANSFERENCIA',
  'CREDITO',
  'CRED',
  'DEPOSITO',
  'DEP',
  'PAGAMENTO',
  'PAGTO',
  'PGTO',
  'REMETENTE',
  'ORIGEM',
]);

/** Upper-case tokens without accents, punctuation, connectives or transfer words. */
export function nameTokens(name: string): string[] {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      // "S/A", "S.A." and "C.V." would otherwise leave single letters that read as initials
      .replace(/\b(S|C)\s*[/.]\s*(A|V)\b\.?/g, ' ')
      .split(/[^A-Z0-9]+/)
      .filter((token) => token !== '' && !NOISE.has(token))
  );
}

/** Equal, one a prefix (≥ 3 letters) of the other (truncation), or an initial of the other. */
function tokensAgree(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 1;
  if (short.length === 1 && long.startsWith(short)) return 0.5;
  return 0;
}

/**
 * 0..1. Counts tokens of the shorter name that agree, in order-insensitive one-to-one
 * pairs, with tokens of the longer; sharing a single token between two names of several
 * tokens (a first name, a common surname) counts for little.
 */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const used = new Array<boolean>(longer.length).fill(false);
  let agreed = 0;
  let fullTokens = 0;
  for (const token of shorter) {
    let best = 0;
    let bestAt = -1;
    for (let at = 0; at < longer.length; at += 1) {
      if (used[at]) continue;
      const score = tokensAgree(token, longer[at] as string);
      if (score > best) {
        best = score;
        bestAt = at;
        if (score === 1) break;
      }
    }
    if (bestAt >= 0) {
      used[bestAt] = true;
      agreed += best;
      if (best === 1) fullTokens += 1;
    }
  }
  let coverage = agreed / shorter.length;
  if (shorter.length >= 2 && fullTokens < 2) coverage *= 0.5;
  return coverage * (0.75 + (0.25 * agreed) / longer.length);
}

export function nameSimilarity(a: string, b: string): number {
  return tokenSimilarity(nameTokens(a), nameTokens(b));
}
