/**
 * What the demo data looks like in each country it covers: names, company names, regions
 * with their telephone area codes and time zones, currency, payment habits. Plain data.
 */
export type Country = 'BR' | 'MX' | 'ES' | 'US';
export type Segment = 'retail' | 'wholesale' | 'services' | 'industry';
export type PaymentMethod = 'pix' | 'boleto' | 'transfer' | 'card';
export type Weighted<T> = readonly (readonly [T, number])[];

export const countries: readonly Country[] = ['BR', 'MX', 'ES', 'US'];
export const segments: readonly Segment[] = ['retail', 'wholesale', 'services', 'industry'];

/** Brazil first, as the product is. */
export const countryWeights: Weighted<Country> = [['BR', 55], ['MX', 15], ['ES', 15], ['US', 15]];
export const segmentWeights: Weighted<Segment> = [['retail', 35], ['wholesale', 20], ['services', 30], ['industry', 15]];

export interface Region {
  readonly name: string;
  readonly weight: number;
  readonly timezone: string;
  readonly areaCodes: readonly string[];
  /** Brazil: the ninth CPF digit of people registered there. */
  readonly cpfRegion?: number;
}

export interface LegalForm {
  readonly suffix: string;
  readonly weight: number;
  /** Only for these segments (a corporation is rarely a corner shop). */
  readonly segments?: readonly Segment[];
}

export interface Locale {
  readonly country: Country;
  readonly language: 'pt-BR' | 'es' | 'en';
  readonly currency: 'BRL' | 'MXN' | 'EUR' | 'USD';
  readonly dialCode: string;
  readonly regions: readonly Region[];
  readonly femaleNames: readonly string[];
  readonly maleNames: readonly string[];
  readonly surnames: readonly string[];
  /** Kinds of business per segment: "Padaria", "Distribuidora de Bebidas". */
  readonly kinds: Readonly<Record<Segment, readonly string[]>>;
  /** Fancy trade names: "Pão de Mel", "La Esperanza", "Blue Ridge". */
  readonly tradeNames: readonly string[];
  readonly legalForms: readonly LegalForm[];
  /** Mailbox names a billing department uses. */
  readonly billingMailboxes: readonly string[];
  /** Share of customers who are individuals rather than companies. */
  readonly individualShare: number;
  readonly emailShare: number;
  readonly whatsappShare: number;
  readonly paymentMethods: Weighted<PaymentMethod>;
  /** Invoice amounts relative to Brazilian reais (roughly the exchange rate). */
  readonly amountScale: number;
  /** Longest payment term allowed in B2B (Spain: 60 days, Ley 15/2010). */
  readonly maxTermsDays?: number;
}

