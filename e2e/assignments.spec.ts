/**
 * An editor turns a "Want to dive deeper?" question into a new fact-check for a
 * writer, who finds it in the inbox and on the desk, ready to write.
 */
import AxeBuilder from "@axe-core/playwright";
import { test, expect, DEMO, signedInPage } from "./fixtures";

test("an editor assigns a related question as a new check; the writer is notified and finds it on the desk", async ({ browser }) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const editor = await signedInPage(browser, DEMO.editor);

  const created = await writer.request.post("/api/v1/fact-checks", {
    data: {
      question: `Are ferries cheaper than buses? (${tag})`,
      topic: "Transport",
      relatedQuestions: [`Do ferries run in winter? (${tag})`, `Who pays for ferry piers? (${tag})`],
    },
  });
  expect(created.status()).toBe(201);
  const check = (await created.json()) as { id: string };

  // The editor opens the check in the editor and follows the link to its publishing page.
  await editor.goto(`/desk/fact-checks/${check.id}`);
  await editor.getByRole("link", { name: "Publishing, refresh and assignments" }).click();
  await expect(editor).toHaveURL(new RegExp(`/desk/fact-checks/${check.id}/publish$`));
  const related = editor.getByRole("region", { name: "Want to dive deeper?" });
  const form = related.getByRole("form", { name: `Assign “Do ferries run in winter? (${tag})”` });

  // Without a writer the form says what is missing, next to the field.
  await form.getByRole("button", { name: "Assign as a new check" }).click();
  await expect(form.getByText("Choose who will write it")).toBeVisible();
  await expect(form.getByLabel("Writer")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Writer").selectOption({ label: "Wren Writer (writer)" });
  await form.getByRole("button", { name: "Assign as a new check" }).click();
  const assigned = editor.getByRole("link", { name: `Do ferries run in winter? (${tag})` });
  await expect(assigned).toBeVisible();
  await expect(related.getByRole("listitem").filter({ has: assigned })).toContainText("Draft");
  await expect(related.getByRole("listitem").filter({ has: assigned })).toContainText("Wren Writer");
  // The other question can still be assigned.
  await expect(related.getByRole("form", { name: `Assign “Who pays for ferry piers? (${tag})”` })).toBeVisible();
  const axe = await new AxeBuilder({ page: editor }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The writer has it in the inbox and on the desk, and it opens in the editor with the question filled in.
  await writer.goto("/inbox");
  await expect(writer.getByRole("listitem").filter({ hasText: `Do ferries run in winter? (${tag})` })).toContainText("New assignment");
  await writer.goto("/desk");
  await writer.getByRole("region", { name: "Your fact-checks" }).getByRole("link", { name: `Do ferries run in winter? (${tag})` }).click();
  await expect(writer.getByRole("textbox", { name: "Question", exact: true })).toHaveText(`Do ferries run in winter? (${tag})`);
  await expect(writer.getByRole("textbox", { name: "Topic", exact: true })).toHaveText("Transport");
  const note = writer.getByRole("note", { name: "Assignment" });
  await expect(note).toContainText("Assigned by Eddie Editor on");
  await expect(note.getByRole("link", { name: `Are ferries cheaper than buses? (${tag})` })).toHaveAttribute("href", `/desk/fact-checks/${check.id}`);
});

test("the assignment API is for editors, and a question is assigned once", async ({ browser }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const editor = await signedInPage(browser, DEMO.editor);
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `Are tram fares going up? (${Date.now()})`, relatedQuestions: ["Who sets tram fares?"] },
  });
  const check = (await created.json()) as { id: string; relatedQuestions: { id: string }[] };
  const questionId = check.relatedQuestions[0]!.id;
  const users = (await (await editor.request.get("/api/v1/users?role=writer")).json()) as { data: { id: string; email: string }[] };
  const assigneeId = users.data.find((u) => u.email === DEMO.writer2)!.id;

  const byWriter = await writer.request.post(`/api/v1/fact-checks/${check.id}/assignments`, { data: { questionId, assigneeId } });
  expect(byWriter.status()).toBe(403);
  expect((await byWriter.json()).error.code).toBe("forbidden");

  const first = await editor.request.post(`/api/v1/fact-checks/${check.id}/assignments`, { data: { questionId, assigneeId } });
  expect(first.status()).toBe(201);
  const body = await first.json();
  expect(body.factCheck).toMatchObject({ question: "Who sets tram fares?", ownerId: assigneeId, originCheckId: check.id, originQuestionId: questionId });

  const second = await editor.request.post(`/api/v1/fact-checks/${check.id}/assignments`, { data: { questionId, assigneeId } });
  expect(second.status()).toBe(409);
  expect((await second.json()).error).toMatchObject({ code: "conflict", factCheckId: body.factCheck.id });

  const list = await editor.request.get(`/api/v1/fact-checks/${check.id}/assignments`);
  expect((await list.json()).data).toEqual({ [questionId]: expect.objectContaining({ factCheckId: body.factCheck.id, status: "draft" }) });
});
