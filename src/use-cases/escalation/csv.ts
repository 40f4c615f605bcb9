export { csvRow } from '../../domain/csv.ts';