const brazil: Locale = {
  country: 'BR',
  language: 'pt-BR',
  currency: 'BRL',
  dialCode: '55',
  regions: [
    { name: 'SP', weight: 30, timezone: 'America/Sao_Paulo', areaCodes: ['11', '11', '11', '12', '13', '14', '15', '16', '17', '18', '19'], cpfRegion: 8 },
    { name: 'RJ', weight: 10, timezone: 'America/Sao_Paulo', areaCodes: ['21', '21', '22', '24'], cpfRegion: 7 },
    { name: 'ES', weight: 2, timezone: 'America/Sao_Paulo', areaCodes: ['27', '28'], cpfRegion: 7 },
    { name: 'MG', weight: 10, timezone: 'America/Sao_Paulo', areaCodes: ['31', '31', '32', '33', '34', '35', '37', '38'], cpfRegion: 6 },
    { name: 'PR', weight: 6, timezone: 'America/Sao_Paulo', areaCodes: ['41', '42', '43', '44', '45', '46'], cpfRegion: 9 },
    { name: 'SC', weight: 4, timezone: 'America/Sao_Paulo', areaCodes: ['47', '48', '49'], cpfRegion: 9 },
    { name: 'RS', weight: 6, timezone: 'America/Sao_Paulo', areaCodes: ['51', '51', '53', '54', '55'], cpfRegion: 0 },
    { name: 'DF/GO', weight: 5, timezone: 'America/Sao_Paulo', areaCodes: ['61', '62', '64'], cpfRegion: 1 },
    { name: 'BA', weight: 5, timezone: 'America/Bahia', areaCodes: ['71', '73', '74', '75', '77'], cpfRegion: 5 },
    { name: 'PE', weight: 4, timezone: 'America/Recife', areaCodes: ['81', '87'], cpfRegion: 4 },
    { name: 'CE', weight: 3, timezone: 'America/Fortaleza', areaCodes: ['85', '88'], cpfRegion: 3 },
    { name: 'PA', weight: 2, timezone: 'America/Belem', areaCodes: ['91', '93', '94'], cpfRegion: 2 },
    { name: 'AM', weight: 2, timezone: 'America/Manaus', areaCodes: ['92', '97'], cpfRegion: 2 },
    { name: 'MT', weight: 2, timezone: 'America/Cuiaba', areaCodes: ['65', '66'], cpfRegion: 1 },
    { name: 'MS', weight: 1.5, timezone: 'America/Campo_Grande', areaCodes: ['67'], cpfRegion: 1 },
  ],
  femaleNames: ['Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline', 'Sandra', 'Camila', 'Luciana', 'Vanessa', 'Cláudia', 'Beatriz', 'Letícia', 'Rosângela', 'Tatiane', 'Simone'],
  maleNames: ['José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo', 'Sebastião'],
  surnames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas'],
  kinds: {
    retail: ['Padaria', 'Mercadinho', 'Farmácia', 'Papelaria', 'Ótica', 'Açougue', 'Floricultura', 'Pet Shop', 'Hortifruti', 'Armazém', 'Loja de Calçados', 'Drogaria', 'Empório', 'Minimercado'],
    wholesale: ['Distribuidora de Bebidas', 'Atacadista', 'Distribuidora de Alimentos', 'Comercial', 'Depósito de Materiais de Construção', 'Distribuidora de Autopeças', 'Atacado de Tecidos'],
    services: ['Clínica Odontológica', 'Oficina Mecânica', 'Transportadora', 'Escritório de Contabilidade', 'Escola Infantil', 'Salão de Beleza', 'Academia', 'Lavanderia', 'Auto Escola', 'Laboratório de Análises'],
    industry: ['Metalúrgica', 'Indústria de Plásticos', 'Confecções', 'Gráfica', 'Marcenaria', 'Laticínios', 'Cerâmica', 'Indústria de Móveis', 'Torrefação de Café', 'Embalagens'],
  },
  tradeNames: ['Pão de Mel', 'São Jorge', 'Bom Preço', 'Santa Luzia', 'Nova Esperança', 'Estrela do Sul', 'Boa Vista', 'Primavera', 'Dois Irmãos', 'Central', 'Progresso', 'Sol Nascente', 'Vitória', 'Aliança', 'Bela Vista', 'Triângulo', 'Ouro Verde', 'Santa Clara', 'Cruzeiro', 'Horizonte', 'Paraíso', 'Imperial', 'Beija-Flor', 'Ipê Amarelo', 'Serra Azul', 'Rio Doce', 'Bandeirante', 'Vale Verde'],
  legalForms: [
    { suffix: 'Ltda', weight: 6 },
    { suffix: 'Ltda.', weight: 1 },
    { suffix: 'ME', weight: 2, segments: ['retail', 'services'] },
    { suffix: 'EPP', weight: 1 },
    { suffix: 'S.A.', weight: 1, segments: ['wholesale', 'industry'] },
  ],
  billingMailboxes: ['financeiro', 'contasapagar', 'contato', 'adm', 'fiscal'],
  individualShare: 0.25,
  emailShare: 0.9,
  whatsappShare: 0.85,
  paymentMethods: [['pix', 55], ['boleto', 35], ['transfer', 7], ['card', 3]],
  amountScale: 1,
};

