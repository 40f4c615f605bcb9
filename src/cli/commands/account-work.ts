import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

/** CLI commands for account work. */
export function registerAccountWork(_program: Command, _globals: () => GlobalOptions): void {}
