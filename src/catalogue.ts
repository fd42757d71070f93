/**
 * Sites and regions (SPEC §1, W1, W5). The catalogue is data: {@link DEFAULT_CATALOGUE} holds
 * real HUAWEI CLOUD regions, and users pass their own to {@link createWorld}.
 *
 * @module
 */

/**
 * A HUAWEI CLOUD site, such as `china` or `international`.
 *
 * @example
 * ```ts
 * const sites: readonly Site[] = state.catalogue.sites;
 * ```
 */
export interface Site {
  readonly id: string;
}

/**
 * A region, offered at one or more sites, with its availability zones.
 *
 * @example
 * ```ts
 * const region: Region | undefined = listRegions(state).find((r) => r.id === 'cn-north-4');
 * ```
 */
export interface Region {
  readonly id: string;
  readonly name: string;
  readonly sites: readonly string[];
  readonly azs: readonly string[];
}

/**
 * The sites and regions of a world.
 *
 * @example
 * ```ts
 * const world = createWorld({ sites: [{ id: 'x' }], regions: [{ id: 'r1', name: 'R1', sites: ['x'], azs: ['r1a'] }] });
 * ```
 */
export interface Catalogue {
  readonly sites: readonly Site[];
  readonly regions: readonly Region[];
}

/**
 * The most sites, regions, sites of one region or AZs of one region a catalogue may list
 * (the default lists 2 sites and a few dozen regions). A longer list is refused at once, by
 * `createWorld` and by `fromSnapshot`, before any of its entries is read (F3).
 *
 * @example
 * ```ts
 * MAX_CATALOGUE_ENTRIES; // 10000
 * ```
 */
export const MAX_CATALOGUE_ENTRIES = 10_000;

function region(id: string, name: string, sites: readonly string[], azCount = 3): Region {
  const azs = Array.from({ length: azCount }, (_, i) => `${id}${String.fromCharCode(97 + i)}`);
  return Object.freeze({ id, name, sites: Object.freeze([...sites]), azs: Object.freeze(azs) });
}

const CHINA = ['china'] as const;
const INTL = ['international'] as const;
const BOTH = ['china', 'international'] as const;

/**
 * W5: the embedded default catalogue. `cn-north-4` and `cn-south-1` are offered at the China
 * site only (the FAQ's example), `ap-southeast-1` and `ap-southeast-3` at both sites, and the
 * rest at the international site only.
 *
 * @example
 * ```ts
 * DEFAULT_CATALOGUE.regions.find((r) => r.id === 'cn-north-4')?.name; // 'CN North-Beijing4'
 * ```
 */
export const DEFAULT_CATALOGUE: Catalogue = Object.freeze({
  sites: Object.freeze([Object.freeze({ id: 'china' }), Object.freeze({ id: 'international' })]),
  regions: Object.freeze([
    region('cn-north-4', 'CN North-Beijing4', CHINA),
    region('cn-north-1', 'CN North-Beijing1', CHINA),
    region('cn-east-3', 'CN East-Shanghai1', CHINA),
    region('cn-south-1', 'CN South-Guangzhou', CHINA),
    region('ap-southeast-1', 'CN-Hong Kong', BOTH),
    region('ap-southeast-3', 'AP-Singapore', BOTH),
    region('af-south-1', 'AF-Johannesburg', INTL),
    region('sa-brazil-1', 'LA-Sao Paulo1', INTL),
    region('la-south-2', 'LA-Santiago', INTL),
    region('tr-west-1', 'TR-Istanbul', INTL),
  ]),
});

/** Whether `region` is offered at `site` (W1). */
export function regionOfferedAt(region: Region, site: string): boolean {
  return region.sites.includes(site);
}
