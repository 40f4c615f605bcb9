/**
 * The documents the PDF worker thread draws (src/pdf/render-in-worker.ts imports this module
 * by URL, from the sources or as dist/pdf-renderers.js in the compiled build).
 */
export { drawRecordPdf } from './account-work/record-pdf.ts';
export { drawPacketPdf } from './escalation/packet-pdf.ts';
