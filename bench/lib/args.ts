import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The benchmark scripts' options: parsed, or the script stops with the message and its usage line. */
export function benchArgs<const T extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: T) {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    return failWithUsage(usage, (error as Error).message);
  }
}

export function failWithUsage(usage: string, message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(1);
}
