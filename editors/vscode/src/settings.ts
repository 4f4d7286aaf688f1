// Pure helpers behind the extension's settings and server discovery. Nothing here imports
// `vscode`, so the unit tests in src/test/ run under plain Node.

import * as path from "node:path";

/** The configuration section the server reads (workspace/configuration `section`). */
export const SECTION = "copydesk";

/**
 * The `id` of the contributes.configuration block in package.json that mirrors copydesk.toml.
 * Its property names are the only settings sent to the server; the extension's own settings
 * (`copydesk.path`, `copydesk.trace.server`) live in another block and never reach it.
 */
export const SERVER_SETTINGS_BLOCK = "copydesk.server";

/**
 * The server's setting keys without the `copydesk.` prefix (`style`, `boilerplate.phrases`, …),
 * read from package.json's server block, in the order they appear there. Empty when the
 * block is missing.
 */
export function serverKeysFrom(packageJSON: unknown): string[] {
  const blocks = (packageJSON as any)?.contributes?.configuration;
  if (!Array.isArray(blocks)) {
    return [];
  }
  const block = blocks.find((b: any) => b?.id === SERVER_SETTINGS_BLOCK);
  const keys = Object.keys(block?.properties ?? {});
  return keys
    .filter((k) => k.startsWith(`${SECTION}.`))
    .map((k) => k.slice(SECTION.length + 1));
}

/**
 * Builds the settings object the server receives: each key that has a value (null and
 * undefined mean "not set here", so copydesk.toml and the defaults apply), nested at its dots:
 * `boilerplate.phrases` → `{ boilerplate: { phrases: … } }`.
 */
export function nestSettings(
  keys: readonly string[],
  get: (key: string) => unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const value = get(key);
    if (value === undefined || value === null) {
      continue;
    }
    const parts = key.split(".");
    let target = result;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (typeof next === "object" && next !== null && !Array.isArray(next)) {
        target = next as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        target[part] = created;
        target = created;
      }
    }
    target[parts[parts.length - 1]] = value;
  }
  return result;
}

/** What server discovery may look at; the extension passes the real machine, tests a fake one. */
export interface Machine {
  platform: NodeJS.Platform;
  homedir: string;
  /** PATH as the environment gives it. */
  pathEnv: string;
  /** True when `p` is a regular file this process may execute. */
  isExecutableFile(p: string): boolean;
}

/** Where the server binary was found. */
export interface ServerBinary {
  command: string;
  source: "copydesk.path" | "bundled" | "PATH";
}

/** The server's file name on this platform. */
export function exeName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "copydesk.exe" : "copydesk";
}

/**
 * Finds the server in order: the `copydesk.path` setting (`configured`), the binary bundled
 * in the extension (`<extensionDir>/bin/copydesk[.exe]`), then `PATH`. A configured path that
 * is not an executable file is an error rather than a reason to fall back, so a typo in the
 * setting does not silently run another copydesk. Throws an Error worded for the user.
 */
export function findServer(
  configured: string | null | undefined,
  extensionDir: string,
  workspaceFolder: string | undefined,
  machine: Machine,
): ServerBinary {
  const p = machine.platform === "win32" ? path.win32 : path.posix;
  if (configured) {
    const resolved = resolveUserPath(configured, workspaceFolder, machine);
    if (!machine.isExecutableFile(resolved)) {
      throw new Error(
        `copydesk.path is set to "${configured}", but ${resolved} is not an executable file.`,
      );
    }
    return { command: resolved, source: "copydesk.path" };
  }

  const bundled = p.join(extensionDir, "bin", exeName(machine.platform));
  if (machine.isExecutableFile(bundled)) {
    return { command: bundled, source: "bundled" };
  }

  const separator = machine.platform === "win32" ? ";" : ":";
  for (const dir of machine.pathEnv.split(separator)) {
    if (dir.length === 0) {
      continue;
    }
    const candidate = p.join(dir, exeName(machine.platform));
    if (machine.isExecutableFile(candidate)) {
      return { command: candidate, source: "PATH" };
    }
  }
  throw new Error(
    "The copydesk server was not found: set copydesk.path, or install copydesk so that it is on PATH.",
  );
}

/**
 * Expands a leading `~`, `${userHome}` and `${workspaceFolder}`, and resolves a relative path
 * against the first workspace folder (left relative when there is none).
 */
export function resolveUserPath(
  input: string,
  workspaceFolder: string | undefined,
  machine: Pick<Machine, "platform" | "homedir">,
): string {
  const p = machine.platform === "win32" ? path.win32 : path.posix;
  let expanded = input
    .replace(/^~(?=$|[\\/])/, machine.homedir)
    .split("${userHome}")
    .join(machine.homedir);
  if (workspaceFolder !== undefined) {
    expanded = expanded.split("${workspaceFolder}").join(workspaceFolder);
    if (!p.isAbsolute(expanded)) {
      expanded = p.join(workspaceFolder, expanded);
    }
  }
  return expanded;
}
