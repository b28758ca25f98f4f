/**
 * Tiptap computes an extension's options anew each time they are read (its
 * `options` getter calls `addOptions` up the extension's chain of
 * `configure` and `extend`, merging at each step), and it reads them dozens
 * of times for each extension of each editor it makes: for the 87 editors of
 * a check of 40 sections, a tenth of the time spent making them.
 *
 * An extension is never changed once made (`configure` and `extend` make new
 * ones), so its options are the same at every read: they are computed once
 * per extension here, and each read still gets its own copy, as before.
 */
import { Extendable } from "@tiptap/core";

const computed = new WeakMap<object, object>();

export function rememberExtensionOptions(): void {
  const own = Object.getOwnPropertyDescriptor(Extendable.prototype, "options");
  const compute = own?.get;
  if (!compute || (compute as { remembered?: true }).remembered) return;
  const remembered = Object.assign(
    function options(this: object) {
      let options = computed.get(this);
      if (!options) computed.set(this, (options = compute.call(this) as object));
      return { ...options };
    },
    { remembered: true as const },
  );
  Object.defineProperty(Extendable.prototype, "options", { ...own, get: remembered });
}
