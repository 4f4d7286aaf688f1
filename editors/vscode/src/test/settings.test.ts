// Unit tests of the pure helpers in settings.ts and of the settings schema in package.json.
// Run by `npm test` under Node's test runner (VS Code itself cannot run here).

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  Machine,
  SERVER_SETTINGS_BLOCK,
  findServer,
  nestSettings,
  resolveUserPath,
  serverKeysFrom,
} from "../settings";

const packageJSON = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
);

/** A machine whose only executables are `files`. */
function fakeMachine(files: string[], pathEnv = "/usr/bin:/opt/copydesk/bin"): Machine {
  return {
    platform: "linux",
    homedir: "/home/ana",
    pathEnv,
    isExecutableFile: (p) => files.includes(p),
  };
}

test("server keys come from the server block, without the extension's own settings", () => {
  assert.deepEqual(serverKeysFrom(packageJSON), [
    "style",
    "exclude",
    "rules",
    "boilerplate.phrases",
    "substitutions",
    "names.lists",
    "quotes.marks",
  ]);
});

test("server keys of a package.json without the block are empty", () => {
  assert.deepEqual(serverKeysFrom({ contributes: {} }), []);
  assert.deepEqual(serverKeysFrom(undefined), []);
});

test("every server setting defaults to null so copydesk.toml applies", () => {
  const block = packageJSON.contributes.configuration.find(
    (b: any) => b.id === SERVER_SETTINGS_BLOCK,
  );
  for (const [key, schema] of Object.entries<any>(block.properties)) {
    assert.equal(schema.default, null, `${key} default`);
    assert.ok(schema.type.includes("null"), `${key} accepts null`);
    assert.ok(schema.markdownDescription || schema.description, `${key} is described`);
  }
});

test("the schema's enums are the values copydesk.toml accepts", () => {
  const props = packageJSON.contributes.configuration.find(
    (b: any) => b.id === SERVER_SETTINGS_BLOCK,
  ).properties;
  assert.deepEqual(props["copydesk.style"].enum, [null, "none", "ap", "international"]);
  assert.deepEqual(props["copydesk.quotes.marks"].enum, [null, "curly", "straight"]);
  // One entry per rule (generated from the rule registry by `copydesk schema`); other names
  // are rejected.
  const rules = props["copydesk.rules"];
  assert.equal(rules.additionalProperties, false);
  assert.ok(Object.keys(rules.properties).includes("doubled-word"));
  for (const [name, rule] of Object.entries<any>(rules.properties)) {
    assert.deepEqual(rule.enum, ["off", "hint", "info", "warning", "error"], name);
  }
  assert.deepEqual(props["copydesk.substitutions"].items.required, ["find", "replace"]);
  assert.equal(props["copydesk.style"].enumDescriptions.length, props["copydesk.style"].enum.length);
});

test("the extension's own settings and commands are declared", () => {
  const own = packageJSON.contributes.configuration.find((b: any) => b.id === "copydesk.extension");
  assert.deepEqual(Object.keys(own.properties), ["copydesk.path", "copydesk.trace.server"]);
  const commands = packageJSON.contributes.commands.map((c: any) => c.command);
  assert.deepEqual(commands, ["copydesk.fixAllInDocument", "copydesk.restartServer"]);
  assert.deepEqual(packageJSON.capabilities.untrustedWorkspaces.restrictedConfigurations, [
    "copydesk.path",
  ]);
});

test("no contributed command takes the name of a server command", () => {
  // vscode-languageclient registers each command of the server's executeCommandProvider as
  // a VS Code command of the same name; a second registration of that name would make the
  // client fail to start. The server offers `copydesk.fixAll`.
  const serverCommands = ["copydesk.fixAll"];
  for (const c of packageJSON.contributes.commands) {
    assert.ok(!serverCommands.includes(c.command), `${c.command} is a server command`);
  }
});