const mexico: Locale = {
  country: 'MX',
  language: 'es',
  currency: 'MXN',
  dialCode: '52',
  regions: [
    { name: 'CDMX', weight: 30, timezone: 'America/Mexico_City', areaCodes: ['55'] },
    { name: 'Jalisco', weight: 12, timezone: 'America/Mexico_City', areaCodes: ['33'] },
    { name: 'Nuevo León', weight: 12, timezone: 'America/Monterrey', areaCodes: ['81'] },
    { name: 'Puebla', weight: 5, timezone: 'America/Mexico_City', areaCodes: ['222'] },
    { name: 'Querétaro', weight: 4, timezone: 'America/Mexico_City', areaCodes: ['442'] },
    { name: 'Baja California', weight: 9, timezone: 'America/Tijuana', areaCodes: ['664', '664', '686'] },
    { name: 'Quintana Roo', weight: 4, timezone: 'America/Cancun', areaCodes: ['998'] },
    { name: 'Yucatán', weight: 3, timezone: 'America/Merida', areaCodes: ['999'] },
    { name: 'Sonora', weight: 3, timezone: 'America/Hermosillo', areaCodes: ['662'] },
    { name: 'Chihuahua', weight: 3, timezone: 'America/Chihuahua', areaCodes: ['614'] },
  ],
  femaleNames: ['María Guadalupe', 'Guadalupe', 'Juana', 'Margarita', 'Verónica', 'Rosa María', 'Leticia', 'Patricia', 'Alejandra', 'Gabriela', 'Araceli', 'Claudia', 'Adriana', 'Elizabeth', 'Silvia'],
  maleNames: ['José Luis', 'Juan', 'Miguel Ángel', 'Francisco', 'Jesús', 'Alejandro', 'Javier', 'Jorge', 'Ricardo', 'Fernando', 'Roberto', 'Eduardo', 'Arturo', 'Armando', 'Héctor'],
  surnames: ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Castillo', 'Núñez'],
  kinds: {
    retail: ['Abarrotes', 'Tienda', 'Farmacia', 'Papelería', 'Ferretería', 'Panadería', 'Tortillería', 'Carnicería', 'Zapatería', 'Miscelánea'],
    wholesale: ['Distribuidora', 'Comercializadora', 'Abastecedora', 'Bodega', 'Distribuidora de Abarrotes'],
    services: ['Taller Mecánico', 'Transportes', 'Consultorio Dental', 'Despacho Contable', 'Servicios Integrales', 'Lavandería', 'Fletes y Mudanzas'],
    industry: ['Industrias', 'Manufacturas', 'Plásticos', 'Muebles', 'Textiles', 'Alimentos Procesados', 'Maquiladora'],
  },
  tradeNames: ['La Esperanza', 'El Sol', 'La Güera', 'San Judas', 'La Guadalupana', 'El Porvenir', 'La Providencia', 'Del Bajío', 'Azteca', 'Del Norte', 'La Perla', 'El Faro', 'Santa Fe', 'Los Pinos', 'El Roble', 'La Michoacana', 'Del Pacífico', 'El Nopal'],
  legalForms: [
    { suffix: 'S.A. de C.V.', weight: 6 },
    { suffix: 'S. de R.L. de C.V.', weight: 3 },
    { suffix: 'S.A.P.I. de C.V.', weight: 1, segments: ['wholesale', 'industry'] },
  ],
  billingMailboxes: ['facturacion', 'pagos', 'contabilidad', 'cxp', 'administracion'],
  individualShare: 0.2,
  emailShare: 0.85,
  whatsappShare: 0.7,
  paymentMethods: [['transfer', 75], ['card', 25]],
  amountScale: 3.4,
};

