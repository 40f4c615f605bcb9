import type { OneTimeTokenKind } from './account-tokens.ts';

/** The text of invitation and password-reset e-mails in pt-BR, es and en (others fall back to en). Pure. */
export interface AccountEmailText {
  subject: string;
  text: string;
}

type Language = 'pt-BR' | 'es' | 'en';

const texts: Record<Language, Record<OneTimeTokenKind, (p: { organisation: string; link: string; role: string }) => AccountEmailText>> = {
  'pt-BR': {
    invitation: (p) => ({
      subject: `Convite para a Régua: ${p.organisation}`,
      text: `Olá,\n\nVocê foi convidado(a) para ${p.organisation} na Régua com o papel ${p.role}.\nDefina sua senha e entre por este link (válido por 7 dias, uso único):\n\n${p.link}\n\nSe não esperava este convite, ignore esta mensagem.\n`,
    }),
    password_reset: (p) => ({
      subject: 'Régua: redefinição de senha',
      text: `Olá,\n\nRecebemos um pedido para redefinir sua senha na Régua.\nDefina uma nova senha por este link (válido por 1 hora, uso único):\n\n${p.link}\n\nSe não foi você, ignore esta mensagem: sua senha continua a mesma.\n`,
    }),
  },
  es: {
    invitation: (p) => ({
      subject: `Invitación a Régua: ${p.organisation}`,
      text: `Hola:\n\nTe invitaron a ${p.organisation} en Régua con el rol ${p.role}.\nDefine tu contraseña y entra con este enlace (válido 7 días, de un solo uso):\n\n${p.link}\n\nSi no esperabas esta invitación, ignora este mensaje.\n`,
    }),
    password_reset: (p) => ({
      subject: 'Régua: restablecer la contraseña',
      text: `Hola:\n\nRecibimos una solicitud para restablecer tu contraseña en Régua.\nDefine una nueva con este enlace (válido 1 hora, de un solo uso):\n\n${p.link}\n\nSi no fuiste tú, ignora este mensaje: tu contraseña no cambia.\n`,
    }),
  },
  en: {
    invitation: (p) => ({
      subject: `Invitation to Régua: ${p.organisation}`,
      text: `Hello,\n\nYou have been invited to ${p.organisation} on Régua as ${p.role}.\nSet your password and sign in with this link (valid for 7 days, single use):\n\n${p.link}\n\nIf you did not expect this invitation, ignore this message.\n`,
    }),
    password_reset: (p) => ({
      subject: 'Régua: password reset',
      text: `Hello,\n\nWe received a request to reset your Régua password.\nSet a new password with this link (valid for 1 hour, single use):\n\n${p.link}\n\nIf it was not you, ignore this message: your password stays the same.\n`,
    }),
  },
};

export function accountEmailText(kind: OneTimeTokenKind, language: string, params: { organisation: string; link: string; role: string }): AccountEmailText {
  const lang: Language = language.startsWith('pt') ? 'pt-BR' : language.startsWith('es') ? 'es' : 'en';
  return texts[lang][kind](params);
}

/** The links the web app answers: /accept?token=… (invitation) and /reset-password?token=… */
export function accountLink(publicUrl: string, kind: OneTimeTokenKind, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/${kind === 'invitation' ? 'accept' : 'reset-password'}?token=${encodeURIComponent(token)}`;
}

const spanishSpeaking = new Set(['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'UY', 'PY', 'BO', 'EC', 'VE', 'CR', 'PA', 'GT', 'HN', 'SV', 'NI', 'DO', 'CU']);

/** A new user's language until they pick one: from the organisation's country. */
export function defaultLanguageFor(country: string): string {
  if (country === 'BR' || country === 'PT') return 'pt-BR';
  return spanishSpeaking.has(country) ? 'es' : 'en';
}
