// `serve [--role http|worker|all]`: the sidecar for production — configuration from the
// environment only (see README), HTTP and/or job workers, until SIGINT/SIGTERM.
import { once } from 'node:events';
import { checkProductionEnv, describeConfig, parseEnv } from '../config.ts';
import { startSidecar } from '../sidecar.ts';
import { parseCommandArgs, UsageError } from './args.ts';

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { role: { type: 'string', default: 'all' } });
  const role = args.role;
  if (role !== 'http' && role !== 'worker' && role !== 'all') throw new UsageError(`--role must be http, worker or all, got "${role}"`);
  const env = parseEnv(process.env);
  checkProductionEnv(env);
  const sidecar = await startSidecar({ env, role });
  process.stderr.write(`serve: ${role} role ${role === 'worker' ? 'running' : `listening on ${sidecar.url}`} ${JSON.stringify(describeConfig(env))}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  process.stderr.write('serve: stopping (jobs in flight finish or are released)…\n');
  await sidecar.close();
  return 0;
}
