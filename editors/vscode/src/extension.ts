// The copydesk extension for VS Code: finds the `copydesk` binary, runs `copydesk lsp` over
// stdio for Markdown and plain-text documents, hands the server its settings, and adds the
// "Fix all in document" and "Restart server" commands. Everything the checks do lives in the
// server; this file only starts it and talks to it.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  CodeAction,
  CodeActionParams,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  Command,
  ConfigurationParams,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import {
  Machine,
  SECTION,
  ServerBinary,
  exeName,
  findServer,
  nestSettings,
  serverKeysFrom,
} from "./settings";

/** Code action kind of the server's "apply every safe fix" action. */
const FIX_ALL_KIND = "source.fixAll.copydesk";

/** Language ids the server checks. */
const LANGUAGES = ["markdown", "plaintext"];

let output: vscode.OutputChannel | undefined;
let client: LanguageClient | undefined;
/** Keys below `copydesk.` that belong to the server, e.g. `style`, `boilerplate.phrases`. */
let serverKeys: string[] = [];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  context.subscriptions.push(output);
  serverKeys = serverKeysFrom(context.extension.packageJSON);

  context.subscriptions.push(
    vscode.commands.registerCommand("copydesk.restartServer", () => restart(context)),
    vscode.commands.registerCommand("copydesk.fixAllInDocument", () => fixAllInActiveEditor()),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChanged(event, context)),
  );

  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The settings the server receives for one scope; see nestSettings. */
function serverSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  return nestSettings(serverKeys, (key) => config.get<unknown>(key));
}

/** This machine as findServer sees it, read when called (PATH may change between restarts). */
function thisMachine(): Machine {
  return {
    platform: process.platform,
    homedir: os.homedir(),
    pathEnv: process.env.PATH ?? "",
    isExecutableFile,
  };
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** A .vsix may lose the executable bit of a bundled binary on the way; put it back. */
function restoreExecutableBit(p: string): void {
  if (process.platform === "win32") {
    return;
  }
  try {
    const mode = fs.statSync(p).mode;
    if ((mode & 0o111) === 0) {
      fs.chmodSync(p, mode | 0o755);
    }
  } catch {
    // Missing or unreadable: findServer moves on to PATH.
  }
}

function locateServer(context: vscode.ExtensionContext): ServerBinary {
  restoreExecutableBit(context.asAbsolutePath(path.join("bin", exeName(process.platform))));
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>("path");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return findServer(configured, context.extensionPath, folder, thisMachine());
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  let binary: ServerBinary;
  try {
    binary = locateServer(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(message);
    void vscode.window.showErrorMessage(message, "Open Settings").then((choice) => {
      if (choice === "Open Settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
      }
    });
    return;
  }
  output?.appendLine(`Starting ${binary.command} lsp (found via ${binary.source}).`);

  // No `transport`: vscode-languageclient would append `--stdio`; `copydesk lsp` already
  // speaks over stdin/stdout.
  const serverOptions: ServerOptions = {
    command: binary.command,
    args: ["lsp"],
    options: { env: { ...process.env } },
  };

  const documentSelector = LANGUAGES.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticPullOptions: { onChange: true, onSave: true },
    synchronize: {
      // The server reloads copydesk.toml when it changes.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/copydesk.toml"),
    },
    middleware: {
      workspace: {
        // Answer workspace/configuration for our section with the server keys only, so the
        // server never sees `path` or `trace` (it rejects unknown keys).
        configuration: (params: ConfigurationParams, token, next) => {
          const answers: unknown[] = [];
          let forwardAll = false;
          for (const item of params.items) {
            if (item.section === SECTION) {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              answers.push(serverSettings(scope));
            } else {
              forwardAll = true;
              break;
            }
          }
          return forwardAll ? next(params, token) : answers;
        },
      },
    },
  };

  const created = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(`copydesk server failed to start: ${message}`);
    void vscode.window.showErrorMessage(`copydesk server failed to start: ${message}`);
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current === undefined) {
    return;
  }
  try {
    if (current.state !== State.Stopped) {
      await current.stop();
    }
  } catch (error) {
    output?.appendLine(`Stopping the server: ${error instanceof Error ? error.message : error}`);
  }
  await current.dispose().catch(() => undefined);
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output?.appendLine("Restarting the copydesk server.");
  await stop();
  await start(context);
}

