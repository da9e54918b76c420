// callback.html: OpenRouter sends the user here (chrome-extension://<id>/callback.html?code=…&state=…). The URL goes
// to the sign-in waiting in the service worker, and the code leaves the address bar and the history at once.
import { sendCallbackToExtension } from "openrouter-oauth/extension";

const url = location.href;
history.replaceState(null, "", location.pathname);
const taken = await sendCallbackToExtension({ url });
const outcome = document.querySelector<HTMLParagraphElement>("#outcome")!;
outcome.textContent = taken
  ? "Done: go back to the extension to see how the sign-in went. You can close this tab."
  : "No sign-in is waiting for this answer any more. Start a new sign-in from the extension.";
outcome.className = taken ? "taken" : "failed";