const spain: Locale = {
  country: 'ES',
  language: 'es',
  currency: 'EUR',
  dialCode: '34',
  regions: [
    { name: 'Madrid', weight: 25, timezone: 'Europe/Madrid', areaCodes: ['91'] },
    { name: 'Barcelona', weight: 20, timezone: 'Europe/Madrid', areaCodes: ['93'] },
    { name: 'Valencia', weight: 10, timezone: 'Europe/Madrid', areaCodes: ['96'] },
    { name: 'Sevilla', weight: 7, timezone: 'Europe/Madrid', areaCodes: ['954', '955'] },
    { name: 'Málaga', weight: 5, timezone: 'Europe/Madrid', areaCodes: ['952'] },
    { name: 'Bizkaia', weight: 5, timezone: 'Europe/Madrid', areaCodes: ['94'] },
    { name: 'Zaragoza', weight: 4, timezone: 'Europe/Madrid', areaCodes: ['976'] },
    { name: 'Canarias', weight: 4, timezone: 'Atlantic/Canary', areaCodes: ['928', '922'] },
  ],
  femaleNames: ['María Carmen', 'María', 'Carmen', 'Josefa', 'Ana María', 'Isabel', 'Laura', 'Lucía', 'Cristina', 'Marta', 'Pilar', 'Elena', 'Rosa', 'Raquel', 'Montserrat'],
  maleNames: ['Antonio', 'Manuel', 'José', 'Francisco', 'David', 'Javier', 'Daniel', 'Carlos', 'Jesús', 'Alejandro', 'Miguel', 'Rafael', 'Pablo', 'Sergio', 'Jordi'],
  surnames: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos'],
  kinds: {
    retail: ['Panadería', 'Ferretería', 'Farmacia', 'Librería', 'Frutería', 'Carnicería', 'Óptica', 'Droguería', 'Floristería', 'Estanco'],
    wholesale: ['Distribuciones', 'Comercial', 'Suministros', 'Almacenes', 'Mayorista de Alimentación'],
    services: ['Talleres', 'Transportes', 'Asesoría', 'Clínica Dental', 'Autoescuela', 'Limpiezas', 'Instalaciones Eléctricas', 'Gestoría'],
    industry: ['Carpintería', 'Construcciones', 'Industrias', 'Metalúrgica', 'Conservas', 'Cerámicas', 'Aceites', 'Artes Gráficas'],
  },
  tradeNames: ['El Olivo', 'La Giralda', 'San Fernando', 'Del Sur', 'Mediterráneo', 'Levante', 'Castilla', 'La Mancha', 'Nuevo Horizonte', 'Los Álamos', 'Santa Marta', 'La Alhambra', 'Cantábrico', 'El Pilar', 'Sierra Nevada', 'Atlántico'],
  legalForms: [
    { suffix: 'S.L.', weight: 7 },
    { suffix: 'S.L.U.', weight: 1 },
    { suffix: 'S.A.', weight: 1.5, segments: ['wholesale', 'industry', 'services'] },
    { suffix: 'S.Coop.', weight: 0.5, segments: ['industry', 'wholesale'] },
  ],
  billingMailboxes: ['administracion', 'facturas', 'contabilidad', 'info', 'pagos'],
  individualShare: 0.2,
  emailShare: 0.95,
  whatsappShare: 0.45,
  paymentMethods: [['transfer', 82], ['card', 18]],
  amountScale: 0.17,
  maxTermsDays: 60,
};

