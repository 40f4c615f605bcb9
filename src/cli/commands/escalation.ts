import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

/** CLI commands for escalation. */
export function registerEscalation(_program: Command, _globals: () => GlobalOptions): void {}
