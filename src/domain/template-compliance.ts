/**
 * Checks the words of a collection message before it can be saved or sent: no threats, no
 * humiliation, no exposure to third parties (Brazil CDC art. 42 and 71; US FDCPA §806-807;
 * Mexico CONDUSEF), the creditor identified (CDC art. 42-A) and, in e-mail and SMS, a way to
 * opt out (US Regulation F). Pure: the template source (or its rendered text) in, problems out.
 *
 * It is a guardrail, not a judge: it flags words and phrases, negations included ("we will
 * not call the police" is flagged too), and the message names the term so the author can
 * rephrase.
 */

export type ComplianceProblemCode =
  'threatening_language' | 'humiliating_language' | 'third_party_exposure' | 'missing_creditor_identification' | 'missing_opt_out';

export interface ComplianceProblem {
  code: ComplianceProblemCode;
  message: string;
  term?: string;
}

export interface TemplateUnderReview {
  subject?: string;
  body: string;
  language: string;
  channel: string;
  /** The creditor's rendered values, so that a text that spells them out counts as identifying. */
  creditor?: { name: string; legalName?: string; taxId: string };
}

export type ComplianceResult = { ok: true } | { ok: false; problems: ComplianceProblem[] };

type TermCategory = 'threatening_language' | 'humiliating_language' | 'third_party_exposure';
type TermLists = Record<TermCategory, readonly string[]>;

// Terms are written as a reader would; matching ignores accents and case, and a term only
// matches whole words ("expor" does not match "exportação").
const terms: Record<'pt' | 'es' | 'en', TermLists> = {
  pt: {
    threatening_language: [
      'polícia',
      'policial',
      'prisão',
      'preso',
      'presa',
      'cadeia',
      'delegacia',
      'boletim de ocorrência',
      'processo criminal',
      'ação criminal',
      'crime',
      'criminoso',
      'estelionato',
      'estelionatário',
      'mandado de prisão',
      'tomar seus bens',
      'tomaremos seus bens',
      'confiscar',
      'ameaça',
      'você vai se arrepender',
    ],
    humiliating_language: [
      'vergonha',
      'vergonhoso',
      'envergonhado',
      'envergonhar',
      'caloteiro',
      'caloteira',
      'calote',
      'mau pagador',
      'má pagadora',
      'vagabundo',
      'safado',
      'desonesto',
      'picareta',
      'sem vergonha',
    ],
    third_party_exposure: [
      'expor',
      'exporemos',
      'exposto',
      'exposta',
      'exposição pública',
      'divulgar',
      'divulgaremos',
      'tornar público',
      'seu empregador',
      'sua empresa saberá',
      'seu chefe',
      'seus vizinhos',
      'vizinhos',
      'vizinhança',
      'seus familiares',
      'colegas de trabalho',
      'redes sociais',
      'lista pública de devedores',
    ],
  },
  es: {
    threatening_language: [
      'policía',
      'policial',
      'cárcel',
      'prisión',
      'preso',
      'arresto',
      'arrestar',
      'detención',
      'denuncia penal',
      'demanda penal',
      'proceso penal',
      'delito',
      'delincuente',
      'estafa',
      'embargaremos',
      'confiscar',
      'amenaza',
      'se arrepentirá',
    ],
    humiliating_language: [
      'vergüenza',
      'vergonzoso',
      'avergonzar',
      'sinvergüenza',
      'moroso público',
      'morosa pública',
      'tramposo',
      'estafador',
      'caradura',
      'mal pagador',
      'mala pagadora',
      'deshonesto',
    ],
    third_party_exposure: [
      'exponer',
      'expondremos',
      'expuesto',
      'divulgar',
      'hacer pública',
      'hacer público',
      'publicar su deuda',
      'su empleador',
      'su jefe',
      'sus vecinos',
      'vecinos',
      'sus familiares',
      'compañeros de trabajo',
      'redes sociales',
      'lista pública',
    ],
  },
  en: {
    threatening_language: [
      'police',
      'jail',
      'prison',
      'arrest',
      'arrested',
      'criminal',
      'crime',
      'warrant',
      'sheriff',
      'felony',
      'seize your',
      'we will take your',
      'you will regret',
      'threat',
    ],
    humiliating_language: ['shame', 'shameful', 'ashamed', 'embarrass', 'embarrassing', 'deadbeat', 'loser', 'liar', 'scammer', 'freeloader', 'bad payer'],
    third_party_exposure: [
      'tell your employer',
      'your employer',
      'your boss',
      'your neighbours',
      'your neighbors',
      'neighbours',
      'neighbors',
      'your family',
      'your coworkers',
      'your co-workers',
      'your colleagues',
      'social media',
      'make public',
      'publicly',
      'expose you',
    ],
  },
};

