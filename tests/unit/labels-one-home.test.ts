// The engine's sentences and the cards name components and ticket types from one map, and count
// things with one plural: a second copy on either side fails here.
import { describe, expect, it } from '@jest/globals';
import { scoreAccount } from '../../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../server/domain/engine-config.ts';
import * as engineFormat from '../../server/domain/format.ts';
import { objectiveLine } from '../../server/domain/properties.ts';
import { COMPONENT_LABELS as ENGINE_COMPONENT_LABELS } from '../../server/domain/rob.ts';
import { analyzeSentiment } from '../../server/domain/sentiment/analyze.ts';
import { AccountSnapshot, ObjectiveStatus, TICKET_PRIORITIES, TICKET_TYPES } from '../../server/domain/snapshot.ts';
import { COMPONENT_LABELS, contactCardModel, grouped, OBJECTIVE_STATUS, OBJECTIVE_STATUS_LABELS, plural, TICKET_TYPE_LABELS, ticketLabel, WORDING, type ContactView } from '../../cards/model/index.ts';
import { WEB_WORDING } from '../../cards/web/wording.ts';
import { fixtures } from '../fixtures/api/fixtures.ts';
import { ARCHETYPES } from '../helpers/archetypes.ts';

describe('labels, plurals and number formats in one home', () => {
  it('the engine and the cards hold the same objects, not equal copies', () => {
    expect(ENGINE_COMPONENT_LABELS).toBe(COMPONENT_LABELS);
    expect(engineFormat.ticketLabel).toBe(ticketLabel);
    expect(engineFormat.plural).toBe(plural);
    expect(engineFormat.grouped).toBe(grouped);
  });

  it("words a step's effort on the card as the engine words it in the step", () => {
    for (const halfDays of [0.25, 0.5, 1, 1.5, 2, 3, 4, 7]) {
      expect(WORDING.company.effort(halfDays)).toBe(`Effort: ${engineFormat.effortText(halfDays)}`);
    }
  });

  it('names every ticket type the engine knows, and the contact card tags each the way the engine writes it', () => {
    expect(Object.keys(TICKET_TYPE_LABELS).sort()).toEqual([...TICKET_TYPES].sort());
    const view: ContactView = fixtures.contactChampion();
    const template = view.contact.openTickets[0]!;
    const openTickets = TICKET_TYPES.flatMap((type) => TICKET_PRIORITIES.map((priority, i) => ({ ...template, id: `${type}-${priority}`, type, priority, createdAt: `2026-10-0${i + 1}T00:00:00Z` })));
    const model = contactCardModel({ ...view, contact: { ...view.contact, openTickets } }, Date.parse('2026-11-01T00:00:00Z'));
    for (const row of model.tickets.rows) {
      const [type, priority] = row.id.split('-') as [(typeof TICKET_TYPES)[number], string];
      // The card capitalises the priority; the rest is the engine's label, word for word.
      expect(row.tag.text.toLowerCase()).toBe(engineFormat.ticketLabel(priority, type).toLowerCase());
      expect(row.tag.text.endsWith(` ${TICKET_TYPE_LABELS[type]}`)).toBe(true);
    }
    expect(model.tickets.rows).toHaveLength(TICKET_TYPES.length * TICKET_PRIORITIES.length);
  });

  it("labels the engine's ROB components and component risk notes with the cards' names", () => {
    for (const make of Object.values(ARCHETYPES)) {
      const r = scoreAccount(AccountSnapshot.parse(make()), { config: DEFAULT_ENGINE_CONFIG, sentiment: { score: analyzeSentiment } });
      for (const c of r.rob.components) expect(c.label).toBe(COMPONENT_LABELS[c.key]);
      for (const n of r.risk.notes) {
        const component = /^(.+) is at \d+ of 100 in the ROB score\.$/.exec(n.text);
        if (component) expect(Object.values(COMPONENT_LABELS)).toContain(component[1]);
      }
    }
  });

  it("writes each objective status in the CRM's plan summary as the cards label it", () => {
    expect(Object.keys(OBJECTIVE_STATUS_LABELS).sort()).toEqual([...ObjectiveStatus.options].sort());
    for (const status of ObjectiveStatus.options) {
      const line = objectiveLine({ id: 'o1', statement: 'Onboard faster', importance: 8, satisfaction: 3, status, opportunity: 13, overdue: false });
      expect(line).toBe(`[${OBJECTIVE_STATUS[status].text.toLowerCase()}] Onboard faster`);
    }
  });

  it('counts alike in the engine, the card wording and the console wording', () => {
    expect(WEB_WORDING.portfolio.count(1204)).toBe(engineFormat.plural(1204, 'account'));
    expect(WEB_WORDING.portfolio.count(1)).toBe('1 account');
    expect(WORDING.contact.showStoppers(2)).toBe(`${engineFormat.plural(2, 'open show-stopper')}`);
  });
});
