import { randomBytes, randomUUID } from 'node:crypto';
import { buildDynamicPix } from '../../../src/payments/pix/br-code.ts';
import { startFakeServer, type FakeServer, type RecordedRequest } from './fake-server.ts';

export interface FakePix {
  endToEndId: string;
  txid: string;
  valor: string;
  chave: string;
  horario: string;
}

export interface FakeCob {
  txid: string;
  revisao: number;
  loc: { id: number; location: string; tipoCob: 'cob' };
  location: string;
  status: 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';
  calendario: { criacao: string; expiracao: number };
  devedor?: Record<string, string>;
  valor: { original: string };
  chave: string;
  solicitacaoPagador?: string;
  pixCopiaECola?: string;
  pix?: FakePix[];
}

export interface FakePixPspOptions {
  /** The receiving key registered for this client; others are refused as belonging to someone else. */
  key: string;
  /** Token lifetime the PSP announces; default 3600. */
  expiresIn?: number;
  /** Answer with the PSP's own pixCopiaECola, as many PSPs do. */
  withCopiaECola?: boolean;
}

export interface FakePixPsp extends FakeServer {
  clientId: string;
  clientSecret: string;
  cobs: Map<string, FakeCob>;
  /** Requests to the token endpoint (accepted or refused). */
  tokenRequests(): RecordedRequest[];
  /** Refuse every token issued so far, as a PSP does after a key rotation. */
  revokeTokens(): void;
  /** A payer pays the charge: it becomes CONCLUIDA with this Pix. */
  pay(txid: string, pix: { endToEndId: string; horario: string; valor?: string }): FakePix;
}

const ERROR_BASE = 'https://pix.bcb.gov.br/api/v2/error/';
const problem = (status: number, type: string, title: string, detail: string, violacoes?: { razao: string; propriedade: string }[]) => ({
  status,
  body: { type: `${ERROR_BASE}${type}`, title, status, detail, ...(violacoes && { violacoes }) },
});
const cobInvalid = (razao: string, propriedade: string) =>
  problem(
    400,
    'CobOperacaoInvalida',
    'Cobrança inválida.',
    'A requisição que busca alterar ou criar uma cobrança para pagamento imediato não respeita o schema ou está semanticamente errada.',
    [{ razao, propriedade }],
  );

/**
 * A PSP speaking the Banco Central's API Pix as documented (bacen/pix-api openapi.yaml):
 * OAuth2 client credentials at POST /oauth/token (Basic auth; RFC 6749 errors), then with the
 * Bearer token PUT /v2/cob/{txid} (create, or revise while ATIVA) and GET /v2/cob/{txid},
 * errors as RFC 7807 problems `{ type, title, status, detail, violacoes? }`.
 */
