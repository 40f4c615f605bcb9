import { Worker } from 'node:worker_threads';

/** How long one document may take to render before its worker is stopped. */
const defaultTimeoutMs = 60_000;

class RenderTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the document took longer than ${timeoutMs} ms to render and was abandoned`);
  }
}

type Pending = { resolve: (bytes: Buffer) => void; reject: (error: Error) => void };

// The module that exports the renderers: next to the sources under tsx, a chunk of its own in dist/.
const fromSources = import.meta.url.endsWith('.ts');
const renderersModule = fromSources ? new URL('../use-cases/pdf-renderers.ts', import.meta.url) : new URL('./pdf-renderers.js', import.meta.url);

// The worker: loads TypeScript through tsx when it runs the sources, imports the renderers once,
// then draws each request it is sent ({ id, name, input }) and answers { id, bytes } or { id, error }.
const workerSource = `
  const { parentPort } = await import('node:worker_threads');
  ${fromSources ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();` : ''}
  const renderers = await import(${JSON.stringify(renderersModule.href)});
  parentPort.on('message', async ({ id, name, input }) => {
    try {
      parentPort.postMessage({ id, bytes: await renderers[name](input) });
    } catch (error) {
      parentPort.postMessage({ id, error: String(error?.stack ?? error) });
    }
  });
`;

let current: { worker: Worker; pending: Map<number, Pending> } | null = null;
let nextId = 0;

/** One worker thread for the process, started on first use and replaced when it dies or is stopped. */
function renderer(): { worker: Worker; pending: Map<number, Pending> } {
  if (current) return current;
  const worker = new Worker(`import(${JSON.stringify(`data:text/javascript,${encodeURIComponent(workerSource)}`)})`, { eval: true });
  worker.unref();
  const pending = new Map<number, Pending>();
  const state = { worker, pending };
  const fail = (error: Error) => {
    if (current === state) current = null;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (answer: { id: number; bytes?: Uint8Array; error?: string }) => {
    const p = pending.get(answer.id);
    if (!p) return;
    pending.delete(answer.id);
    if (answer.bytes) p.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
    else p.reject(new Error(`rendering failed in the PDF worker: ${answer.error}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the PDF worker stopped (exit code ${code})`)));
  current = state;
  return state;
}

// An idle worker is stopped after a moment: its message port would otherwise keep a command's
// process alive after its work is done (unref() does not cover the port under tsx's loader).
const idleMs = 500;
function retireWhenIdle(state: { worker: Worker; pending: Map<number, Pending> }): void {
  setTimeout(() => {
    if (state.pending.size > 0 || current !== state) return;
    current = null;
    void state.worker.terminate();
  }, idleMs).unref();
}

/**
 * Runs the renderer `exportName(input)` of use-cases/pdf-renderers.ts (plain data in,
 * bytes out) in a worker thread, so a large document never blocks the event loop that
 * answers every other request. A render that takes longer than `timeoutMs` stops the worker
 * (the next render starts a fresh one) and fails with RenderTimeoutError. The input crosses
 * by structured clone (plain data and Dates).
 */
export function renderInWorker<I>(exportName: 'drawRecordPdf' | 'drawPacketPdf', input: I, timeoutMs = defaultTimeoutMs): Promise<Buffer> {
  const state = renderer();
  const id = ++nextId;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (!state.pending.has(id)) return;
      state.pending.delete(id);
      reject(new RenderTimeoutError(timeoutMs));
      if (current === state) current = null;
      void state.worker.terminate();
    }, timeoutMs);
    const settled = () => {
      clearTimeout(timer);
      if (state.pending.size === 0) retireWhenIdle(state);
    };
    state.pending.set(id, {
      resolve: (bytes) => (settled(), resolve(bytes)),
      reject: (error) => (settled(), reject(error)),
    });
    state.worker.postMessage({ id, name: exportName, input });
  });
}