const unitedStates: Locale = {
  country: 'US',
  language: 'en',
  currency: 'USD',
  dialCode: '1',
  regions: [
    { name: 'New York', weight: 12, timezone: 'America/New_York', areaCodes: ['212', '718', '646'] },
    { name: 'Massachusetts', weight: 4, timezone: 'America/New_York', areaCodes: ['617', '508'] },
    { name: 'Georgia', weight: 5, timezone: 'America/New_York', areaCodes: ['404', '678'] },
    { name: 'Florida', weight: 5, timezone: 'America/New_York', areaCodes: ['305', '786', '407'] },
    { name: 'North Carolina', weight: 2, timezone: 'America/New_York', areaCodes: ['828', '704'] },
    { name: 'Illinois', weight: 8, timezone: 'America/Chicago', areaCodes: ['312', '773'] },
    { name: 'Texas', weight: 12, timezone: 'America/Chicago', areaCodes: ['214', '972', '713', '832', '512'] },
    { name: 'Colorado', weight: 4, timezone: 'America/Denver', areaCodes: ['303', '720'] },
    { name: 'Arizona', weight: 4, timezone: 'America/Phoenix', areaCodes: ['602', '480'] },
    { name: 'California', weight: 15, timezone: 'America/Los_Angeles', areaCodes: ['213', '310', '323', '415', '510', '619'] },
    { name: 'Washington', weight: 4, timezone: 'America/Los_Angeles', areaCodes: ['206', '425'] },
  ],
  femaleNames: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Nancy', 'Lisa', 'Emily', 'Ashley', 'Michelle'],
  maleNames: ['James', 'Michael', 'Robert', 'John', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven'],
  surnames: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Baker', "O'Brien"],
  kinds: {
    retail: ['Hardware', 'Market', 'Pharmacy', 'Books', 'Outfitters', 'Bakery', 'Florist', 'Pet Supply', 'General Store'],
    wholesale: ['Supply', 'Distributors', 'Wholesale', 'Trading', 'Food Service'],
    services: ['Plumbing', 'Auto Repair', 'Dental Care', 'Accounting', 'Logistics', 'Cleaning Services', 'Landscaping', 'HVAC Services'],
    industry: ['Manufacturing', 'Machine Works', 'Plastics', 'Fabrication', 'Millwork', 'Printing', 'Foundry'],
  },
  tradeNames: ['Blue Ridge', 'Lakeside', 'Pioneer', 'Golden Gate', 'Evergreen', 'Summit', 'Riverside', 'Liberty', 'Cedar Creek', 'Prairie', 'Keystone', 'Harbor', 'Red Rock', 'Maple Leaf', 'Granite State', 'Lone Star', 'Bayview', 'Silver Creek'],
  legalForms: [
    { suffix: 'LLC', weight: 5 },
    { suffix: 'Inc.', weight: 3 },
    { suffix: 'Co.', weight: 1, segments: ['retail', 'wholesale'] },
    { suffix: 'Corp.', weight: 1, segments: ['industry', 'wholesale'] },
  ],
  billingMailboxes: ['ap', 'billing', 'accounts.payable', 'office', 'finance'],
  individualShare: 0.05,
  emailShare: 0.97,
  whatsappShare: 0.1,
  paymentMethods: [['transfer', 60], ['card', 40]],
  amountScale: 0.18,
};

export const locales: Readonly<Record<Country, Locale>> = { BR: brazil, MX: mexico, ES: spain, US: unitedStates };

/** Payment terms (net days) by segment: shops pay fast, industry slowly. */
export const termsBySegment: Readonly<Record<Segment, Weighted<number>>> = {
  retail: [[7, 2], [14, 2], [28, 3], [30, 3]],
  wholesale: [[28, 3], [30, 3], [45, 2], [60, 1]],
  services: [[10, 2], [15, 3], [30, 4]],
  industry: [[30, 3], [45, 3], [60, 3], [90, 1]],
};

/** Median invoice in reais, and how widely amounts of one customer spread (log-normal sigma). */
export const amountsBySegment: Readonly<Record<Segment, { median: number; sigma: number }>> = {
  retail: { median: 450, sigma: 0.7 },
  wholesale: { median: 6_000, sigma: 0.6 },
  services: { median: 1_500, sigma: 0.35 },
  industry: { median: 12_000, sigma: 0.7 },
};
