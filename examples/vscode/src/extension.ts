// A VS Code extension that signs in with OpenRouter: "OpenRouter: Sign in" runs the whole sign-in, and the key is
// kept in the extension's SecretStorage, never in settings. "OpenRouter: Show key" shows it masked.
import * as vscode from "vscode";
import { isOpenRouterOAuthError, maskKey } from "openrouter-oauth";
import { getKey, signInWithOpenRouter, signOut } from "openrouter-oauth/vscode";

export function activate(context: vscode.ExtensionContext): void {
  const settings = () => vscode.workspace.getConfiguration("openrouterExample");
  context.subscriptions.push(
    vscode.commands.registerCommand("openrouterExample.signIn", async () => {
      try {
        const { key } = await signInWithOpenRouter(context, {
          authUrl: settings().get<string>("authUrl"),
          baseUrl: settings().get<string>("baseUrl"),
          keyLabel: "VS Code example",
        });
        void vscode.window.showInformationMessage(`Signed in with OpenRouter: ${maskKey(key)}`);
      } catch (error) {
        // Our errors say what went wrong without a secret in them; Cancel is no failure to report.
        if (isOpenRouterOAuthError(error, "RequestAbortedError")) return;
        void vscode.window.showErrorMessage(isOpenRouterOAuthError(error) ? error.message : "The sign-in failed.");
      }
    }),
    vscode.commands.registerCommand("openrouterExample.showKey", async () => {
      const key = await getKey(context);
      void vscode.window.showInformationMessage(key ? `OpenRouter key: ${maskKey(key)}` : "Not signed in to OpenRouter.");
    }),
    vscode.commands.registerCommand("openrouterExample.signOut", async () => {
      await signOut(context);
      void vscode.window.showInformationMessage("Signed out of OpenRouter.");
    }),
  );
}

export function deactivate(): void {}
