// Properties API (/crm/v3/properties/{type}[/{name}], groups) and the custom-property limits
// endpoint (/crm/v3/limits/custom-properties: byObjectType[{objectTypeId, singularLabel,
// pluralLabel, limit, usage, percentage}], overallLimit, overallUsage, overallPercentage).
import type { Express } from 'express';
import { z } from 'zod';
import { conflict, notFound, validationError } from '../errors.ts';
import { OBJECT_TYPE_INFO, OBJECT_TYPES } from '../object-types.ts';
import { crmRoute, queryString } from '../pipeline.ts';
import type { PropertyDef, PropertyGroup, PropertyType } from '../property-defs.ts';
import type { SandboxState } from '../state.ts';
import { objectTypeParam, parse } from './common.ts';

/** Field types HubSpot accepts for each property type. */
const FIELD_TYPES: Record<PropertyType, readonly string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};

const NAME = /^[a-z][a-z0-9_]*$/;

const OptionInput = z.object({ label: z.string().min(1), value: z.string().min(1), displayOrder: z.number().int().optional(), hidden: z.boolean().default(false), description: z.string().optional() });

const PropertyCreate = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool']),
  fieldType: z.string().min(1),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(OptionInput).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  externalOptions: z.boolean().optional(),
  referencedObjectType: z.string().optional(),
});

const GroupCreate = z.object({ name: z.string().min(1), label: z.string().min(1), displayOrder: z.number().int().optional() });

function toJson(p: PropertyDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, description: p.description, groupName: p.groupName,
    options: p.options, displayOrder: p.displayOrder, calculated: false, externalOptions: false, hasUniqueValue: p.hasUniqueValue,
    hidden: p.hidden, formField: p.formField, archived: false, createdAt: new Date(p.createdAt).toISOString(), updatedAt: new Date(p.updatedAt).toISOString(),
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.readOnlyValue },
  };
  if (p.hubspotDefined) out.hubspotDefined = true;
  return out;
}

function groupJson(g: PropertyGroup): Record<string, unknown> {
  return { name: g.name, label: g.label, displayOrder: g.displayOrder, archived: false };
}

export function registerPropertyRoutes(app: Express, state: SandboxState): void {
  crmRoute(app, state, 'GET', '/crm/v3/properties/:type/groups', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    return { status: 200, body: { results: [...ctx.store.groups[type].values()].map(groupJson) } };
  });

  crmRoute(app, state, 'POST', '/crm/v3/properties/:type/groups', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const body = parse(GroupCreate, ctx.json());
    if (!NAME.test(body.name)) throw validationError(`Invalid property group name ${JSON.stringify(body.name)}: use lowercase letters, digits and underscores, starting with a letter.`);
    const groups = ctx.store.groups[type];
    if (groups.has(body.name)) throw conflict(`A property group named '${body.name}' already exists.`);
    const group: PropertyGroup = { name: body.name, label: body.label, displayOrder: body.displayOrder ?? -1 };
    groups.set(group.name, group);
    return { status: 201, body: groupJson(group) };
  });

  crmRoute(app, state, 'GET', '/crm/v3/properties/:type/groups/:name', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const group = ctx.store.groups[type].get(ctx.params.name ?? '');
    if (!group) throw notFound(`Unable to find property group ${ctx.params.name ?? ''}`);
    return { status: 200, body: groupJson(group) };
  });

  crmRoute(app, state, 'GET', '/crm/v3/properties/:type', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    if (queryString(ctx.query, 'archived') === 'true') return { status: 200, body: { results: [] } };
    return { status: 200, body: { results: [...ctx.store.properties[type].values()].map(toJson) } };
  });

  crmRoute(app, state, 'GET', '/crm/v3/properties/:type/:name', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const def = ctx.store.properties[type].get(ctx.params.name ?? '');
    if (!def) throw notFound(`Unable to find property ${ctx.params.name ?? ''}`, { context: { propertyName: [ctx.params.name ?? ''] } });
    return { status: 200, body: toJson(def) };
  });

  crmRoute(app, state, 'POST', '/crm/v3/properties/:type', 'general', (ctx) => {
    const type = objectTypeParam(ctx.params);
    const body = parse(PropertyCreate, ctx.json());
    const defs = ctx.store.properties[type];
    if (!NAME.test(body.name) || body.name.length > 100) throw validationError(`Invalid property name ${JSON.stringify(body.name)}: internal names use lowercase letters, digits and underscores and start with a letter.`);
    if (defs.has(body.name)) throw conflict(`Property named '${body.name}' already exists.`);
    if (!FIELD_TYPES[body.type].includes(body.fieldType)) {
      throw validationError(`fieldType ${body.fieldType} is not valid for a property of type ${body.type} (allowed: ${FIELD_TYPES[body.type].join(', ')})`);
    }
    if (!ctx.store.groups[type].has(body.groupName)) throw validationError(`Property group ${body.groupName} does not exist for ${OBJECT_TYPE_INFO[type].name}`, { subCategory: 'PropertyValidationError.INVALID_GROUP_NAME' });
    let options = body.options ?? [];
    if (body.type === 'bool' && options.length === 0) options = [{ label: 'Yes', value: 'true', hidden: false }, { label: 'No', value: 'false', hidden: false }];
    if (body.type === 'enumeration' && options.length === 0) throw validationError(`Enumeration property ${body.name} needs at least one option`);
    if (new Set(options.map((o) => o.value)).size !== options.length) throw validationError(`Option values of ${body.name} must be unique`);
    const limit = state.customPropertyLimit;
    if (ctx.store.customPropertyCount(type) >= limit) {
      throw validationError(`You have reached the limit of ${limit} custom properties for ${OBJECT_TYPE_INFO[type].pluralLabel.toLowerCase()}.`, { subCategory: 'PropertyValidationError.MAX_NUMBER_OF_PROPERTIES_EXCEEDED', context: { limit: [String(limit)] } });
    }
    const at = state.now();
    const def: PropertyDef = {
      name: body.name, label: body.label, type: body.type, fieldType: body.fieldType, description: body.description ?? '', groupName: body.groupName,
      options: options.map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden, ...(o.description ? { description: o.description } : {}) })),
      displayOrder: body.displayOrder ?? -1, hubspotDefined: false, readOnlyValue: false, hasUniqueValue: body.hasUniqueValue ?? false,
      hidden: body.hidden ?? false, formField: body.formField ?? false, createdAt: at, updatedAt: at,
    };
    defs.set(def.name, def);
    return { status: 201, body: toJson(def) };
  });

  crmRoute(app, state, 'GET', '/crm/v3/limits/custom-properties', 'general', (ctx) => {
    const limit = state.customPropertyLimit;
    let overallUsage = 0;
    const byObjectType = OBJECT_TYPES.map((type) => {
      const info = OBJECT_TYPE_INFO[type];
      const usage = ctx.store.customPropertyCount(type);
      overallUsage += usage;
      return { objectTypeId: info.id, singularLabel: info.singularLabel, pluralLabel: info.pluralLabel, limit, usage, percentage: round2((usage / limit) * 100) };
    });
    const overallLimit = limit * OBJECT_TYPES.length;
    return { status: 200, body: { byObjectType, overallLimit, overallUsage, overallPercentage: round2((overallUsage / overallLimit) * 100) } };
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
