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

/** The translator of one node type: `t('status.created')`, `t('common.status.requesting')`. */
export function translator(RED: I18nApi, type: string): Translate {
  const t: Translate = (key, subs) => {
    let flat: Record<string, string | number> | undefined;
    if (subs) {
      flat = {};
      for (const [k, v] of Object.entries(subs)) flat[k] = typeof v === 'object' && v !== null ? t(v.key, v.subs) : v;
    }
    return RED._(catalogKey(type, key), flat);
  };
  return t;
}

/** A Text through a translator. */
export function render(t: Translate, x: Text): string {
  return t(x.key, x.subs);
}
