// Starts `swrules lsp` (the command is the setting `swrules.server.command`) for .swr files.
// Everything the editor shows beyond colours comes from that server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("swrules").get("server.command");
  client = new LanguageClient(
    "swrules",
    "swrules",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "swrules" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
