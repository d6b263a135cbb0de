// The org's daily API allowance, a rolling 24-hour window: every authenticated REST or SOAP call
// counts once; once the allowance is used up calls are refused with REQUEST_LIMIT_EXCEEDED.
import type { Clock } from './clock.ts';

const WINDOW_MS = 86_400_000;

class OrgUsage {
  readonly calls: number[] = [];
  head = 0;
}

export class ApiAllowance {
  max: number;
  private readonly usage = new Map<string, OrgUsage>();
  private readonly now: Clock;

  constructor(now: Clock, max: number) {
    this.now = now;
    this.max = max;
  }

  private org(orgId: string): OrgUsage {
    let u = this.usage.get(orgId);
    if (!u) this.usage.set(orgId, (u = new OrgUsage()));
    const cutoff = this.now() - WINDOW_MS;
    while (u.head < u.calls.length && (u.calls[u.head] ?? 0) <= cutoff) u.head++;
    if (u.head > 10_000 && u.head * 2 > u.calls.length) {
      u.calls.splice(0, u.head);
      u.head = 0;
    }
    return u;
  }

  used(orgId: string): number {
    const u = this.org(orgId);
    return u.calls.length - u.head;
  }

  /** Counts the call if the allowance has room; false when it is used up. */
  take(orgId: string): boolean {
    const u = this.org(orgId);
    if (u.calls.length - u.head >= this.max) return false;
    u.calls.push(this.now());
    return true;
  }

  /** Pretends `count` calls were made just now (control API: start a test near the limit). */
  consume(orgId: string, count: number): void {
    const u = this.org(orgId);
    for (let i = 0; i < count; i++) u.calls.push(this.now());
  }

  header(orgId: string): string {
    return `api-usage=${this.used(orgId)}/${this.max}`;
  }
}
