/**
 * Status texts from the message catalogs (issue 8, SPEC 3.5). A node says WHAT to show as a catalog
 * key with substitutions (`Text`); the node glue turns it into the words of the runtime's language
 * through the runtime's `RED._`, which Node-RED scopes to the node's own catalog
 * (`nodes/locales/<lang>/<type>.json`).
 *
 * Keys: `status.x` (relative) is the node type's own `<type>.status.x`; `common.status.x` is taken
 * as is (the build merges `locales/<lang>/common.json` into every catalog under `common`), so code
 * shared by several node types uses `common.` keys only.
 */

/** Substitutions: `__name__` in the catalog text. A `Text` value is translated first (an operation label...). */
export type Subs = Record<string, string | number | Text>;

/** A catalog key with its substitutions, translated where the node shows it. */
export interface Text {
  key: string;
  subs?: Subs;
}

/** Turns a key (+ substitutions) into the text of the runtime's language. */
export type Translate = (key: string, subs?: Subs) => string;

/** What translator() needs of the runtime API: Node-RED's `RED._`. */
export interface I18nApi {
  _: (key: string, subs?: Record<string, string | number>) => string;
}

/** A Text (the constructor keeps call sites short). */
export function text(key: string, subs?: Subs): Text {
  return subs ? { key, subs } : { key };
}

/** The full catalog key of `key` for node type `type` (see the module comment). */
export function catalogKey(type: string, key: string): string {
  return key.startsWith('common.') || key.includes(':') ? key : `${type}.${key}`;
}

/** How many texts a translator keeps (key + substitutions); the oldest goes first. */
export const TRANSLATION_CACHE_SIZE = 256;

/**
 * The translator of one node type: `t('status.created')`, `t('common.status.requesting')`.
 * A node shows a status text twice per msg, and i18next's lookup and interpolation cost about as
 * much as the rest of the node's own work (bench/overhead.bench.js): the runtime's language does
 * not change while it runs, so each text (key + substitutions) is looked up once and kept, at most
 * TRANSLATION_CACHE_SIZE of them. A key the catalogs do not (yet) hold comes back as itself from
 * RED._ and is not kept, so a catalog registered later is still used.
 */
export function translator(RED: I18nApi, type: string): Translate {
  const cache = new Map<string, string>();
  const t: Translate = (key, subs) => {
    let flat: Record<string, string | number> | undefined;
    if (subs) {
      flat = {};
      for (const [k, v] of Object.entries(subs)) flat[k] = typeof v === 'object' && v !== null ? t(v.key, v.subs) : v;
    }
    const full = catalogKey(type, key);
    const id = flat ? full + '\u0000' + JSON.stringify(flat) : full;
    const kept = cache.get(id);
    if (kept !== undefined) return kept;
    const out = RED._(full, flat);
    if (out !== full) {
      if (cache.size >= TRANSLATION_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(id, out);
    }
    return out;
  };
  return t;
}

/** A Text through a translator. */
export function render(t: Translate, x: Text): string {
  return t(x.key, x.subs);
}
