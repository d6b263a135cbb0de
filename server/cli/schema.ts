// `schema [--which snapshot|result|config]`: the public contracts as JSON Schema.
import { z } from 'zod';
import { EngineConfig } from '../domain/engine-config.ts';
import { AccountResult } from '../domain/result.ts';
import { AccountSnapshot } from '../domain/snapshot.ts';
import { parseCommandArgs, UsageError } from './args.ts';

export function contractSchemas() {
  return {
    AccountSnapshot: z.toJSONSchema(AccountSnapshot, { io: 'input' }),
    AccountResult: z.toJSONSchema(AccountResult, { io: 'output' }),
    EngineConfig: z.toJSONSchema(EngineConfig, { io: 'input' }),
  };
}

export function schemaCommand(argv: string[]): number {
  const { which } = parseCommandArgs(argv, { which: { type: 'string' } });
  const all = contractSchemas();
  const pick = { snapshot: 'AccountSnapshot', result: 'AccountResult', config: 'EngineConfig' } as const;
  if (which !== undefined && !(which in pick)) throw new UsageError(`--which must be one of ${Object.keys(pick).join(', ')}`);
  const out = which === undefined ? all : all[pick[which as keyof typeof pick]];
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}
