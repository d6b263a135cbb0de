// The sidecar processes of the scale bench: real `serve --role …` children sharing one Postgres,
// each HTTP process on its own loopback port (its PUBLIC_URL), killed with SIGKILL and restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export type Role = 'http' | 'worker' | 'all';

export interface Member {
  index: number;
  role: Role;
  /** The process's public URL (HTTP roles), else null. */
  url: string | null;
  child: ChildProcess | null;
  /** Resolves once the current child is up (listening, or running for a worker). */
  ready: Promise<void>;
  up: boolean;
  restarts: number;
}

function alive(child: ChildProcess | null): child is ChildProcess {
  return child !== null && child.exitCode === null && child.signalCode === null;
}

export class Fleet {
  readonly members: Member[] = [];
  readonly #root: string;
  readonly #env: Record<string, string>;
  #stopping = false;

  constructor(root: string, env: Record<string, string>) {
    this.#root = root;
    this.#env = env;
  }

  add(role: Role, port: number | null): Member {
    const url = port === null ? null : `http://127.0.0.1:${port}`;
    const member: Member = { index: this.members.length, role, url, child: null, ready: Promise.resolve(), up: false, restarts: 0 };
    this.members.push(member);
    return member;
  }

  /** Starts (or restarts) a member's process; resolves once it is up. */
  start(member: Member): Promise<void> {
    const port = member.url ? new URL(member.url).port : '0';
    const env = { ...process.env, ...this.#env, PORT: port, ...(member.url ? { PUBLIC_URL: member.url } : {}) };
    const child = spawn(process.execPath, ['server/cli.ts', 'serve', '--role', member.role], { cwd: this.#root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    member.child = child;
    member.up = false;
    let stderr = '';
    member.ready = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4_000);
        if (!member.up && stderr.includes('serve: ')) {
          member.up = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        member.up = false;
        if (signal === 'SIGKILL' || this.#stopping) resolve();
        else reject(new Error(`serve --role ${member.role} exited with ${code}: ${stderr}`));
      });
    });
    return member.ready;
  }

  /** SIGKILL, no warning; resolves once the process is gone. */
  async kill(member: Member): Promise<void> {
    const child = member.child;
    if (!alive(child)) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async restart(member: Member): Promise<void> {
    await this.kill(member);
    member.restarts++;
    await this.start(member);
  }

  httpMembers(): Member[] {
    return this.members.filter((m) => m.url !== null);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(
      this.members.map(async (m) => {
        if (!alive(m.child)) return;
        const exited = once(m.child, 'exit');
        m.child.kill('SIGTERM');
        const timer = setTimeout(() => m.child?.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