const problemMessages: Record<TermCategory, (term: string) => string> = {
  threatening_language: (term) => `"${term}" reads as a threat; collection messages may not threaten (CDC art. 42/71, FDCPA §807)`,
  humiliating_language: (term) => `"${term}" may embarrass or humiliate the debtor (CDC art. 42, FDCPA §806)`,
  third_party_exposure: (term) => `"${term}" suggests exposing the debt to third parties, which is not allowed`,
};

// Explicit opt-out wording, any language: a template may say it instead of linking optOutUrl.
const optOutPhrases = [
  'descadastrar',
  'descadastre',
  'descadastro',
  'cancelar o recebimento',
  'nao receber mais',
  'deixar de receber',
  'responda sair',
  'darse de baja',
  'dar de baja',
  'de de baja',
  'no recibir mas',
  'dejar de recibir',
  'cancelar la suscripcion',
  'responda baja',
  'unsubscribe',
  'opt out',
  'opt-out',
  'reply stop',
  'stop receiving',
];

const optOutChannels = new Set(['email', 'sms']);

export function checkTemplate(template: TemplateUnderReview): ComplianceResult {
  const problems: ComplianceProblem[] = [];
  const source = [template.subject ?? '', template.body].join('\n');
  const text = normalize(source);

  for (const { category, term, pattern } of compiledTermsFor(template.language)) {
    if (problems.some((p) => p.term === term)) continue;
    if (pattern.test(text)) problems.push({ code: category, message: problemMessages[category](term), term });
  }

  if (!identifiesCreditor(template)) {
    problems.push({
      code: 'missing_creditor_identification',
      message: "the creditor's name and tax id (creditor.name and creditor.taxId) must appear in every collection message (CDC art. 42-A)",
    });
  }

  if (optOutChannels.has(template.channel) && !offersOptOut(template.body)) {
    problems.push({
      code: 'missing_opt_out',
      message: `every ${template.channel === 'sms' ? 'text message' : 'e-mail'} must offer a way to opt out ({{ optOutUrl }} or an explicit opt-out sentence; Regulation F)`,
    });
  }

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

interface CompiledTerm {
  category: TermCategory;
  term: string;
  pattern: RegExp;
}

const compiled = new Map<string, CompiledTerm[]>();

/** A language's own list; an unknown language is checked against every list. */
function compiledTermsFor(language: string): CompiledTerm[] {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
  const key = base === 'pt' || base === 'es' || base === 'en' ? base : '*';
  let list = compiled.get(key);
  if (!list) {
    const sources = key === '*' ? Object.values(terms) : [terms[key as 'pt' | 'es' | 'en']];
    list = sources.flatMap((lists) =>
      (Object.keys(lists) as TermCategory[]).flatMap((category) =>
        lists[category].map((term) => ({ category, term, pattern: phrasePattern(normalize(term)) })),
      ),
    );
    compiled.set(key, list);
  }
  return list;
}

const entityLetters = /&([a-z])(?:acute|grave|tilde|circ|uml|cedil);/gi;

/** Lower case, without accents or HTML character references, whitespace collapsed. */
function normalize(value: string): string {
  return value
    .replace(entityLetters, '$1')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&nbsp;/gi, ' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** The phrase as whole words, any run of white space between them. */
function phrasePattern(phrase: string): RegExp {
  const words = phrase.split(' ').map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'u');
}

const optOutPatterns = optOutPhrases.map(phrasePattern);

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Output tags `{{ … }}` that mention the variable, e.g. `{{ creditor.taxId | upcase }}`. */
function outputsVariable(source: string, variable: RegExp): boolean {
  for (const match of source.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    if (variable.test(match[1] ?? '')) return true;
  }
  return false;
}

function identifiesCreditor(template: TemplateUnderReview): boolean {
  const body = template.body;
  const creditor = template.creditor;
  const names = [creditor?.name, creditor?.legalName].filter((n): n is string => !!n && n.trim() !== '');
  const hasName = outputsVariable(body, /(?<![\w.])creditor\.(name|legalName)\b/) || names.some((name) => normalize(body).includes(normalize(name)));
  const taxDigits = creditor?.taxId.replace(/[^0-9A-Za-z]/g, '').toLowerCase();
  const hasTaxId =
    outputsVariable(body, /(?<![\w.])creditor\.taxId\b/) ||
    (!!taxDigits &&
      body
        .replace(/[^0-9A-Za-z]/g, '')
        .toLowerCase()
        .includes(taxDigits));
  return hasName && hasTaxId;
}

function offersOptOut(body: string): boolean {
  if (outputsVariable(body, /(?<![\w.])optOutUrl\b/)) return true;
  const text = normalize(body);
  return optOutPatterns.some((pattern) => pattern.test(text));
}