async function onConfigurationChanged(
  event: vscode.ConfigurationChangeEvent,
  context: vscode.ExtensionContext,
): Promise<void> {
  if (event.affectsConfiguration(`${SECTION}.path`)) {
    await restart(context);
    return;
  }
  if (!serverKeys.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
    return;
  }
  if (client?.state !== State.Running) {
    return;
  }
  // The server re-reads its settings with workspace/configuration; the payload carries the
  // window-level values for servers that read it directly.
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { [SECTION]: serverSettings(undefined) },
  });
}

/** "copydesk: Fix all in document": asks for the fix-all action and applies it. */
async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    return;
  }
  const document = editor.document;
  if (!LANGUAGES.includes(document.languageId)) {
    void vscode.window.showInformationMessage(
      "copydesk checks Markdown and plain-text documents only.",
    );
    return;
  }
  const current = client;
  if (current === undefined || current.state !== State.Running) {
    void vscode.window.showErrorMessage("copydesk: the server is not running.");
    return;
  }

  const c2p = current.code2ProtocolConverter;
  const wholeDocument = document.validateRange(
    new vscode.Range(0, 0, document.lineCount, Number.MAX_SAFE_INTEGER),
  );
  const params: CodeActionParams = {
    textDocument: c2p.asTextDocumentIdentifier(document),
    range: c2p.asRange(wholeDocument),
    context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: CodeActionTriggerKind.Invoked },
  };
  const versionAsked = document.version;
  const answer = await current.sendRequest(CodeActionRequest.type, params);
  const fixAll = (answer ?? []).find(
    (item): item is CodeAction => !Command.is(item) && isFixAllKind(item.kind),
  );
  const fixAllCommand = (answer ?? []).find((item): item is Command => Command.is(item));
  if (fixAll === undefined && fixAllCommand === undefined) {
    vscode.window.setStatusBarMessage("copydesk: nothing to fix", 3000);
    return;
  }
  if (document.version !== versionAsked) {
    void vscode.window.showWarningMessage(
      "copydesk: the document changed while fixing; run Fix all again.",
    );
    return;
  }

  if (fixAll !== undefined) {
    let action: CodeAction = fixAll;
    if (action.edit === undefined && action.command === undefined) {
      action = await current.sendRequest(CodeActionResolveRequest.type, action);
    }
    if (action.edit !== undefined) {
      const edit = await current.protocol2CodeConverter.asWorkspaceEdit(action.edit);
      const applied = await vscode.workspace.applyEdit(edit);
      if (!applied) {
        void vscode.window.showWarningMessage(
          "copydesk: the fixes could not be applied (the document changed?); run Fix all again.",
        );
        return;
      }
    }
    if (action.command !== undefined) {
      await runServerCommand(current, action.command);
    }
  } else if (fixAllCommand !== undefined) {
    await runServerCommand(current, fixAllCommand);
  }
  vscode.window.setStatusBarMessage("copydesk: applied the safe fixes", 3000);
}

function isFixAllKind(kind: string | undefined): boolean {
  return kind === FIX_ALL_KIND || (kind !== undefined && kind.startsWith(`${FIX_ALL_KIND}.`));
}

/** Runs a command on the server; its edits come back as workspace/applyEdit, which the client applies. */
async function runServerCommand(current: LanguageClient, command: Command): Promise<void> {
  await current.sendRequest(ExecuteCommandRequest.type, {
    command: command.command,
    arguments: command.arguments,
  });
}
