/**
 * Objects as our PowerShell module hands them to ConvertTo-Json, before the edition decides how
 * they print. Three kinds of values print differently in Windows PowerShell 5.1 ('Desktop') and
 * PowerShell 7 ('Core'):
 * - enums: 5.1 prints the number, 7 (with -EnumsAsStrings) the name;
 * - a pipeline's output: 5.1 prints one item as the bare object and none as null, 7 (-AsArray) an array;
 * - an array stored in a property: 5.1's extended type system leaks it as {"value":[...],"Count":n};
 * - a DateTime: 5.1 prints "\/Date(ms)\/", 7 an ISO 8601 string.
 */
import type { JsonValue } from '../../core/json/losslessJson';

export type PsEdition = 'Desktop' | 'Core';

export class PsEnum {
  constructor(
    readonly name: string,
    readonly value: number,
  ) {}
}

export class PsPipeline {
  constructor(readonly items: readonly PsValue[]) {}
}

export class PsPropertyList {
  constructor(readonly items: readonly PsValue[]) {}
}

/** A DateTime without time zone (what CIM gives for driver dates), as yyyy-mm-dd. */
export class PsDate {
  constructor(readonly isoDate: string) {}
}

export type PsValue =
  null | boolean | number | bigint | string | PsEnum | PsPipeline | PsPropertyList | PsDate | readonly PsValue[] | PsObject;
export interface PsObject {
  readonly [property: string]: PsValue;
}

export function renderPs(value: PsValue, edition: PsEdition): JsonValue {
  if (value instanceof PsEnum) return edition === 'Desktop' ? value.value : value.name;
  if (value instanceof PsDate) {
    return edition === 'Desktop' ? `/Date(${Date.parse(`${value.isoDate}T00:00:00Z`)})/` : `${value.isoDate}T00:00:00`;
  }
  if (value instanceof PsPipeline) {
    const items = value.items.map((item) => renderPs(item, edition));
    if (edition === 'Core') return items;
    if (items.length === 0) return null;
    return items.length === 1 ? items[0]! : items;
  }
  if (value instanceof PsPropertyList) {
    const items = value.items.map((item) => renderPs(item, edition));
    return edition === 'Desktop' ? { value: items, Count: items.length } : items;
  }
  if (Array.isArray(value)) return value.map((item: PsValue) => renderPs(item, edition));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value as PsObject)) out[key] = renderPs(item, edition);
    return out;
  }
  return value as JsonValue;
}
