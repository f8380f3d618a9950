// The parts of the Node-RED editor (and its jQuery) that the editor code uses. The editor is a
// browser page, not a module: these are globals there.
interface JQ {
  val(): string;
  val(v: string | number | boolean): JQ;
  on(event: string, handler: (this: HTMLElement, ev: Event) => void): JQ;
  closest(sel: string): JQ;
  find(sel: string): JQ;
  show(): JQ;
  hide(): JQ;
  toggle(show: boolean): JQ;
  text(t: string): JQ;
  text(): string;
  attr(name: string): string | undefined;
  attr(name: string, v: string): JQ;
  prop(name: string, v: boolean): JQ;
  is(sel: string): boolean;
  each(fn: (this: HTMLElement, i: number, el: HTMLElement) => void): JQ;
  css(name: string, v: string): JQ;
  addClass(c: string): JQ;
  removeClass(c: string): JQ;
  trigger(ev: string): JQ;
  typedInput(opts: Record<string, unknown>): JQ;
  length: number;
}
interface JQAjaxOpts {
  url: string;
  type: string;
  contentType?: string;
  data?: string;
  dataType?: string;
  success?: (data: unknown) => void;
  error?: (xhr: { status: number; responseText: string }) => void;
}
interface JQStatic {
  (sel: string | HTMLElement): JQ;
  ajax(opts: JQAjaxOpts): void;
}
declare const $: JQStatic;

interface EditorNode {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, unknown>;
  _(key: string, subs?: Record<string, unknown>): string;
  [prop: string]: unknown;
}

interface EditorRED {
  nodes: {
    registerType(type: string, def: Record<string, unknown>): void;
    node(id: string): EditorNode | null;
  };
  _(key: string, subs?: Record<string, unknown>): string;
  notify(text: string, type?: string): void;
  validators: {
    number(blankAllowed?: boolean): (v: string) => boolean;
    regex(re: RegExp, blankAllowed?: boolean): (v: string) => boolean;
  };
}
declare const RED: EditorRED;
