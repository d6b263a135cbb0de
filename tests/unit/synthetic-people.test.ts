// The generator's dated people process (server/synthetic/people.ts): successive champions and
// sponsors, the sponsor's meetings, and what a renewal's odds read about them and about severe
// tickets around its close date.
import { describe, expect, it } from '@jest/globals';
import { drawPeople, peopleContacts, renewalEvents, type PeopleInput, type PeopleTimeline } from '../../server/synthetic/people.ts';
import { createRng } from '../../server/synthetic/random.ts';
import { VARIANT_4_SHAPE } from '../../server/synthetic/variant-4.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2023-01-01T00:00:00.000Z');
const AS_OF = Date.parse('2026-11-01T00:00:00.000Z');
const input = (health: number): PeopleInput => ({ shape: VARIANT_4_SHAPE.people!, touchRate: 1.5, sinceMs: T0, asOfMs: AS_OF, health: () => health });

describe('renewalEvents', () => {
  const timeline: PeopleTimeline = {
    champions: [
      { sinceMs: T0, leftMs: T0 + 100 * DAY },
      { sinceMs: T0 + 300 * DAY, leftMs: null },
    ],
    sponsors: [{ sinceMs: T0, leftMs: T0 + 500 * DAY }],
    touches: [T0 + 50 * DAY, T0 + 200 * DAY],
  };

  it('says who was in place on the close date and how long ago people left or met', () => {
    expect(renewalEvents(timeline, [], T0 + 50 * DAY)).toEqual({ championInPlace: true, daysSinceChampionLeft: null, sponsorInPlace: true, daysSinceExecutiveTouch: 0, severeUnresolved: 0 });
    const gap = renewalEvents(timeline, [], T0 + 250 * DAY);
    expect(gap.championInPlace).toBe(false);
    expect(gap.daysSinceChampionLeft).toBe(150);
    expect(gap.daysSinceExecutiveTouch).toBe(50);
    const later = renewalEvents(timeline, [], T0 + 600 * DAY);
    expect(later.championInPlace).toBe(true);
    expect(later.daysSinceChampionLeft).toBe(500);
    expect(later.sponsorInPlace).toBe(false);
  });

  it('counts severe tickets unresolved at some time in the 30 days before the close, not those opened after it', () => {
    const close = T0 + 400 * DAY;
    const severe = [
      { createdMs: close - 90 * DAY, closedMs: close - 20 * DAY }, // closed within the 30 days: counts
      { createdMs: close - 90 * DAY, closedMs: close - 40 * DAY }, // closed before them: does not
      { createdMs: close - 5 * DAY, closedMs: null }, // still open: counts
      { createdMs: close + DAY, closedMs: null }, // opened after the close: does not
    ];
    expect(renewalEvents(timeline, severe, close).severeUnresolved).toBe(2);
  });
});

describe('drawPeople', () => {
  it('is deterministic, and champions follow one another without overlap from the first day', () => {
    const a = drawPeople(createRng('people'), input(0.5));
    expect(drawPeople(createRng('people'), input(0.5))).toEqual(a);
    expect(a.champions[0]!.sinceMs).toBe(T0);
    for (let i = 1; i < a.champions.length; i++) expect(a.champions[i]!.sinceMs).toBeGreaterThan(a.champions[i - 1]!.leftMs!);
    for (const t of a.touches) expect(a.sponsors.some((s) => s.sinceMs <= t && t <= (s.leftMs ?? AS_OF))).toBe(true);
  });

  it('loses champions more often at accounts in trouble, and meets their sponsors less', () => {
    const departures = (health: number) => {
      let left = 0;
      let touches = 0;
      for (let i = 0; i < 400; i++) {
        const p = drawPeople(createRng(`people-${i}`), input(health));
        left += p.champions.filter((c) => c.leftMs !== null).length;
        touches += p.touches.length;
      }
      return { left, touches };
    };
    const sick = departures(0.1);
    const well = departures(0.9);
    expect(sick.left).toBeGreaterThan(well.left * 1.5);
    expect(well.touches).toBeGreaterThan(sick.touches * 1.5);
  });

  it('turns the timeline into contacts: everyone who left last engaged when they left', () => {
    const timeline = drawPeople(createRng('people-contacts'), input(0.3));
    const contacts = peopleContacts(createRng('c'), timeline, input(0.3), 3);
    expect(contacts.filter((c) => c.role === 'champion')).toHaveLength(timeline.champions.filter((t) => t.sinceMs <= AS_OF).length);
    expect(contacts.filter((c) => c.role === 'admin' || c.role === 'user')).toHaveLength(3);
    for (const c of contacts) {
      if (c.leftMs !== null) expect(c.lastEngagedMs).toBe(c.leftMs);
      expect(c.sinceMs).toBeGreaterThanOrEqual(T0);
      if (c.lastEngagedMs !== null) expect(c.lastEngagedMs).toBeGreaterThanOrEqual(c.sinceMs);
    }
  });
});
