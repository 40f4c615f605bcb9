/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY);
  let last = 0;
  return {
    update(done: number, total: number, detail = ''): void {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${detail}\u001b[K`);
    },
    done(): void {
      if (enabled) stream.write('\n');
    },
  };
}
