import { Liquid, type FilterImplOptions, type LiquidOptions, type Template } from 'liquidjs';
import { dateTimeFormat } from '../../domain/intl-formats.ts';

/**
 * LiquidJS set up for text that businesses edit: no file system (include/render/layout find
 * nothing), only own properties of the context, unknown filters are errors, unknown variables
 * print nothing, and parse size, render time and allocations are capped so a template cannot
 * stall the delivery worker.
 */
const safeOptions: LiquidOptions = {
  templates: {},
  relativeReference: false,
  dynamicPartials: false,
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  jsTruthy: false,
  cache: false,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

// Plain output for text, SMS, WhatsApp and letters; HTML-escaped output for e-mail bodies.
export const textLiquid = new Liquid(safeOptions);
export const htmlLiquid = new Liquid({ ...safeOptions, outputEscape: 'escape' });

const localDate: FilterImplOptions = function (value: unknown) {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const language = this.context.getSync(['language']);
  return formatLocalDate(value, typeof language === 'string' ? language : 'en');
};

for (const engine of [textLiquid, htmlLiquid]) engine.registerFilter('local_date', localDate);

/** 'YYYY-MM-DD' as people of the language write it: 01/10/2026 (pt, es), Oct 1, 2026 (en). */
export function formatLocalDate(isoDate: string, language: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  const numeric = !language.toLowerCase().startsWith('en');
  const options: Intl.DateTimeFormatOptions = numeric
    ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeZone: 'UTC' };
  try {
    return dateTimeFormat(language, options).format(date);
  } catch {
    return isoDate;
  }
}

const parsed = new Map<string, Template[]>();

/** Parses once per engine and source; shipped templates are parsed on first use only. */
export function parseCached(engine: Liquid, source: string): Template[] {
  const key = `${engine === htmlLiquid ? 'h' : 't'}:${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engine.parse(source);
    if (parsed.size > 2_000) parsed.clear();
    parsed.set(key, templates);
  }
  return templates;
}
