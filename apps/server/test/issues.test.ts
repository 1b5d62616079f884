import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

describe("issues over the API", () => {
  it("opens an issue, replies publicly and moves it to On Customer", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const created = await as.post("/issues", { title: "Cannot log in", body: "Help" });
    expect(created.statusCode).toBe(201);
    const number = created.json().number as number;
    const reply = await as.post(`/issues/${number}/messages`, { body: "Looking into it" });
    expect(reply.statusCode).toBe(201);
    const issue = (await as.get(`/issues/${number}`)).json();
    expect(issue.state).toBe("on_customer");
    expect(issue.firstResponseAt).not.toBeNull();
  });
});
