// Builders for engine tests: a healthy baseline account and small, named changes to it.
import { readFileSync } from 'node:fs';
import { AccountSnapshot, type AccountSnapshotInput } from '../../server/domain/snapshot.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../../server/domain/engine-config.ts';
import type { EngineDeps } from '../../server/domain/engine.ts';
import { scoreAccount } from '../../server/domain/engine.ts';
import type { AccountResult } from '../../server/domain/result.ts';

export const AS_OF = '2026-11-01T00:00:00Z';
export const DAY = 86_400_000;
export const daysAgo = (days: number, from = AS_OF) => new Date(Date.parse(from) - days * DAY).toISOString();

/** A tiny, predictable scorer for engine tests: the real analyzer has its own tests. */
export const keywordSentiment = {
  score(text: string): number {
    if (/not|can't|broken|unacceptable|still/i.test(text)) return -0.8;
    if (/thanks|great|fixed|works/i.test(text)) return 0.7;
    return 0;
  },
};

export function deps(config: EngineConfig = DEFAULT_ENGINE_CONFIG): EngineDeps {
  return { config, sentiment: keywordSentiment };
}

export function contractExample(): AccountSnapshot {
  return AccountSnapshot.parse(JSON.parse(readFileSync(new URL('../fixtures/contract-snapshot.json', import.meta.url), 'utf8')));
}

/** A healthy mid-size customer: most seats used, a few light tickets, pleased messages. */
export function healthyInput(): AccountSnapshotInput {
  return {
    asOf: AS_OF,
    account: { id: 'a-1', name: 'Healthy Co', crm: 'sandbox', licensedSeats: 100, renewalDate: '2027-03-01', customerSince: '2023-01-01' },
    usage: {
      activeUsers: 85,
      history: [
        { date: '2026-05-01', activeUsers: 80 },
        { date: '2026-08-01', activeUsers: 82 },
        { date: '2026-10-01', activeUsers: 84 },
      ],
    },
    tickets: [20, 70, 130, 200].map((d, i) => ({
      id: `t-${i}`,
      createdAt: daysAgo(d),
      closedAt: daysAgo(d - 2),
      type: 'how_to' as const,
      priority: 'low' as const,
      subject: 'How do I add a user?',
      messages: [
        { at: daysAgo(d), from: 'customer' as const, text: 'How do I add a user?' },
        { at: daysAgo(d - 1), from: 'agent' as const, text: 'Here is the guide.' },
        { at: daysAgo(d - 2), from: 'customer' as const, text: 'Thanks, works now' },
      ],
    })),
    contacts: [
      { id: 'p-1', name: 'Dana', role: 'champion', active: true, lastEngagedAt: daysAgo(10) },
      { id: 'p-2', name: 'Eve', role: 'executive', active: true, lastEngagedAt: daysAgo(40) },
    ],
    engagements: [{ at: daysAgo(10), kind: 'meeting' }, { at: daysAgo(40), kind: 'call' }],
    renewals: [{ id: 'd-1', closeDate: '2026-03-01', amount: 100000, outcome: 'won' }],
    objectives: [],
  };
}

export function snapshot(input: AccountSnapshotInput = healthyInput()): AccountSnapshot {
  return AccountSnapshot.parse(input);
}

export function score(input: AccountSnapshotInput | AccountSnapshot, config?: EngineConfig): AccountResult {
  return scoreAccount(AccountSnapshot.parse(input), deps(config));
}

export function urgentBug(id: string, daysOpen: number, text = 'Export still not working') {
  return {
    id,
    createdAt: daysAgo(daysOpen),
    closedAt: null,
    type: 'bug' as const,
    priority: 'urgent' as const,
    subject: 'Export fails',
    messages: [{ at: daysAgo(daysOpen), from: 'customer' as const, text }],
  };
}
