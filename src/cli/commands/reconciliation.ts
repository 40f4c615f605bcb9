import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

/** CLI commands for reconciliation. */
export function registerReconciliation(_program: Command, _globals: () => GlobalOptions): void {}
