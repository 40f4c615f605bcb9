import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { backupEmbeddedDatabase, restoreEmbeddedDatabase } from '../../use-cases/backup.ts';

/** regua backup, regua restore (the embedded database; PostgreSQL uses pg_dump). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the embedded database into one file (stop regua serve first; PostgreSQL: pg_dump)')
    .requiredOption('--out <file>', 'the backup file to write (a .tar.gz)')
    .action(async (options: { out: string }) => {
      const { bytes } = await backupEmbeddedDatabase(loadConfig(), options.out);
      process.stdout.write(`backup written to ${options.out} (${(bytes / 1_048_576).toFixed(1)} MB)\n`);
    });

  program
    .command('restore')
    .description('replace the embedded database with a backup (the current one is kept aside)')
    .argument('<file>', 'a file written by regua backup')
    .action(async (file: string) => {
      const { keptAside } = await restoreEmbeddedDatabase(loadConfig(), file, new Date());
      process.stdout.write(`restored from ${file}${keptAside ? `; the previous database is kept in ${keptAside}` : ''}\n`);
    });
}
