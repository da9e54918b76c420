// The popup: a button for each way to sign in, and how the last sign-in went, from chrome.storage.session.
import { STATUS_ITEM, type SignInRequest, type Status, type Way } from "./status.js";

const outcome = document.querySelector<HTMLDivElement>("#outcome")!;

function show(status: Status | undefined) {
  outcome.className = status?.kind ?? "";
  if (!status) return outcome.replaceChildren();
  const heading = document.createElement("strong");
  const line = document.createElement("p");
  if (status.kind === "working") {
    heading.textContent = "Signing in…";
    line.textContent = status.way === "window" ? "Answer OpenRouter in the window that opened." : "Answer OpenRouter in the tab that opened.";
  } else if (status.kind === "signed-in") {
    heading.textContent = "Signed in";
    const key = document.createElement("code");
    key.textContent = status.masked;
    line.append("Your OpenRouter API key: ", key);
  } else {
    heading.textContent = "Sign-in failed";
    line.textContent = status.says; // text, never markup
  }
  outcome.replaceChildren(heading, line);
}

for (const way of ["window", "tab"] satisfies Way[]) {
  document.querySelector<HTMLButtonElement>(`#sign-in-${way}`)!.addEventListener("click", () => {
    const request: SignInRequest = { type: "sign-in", way };
    void chrome.runtime.sendMessage(request);
  });
}
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "session" && STATUS_ITEM in changes) show(changes[STATUS_ITEM]!.newValue as Status | undefined);
});
show((await chrome.storage.session.get([STATUS_ITEM]))[STATUS_ITEM] as Status | undefined);