test("nestSettings nests dotted keys and leaves unset ones out", () => {
  const values: Record<string, unknown> = {
    style: "ap",
    exclude: null,
    rules: { "photo-credit": "off" },
    "boilerplate.phrases": ["Subscribe to the Ledger"],
    substitutions: undefined,
    "names.lists": ["desk-names.toml"],
    "quotes.marks": "curly",
  };
  const nested = nestSettings(serverKeysFrom(packageJSON), (k) => values[k]);
  assert.deepEqual(nested, {
    style: "ap",
    rules: { "photo-credit": "off" },
    boilerplate: { phrases: ["Subscribe to the Ledger"] },
    names: { lists: ["desk-names.toml"] },
    quotes: { marks: "curly" },
  });
});

test("nestSettings of nothing set is an empty object", () => {
  assert.deepEqual(nestSettings(serverKeysFrom(packageJSON), () => null), {});
});

test("nestSettings keeps two keys under one parent", () => {
  const nested = nestSettings(["quotes.marks", "quotes.other"], (k) => k);
  assert.deepEqual(nested, { quotes: { marks: "quotes.marks", other: "quotes.other" } });
});

test("copydesk.path wins over the bundled binary and PATH", () => {
  const m = fakeMachine(["/ext/bin/copydesk", "/usr/bin/copydesk", "/tools/copydesk"]);
  assert.deepEqual(findServer("/tools/copydesk", "/ext", undefined, m), {
    command: "/tools/copydesk",
    source: "copydesk.path",
  });
});

test("a copydesk.path that does not exist is an error, not a fallback", () => {
  const m = fakeMachine(["/ext/bin/copydesk"]);
  assert.throws(() => findServer("/nope/copydesk", "/ext", undefined, m), /copydesk\.path/);
});

test("the bundled binary comes before PATH", () => {
  const m = fakeMachine(["/ext/bin/copydesk", "/usr/bin/copydesk"]);
  assert.equal(findServer(null, "/ext", undefined, m).source, "bundled");
  assert.equal(findServer("", "/ext", undefined, m).command, "/ext/bin/copydesk");
});

test("PATH is searched in order", () => {
  const m = fakeMachine(["/opt/copydesk/bin/copydesk"], "/usr/bin::/opt/copydesk/bin");
  assert.deepEqual(findServer(undefined, "/ext", undefined, m), {
    command: "/opt/copydesk/bin/copydesk",
    source: "PATH",
  });
});

test("no server anywhere is an error that names the setting", () => {
  assert.throws(() => findServer(undefined, "/ext", undefined, fakeMachine([])), /copydesk\.path/);
});

test("Windows looks for copydesk.exe on a semicolon PATH", () => {
  const m: Machine = {
    platform: "win32",
    homedir: "C:\\Users\\ana",
    pathEnv: "C:\\Windows;C:\\tools",
    isExecutableFile: (p) => p === "C:\\tools\\copydesk.exe",
  };
  assert.equal(findServer(undefined, "C:\\ext", undefined, m).command, "C:\\tools\\copydesk.exe");
});

test("user paths expand ~ and variables and resolve against the workspace", () => {
  const m = { platform: "linux" as const, homedir: "/home/ana" };
  assert.equal(resolveUserPath("~/bin/copydesk", undefined, m), "/home/ana/bin/copydesk");
  assert.equal(resolveUserPath("${userHome}/copydesk", undefined, m), "/home/ana/copydesk");
  assert.equal(
    resolveUserPath("${workspaceFolder}/target/release/copydesk", "/src/desk", m),
    "/src/desk/target/release/copydesk",
  );
  assert.equal(resolveUserPath("target/copydesk", "/src/desk", m), "/src/desk/target/copydesk");
  assert.equal(resolveUserPath("target/copydesk", undefined, m), "target/copydesk");
  assert.equal(resolveUserPath("~user/x", undefined, m), "~user/x");
});
