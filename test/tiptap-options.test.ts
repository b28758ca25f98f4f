/**
 * What makes the check's editors cheaper to make: each extension's options
 * worked out once (components/editor/tiptap-options.ts), and the shared
 * schema's extensions made once for every field (components/editor/extensions.ts).
 * Neither may change what an editor gets.
 */
import { Extension, getSchema, getSchemaByResolvedExtensions, resolveExtensions } from "@tiptap/core";
import { describe, expect, it, vi } from "vitest";
import { factCheckExtensions } from "@/components/editor/extensions";
import { rememberExtensionOptions } from "@/components/editor/tiptap-options";
import { richTextSchema } from "@/lib/rich-text-schema";

rememberExtensionOptions();

describe("an extension's options, worked out once", () => {
  it("are what the extension's chain of configure and extend gives, read after read", () => {
    const Base = Extension.create<{ label: string; nested: { a: number; b: number }; list: string[] }>({
      name: "base",
      addOptions: () => ({ label: "base", nested: { a: 1, b: 2 }, list: ["x"] }),
    });
    const configured = Base.configure({ nested: { a: 10, b: 2 } }).extend({ name: "extended" }).configure({ label: "mine" });
    expect(configured.options).toEqual({ label: "mine", nested: { a: 10, b: 2 }, list: ["x"] });
    expect(configured.options).toEqual(configured.options);
    // The extensions it was made from keep their own.
    expect(Base.options).toEqual({ label: "base", nested: { a: 1, b: 2 }, list: ["x"] });
  });

  it("are computed at the first read only, and each read gets its own copy", () => {
    const addOptions = vi.fn(() => ({ label: "base", count: 1 }));
    const made = Extension.create({ name: "counted", addOptions }).configure({ count: 2 });
    const first = made.options;
    const second = made.options;
    expect(addOptions).toHaveBeenCalledTimes(1);
    expect(second).not.toBe(first);
    first.count = 99;
    expect(made.options.count).toBe(2);
  });

  it("can be installed again without stacking", () => {
    rememberExtensionOptions();
    const addOptions = vi.fn(() => ({ n: 1 }));
    const made = Extension.create({ name: "once", addOptions });
    void made.options;
    void made.options;
    expect(addOptions).toHaveBeenCalledTimes(1);
  });
});

describe("the rich-text extensions shared by every field", () => {
  it("are the same extensions for each field, with the field's own store, placeholder and history", () => {
    const one = factCheckExtensions({ collaborative: true, placeholder: "Summary" });
    const two = factCheckExtensions({ collaborative: true });
    const named = (list: typeof one, name: string) => list.find((extension) => extension.name === name);
    for (const name of ["bold", "italic", "link", "bulletList", "listItem", "paragraph"]) expect(named(one, name)).toBe(named(two, name));
    // Each field's citations draw from its own store; the placeholder is the field's.
    expect(named(one, "citation")).not.toBe(named(two, "citation"));
    expect(named(two, "placeholder")).toBeUndefined();
    // A live field's history is the check's own: no editor history of its own.
    expect(named(one, "undoRedo")).toBeUndefined();
    expect(named(factCheckExtensions(), "undoRedo")).toBeDefined();
  });

  it("resolve to the shared schema, each extension once, as StarterKit itself gave", () => {
    const resolved = resolveExtensions(factCheckExtensions({ collaborative: true }));
    const names = resolved.map((extension) => extension.name);
    expect(names.length).toBe(new Set(names).size);
    expect(names).not.toContain("starterKit");
    const schema = getSchemaByResolvedExtensions(resolved);
    expect(Object.keys(schema.nodes).sort()).toEqual(Object.keys(richTextSchema.nodes).sort());
    expect(Object.keys(schema.marks).sort()).toEqual(Object.keys(richTextSchema.marks).sort());
    expect(schema.marks.link!.spec.attrs).toEqual(richTextSchema.marks.link!.spec.attrs);
    // The link rule the server applies holds in the browser's copy too.
    expect(getSchema(factCheckExtensions()).marks.link!.spec.inclusive).toBe(richTextSchema.marks.link!.spec.inclusive);
  });
});

describe("Tiptap's own extensions in a field's editor", () => {
  it("leave out only those that tell listeners nobody has, keeping the keymap, commands and the rest", async () => {
    const { Editor } = await import("@tiptap/core");
    const { UNUSED_CORE_EXTENSIONS } = await import("@/components/editor/use-live-field-editor");
    const editor = new Editor({ element: null, content: { type: "doc", content: [{ type: "paragraph" }] }, extensions: factCheckExtensions({ collaborative: true }), enableCoreExtensions: UNUSED_CORE_EXTENSIONS });
    try {
      const names = editor.extensionManager.extensions.map((extension) => extension.name);
      for (const name of ["delete", "drop", "paste", "textDirection"]) expect(names).not.toContain(name);
      for (const name of ["editable", "clipboardTextSerializer", "commands", "focusEvents", "keymap", "tabindex", "bold", "link", "citation"]) expect(names).toContain(name);
      // Commands still work on the document.
      editor.commands.insertContent({ type: "text", text: "Unemployment fell" });
      editor.commands.selectAll();
      editor.commands.toggleBold();
      expect(editor.getJSON().content?.[0]?.content?.[0]).toEqual({ type: "text", text: "Unemployment fell", marks: [{ type: "bold" }] });
    } finally {
      editor.destroy();
    }
  });
});