export async function startFakePixPsp(options: FakePixPspOptions): Promise<FakePixPsp> {
  const clientId = `client-${randomBytes(6).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const liveTokens = new Set<string>();
  const cobs = new Map<string, FakeCob>();
  let nextLocId = 100;

  const token = (request: RecordedRequest) => {
    if (request.headers.authorization !== basic) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    }
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' } };
    }
    const accessToken = randomBytes(24).toString('base64url');
    liveTokens.add(accessToken);
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600, scope: 'cob.write cob.read' } };
  };

  const putCob = (txid: string, request: RecordedRequest) => {
    if (!/^[a-zA-Z0-9]{26,35}$/.test(txid)) return cobInvalid('O campo txid não respeita o schema.', 'txid');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return problem(400, 'RequisicaoInvalida', 'Requisição inválida.', 'O corpo da requisição não é JSON.');
    }
    const calendario = (body.calendario ?? {}) as Record<string, unknown>;
    const valor = (body.valor ?? {}) as Record<string, unknown>;
    const expiracao = calendario.expiracao ?? 86400;
    if (typeof expiracao !== 'number' || !Number.isInteger(expiracao) || expiracao <= 0) {
      return cobInvalid('O campo cob.calendario.expiracao é igual ou menor que zero.', 'cob.calendario.expiracao');
    }
    if (typeof valor.original !== 'string' || !/^\d{1,10}\.\d{2}$/.test(valor.original)) {
      return cobInvalid('O campo cob.valor.original não respeita o schema.', 'cob.valor.original');
    }
    if (/^0+\.00$/.test(valor.original)) return cobInvalid('O campo cob.valor.original é zero.', 'cob.valor.original');
    if (typeof body.chave !== 'string' || body.chave.length > 77) return cobInvalid('O campo cob.chave não respeita o schema.', 'cob.chave');
    if (body.chave !== options.key) {
      return cobInvalid('O campo cob.chave corresponde a uma conta que não pertence a este usuário recebedor.', 'cob.chave');
    }
    let devedor: Record<string, string> | undefined;
    if (body.devedor !== undefined) {
      const d = body.devedor as Record<string, unknown>;
      const cpfOk = typeof d.cpf === 'string' && /^\d{11}$/.test(d.cpf);
      const cnpjOk = typeof d.cnpj === 'string' && /^\d{14}$/.test(d.cnpj);
      if (cpfOk === cnpjOk || typeof d.nome !== 'string' || d.nome === '') {
        return cobInvalid('O objeto cob.devedor não respeita o schema.', 'cob.devedor');
      }
      devedor = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]));
    }
    if (body.solicitacaoPagador !== undefined && (typeof body.solicitacaoPagador !== 'string' || body.solicitacaoPagador.length > 140)) {
      return cobInvalid('O campo solicitacaoPagador não respeita o schema.', 'solicitacaoPagador');
    }

    const existing = cobs.get(txid);
    if (existing !== undefined && existing.status !== 'ATIVA') {
      return cobInvalid('A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.', 'txid');
    }
    // A revision keeps the location: the codes already handed out stay valid.
    const loc = existing?.loc ?? { id: nextLocId++, location: `qr.fakepsp.example/v2/${randomUUID().replaceAll('-', '')}`, tipoCob: 'cob' as const };
    const cob: FakeCob = {
      txid,
      revisao: existing === undefined ? 0 : existing.revisao + 1,
      loc,
      location: loc.location,
      status: 'ATIVA',
      calendario: { criacao: existing?.calendario.criacao ?? new Date().toISOString(), expiracao },
      ...(devedor && { devedor }),
      valor: { original: valor.original },
      chave: body.chave,
      ...(typeof body.solicitacaoPagador === 'string' && { solicitacaoPagador: body.solicitacaoPagador }),
    };
    if (options.withCopiaECola) {
      const code = buildDynamicPix({ locationUrl: loc.location, merchantName: 'FAKE PSP RECEBEDOR', merchantCity: 'SAO PAULO' });
      if (code.ok) cob.pixCopiaECola = code.value;
    }
    cobs.set(txid, cob);
    return { status: existing === undefined ? 201 : 200, body: cob };
  };

  const server = await startFakeServer((request) => {
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'POST' && path === '/oauth/token') return token(request);

    const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, '');
    if (bearer === undefined || !liveTokens.has(bearer)) {
      return { status: 401, body: { error: 'invalid_token', error_description: 'Token de acesso ausente, inválido ou expirado.' } };
    }
    const match = /^\/v2\/cob\/([^/]+)$/.exec(path);
    if (match === null) return problem(404, 'NaoEncontrado', 'Não encontrado.', `Recurso ${path} inexistente.`);
    const txid = decodeURIComponent(match[1] ?? '');
    if (request.method === 'PUT') return putCob(txid, request);
    if (request.method === 'GET') {
      const cob = cobs.get(txid);
      if (cob === undefined) return problem(404, 'CobNaoEncontrado', 'Cobrança não encontrada.', 'Não foi encontrada cobrança imediata para o txid informado.');
      return { status: 200, body: cob };
    }
    return problem(400, 'RequisicaoInvalida', 'Requisição inválida.', `Método ${request.method} não suportado.`);
  });

  return {
    ...server,
    clientId,
    clientSecret,
    cobs,
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/token'),
    revokeTokens: () => liveTokens.clear(),
    pay(txid, { endToEndId, horario, valor }) {
      const cob = cobs.get(txid);
      if (cob === undefined) throw new Error(`no cob ${txid}`);
      const pix: FakePix = { endToEndId, txid, valor: valor ?? cob.valor.original, chave: cob.chave, horario };
      cob.status = 'CONCLUIDA';
      cob.pix = [...(cob.pix ?? []), pix];
      return pix;
    },
  };
}
