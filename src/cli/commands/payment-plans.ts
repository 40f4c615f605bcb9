import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

/** CLI commands for payment plans. */
export function registerPaymentPlans(_program: Command, _globals: () => GlobalOptions): void {}
