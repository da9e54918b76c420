// The page's script: "Sign in with OpenRouter" as a web app does it, with the package imported as users import it.
import { buildAuthorizationUrl, completeSignIn, createPkcePair, isOpenRouterOAuthError, maskKey, parseCallback } from "openrouter-oauth";
import { askModel, askProblem } from "../shared/ask.js";

/** The one sign-in this tab is waiting for. sessionStorage: per tab, gone when the tab closes. */
const PENDING_KEY = "openrouter-sign-in";
interface PendingSignIn {
  verifier: string;
  state: string;
}

const setting = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
const authUrl = setting("openrouter-auth-url");
const baseUrl = setting("openrouter-base-url");

const button = document.querySelector<HTMLButtonElement>("#sign-in")!;
const outcome = document.querySelector<HTMLDivElement>("#outcome")!;
const askForm = document.querySelector<HTMLFormElement>("#ask")!;
const answer = document.querySelector<HTMLParagraphElement>("#answer")!;

/** A paragraph of text and elements. */
function paragraph(...content: (string | Node)[]) {
  const p = document.createElement("p");
  p.append(...content); // text, never markup: the denial's description comes from the URL
  return p;
}

function show(kind: "working" | "signed-in" | "failed", title: string, ...paragraphs: HTMLParagraphElement[]) {
  const heading = document.createElement("strong");
  heading.textContent = title;
  outcome.className = kind;
  outcome.setAttribute("role", kind === "failed" ? "alert" : "status");
  outcome.replaceChildren(heading, ...paragraphs);
}

function showError(error: unknown) {
  // Printing our errors is safe: their messages and properties never hold a key, code or verifier.
  console.error("Sign-in failed:", error);
  if (isOpenRouterOAuthError(error)) show("failed", "Sign-in failed", paragraph(`${error.name}: ${error.message}`));
  else show("failed", "Sign-in failed", paragraph("Something unexpected went wrong. Start a new sign-in."));
}

async function startSignIn() {
  button.disabled = true;
  try {
    const pkce = await createPkcePair();
    const request = buildAuthorizationUrl({
      callbackUrl: new URL(location.pathname, location.origin).href,
      codeChallenge: pkce.code_challenge,
      keyLabel: "Browser example",
      authUrl,
    });
    const pending: PendingSignIn = { verifier: pkce.code_verifier, state: request.state! };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    location.assign(request.url);
  } catch (error) {
    button.disabled = false;
    showError(error);
  }
}

/** Reads the pending sign-in and forgets it, so that this callback is the only one that can ever use it. */
function takePendingSignIn(): PendingSignIn | undefined {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    const pending = JSON.parse(stored ?? "null");
    return typeof pending?.verifier === "string" && typeof pending?.state === "string" ? pending : undefined;
  } catch {
    return undefined;
  }
}

async function finishSignIn(callbackUrl: string) {
  // Both happen before anything is sent: a reload, the back button or a second visit then finds nothing to
  // exchange, and the code leaves the address bar (and the history) at once.
  const pending = takePendingSignIn();
  history.replaceState(null, "", location.pathname);
  if (!pending) {
    show("failed", "No sign-in is waiting in this tab",
      paragraph("This callback was already used, or the sign-in started in another tab. Start a new sign-in."));
    return;
  }
  try {
    const callback = parseCallback(callbackUrl, { expectedState: pending.state });
    show("working", "Signing in…");
    const { key, user_id } = await completeSignIn(callback, pending.verifier, { baseUrl });
    const shown = document.createElement("code");
    shown.textContent = maskKey(key);
    show("signed-in", "Signed in", paragraph("Your new OpenRouter API key: ", shown), paragraph(`User: ${user_id ?? "unknown"}`));
    // A real app would now keep `key` where it needs it, and never display it in full. Here it lives in this
    // page's memory, for the questions asked below, and is gone on reload.
    askForm.hidden = false;
    askForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void ask(new FormData(askForm).get("question")?.toString().trim() || "What is OpenRouter?", key);
    });
  } catch (error) {
    showError(error);
  }
}

/** Asks the model with the user's key, and shows the answer as it streams in. */
async function ask(question: string, key: string) {
  const submit = askForm.querySelector("button")!;
  submit.disabled = true;
  answer.className = "working";
  answer.textContent = "";
  try {
    for await (const piece of askModel(question, key, baseUrl ?? "https://openrouter.ai/api/v1")) answer.append(piece);
    answer.className = "answered";
  } catch (error) {
    answer.className = "failed";
    answer.textContent = askProblem(error);
  } finally {
    submit.disabled = false;
  }
}

const params = new URL(location.href).searchParams;
if (params.has("code") || params.has("error") || params.has("state")) await finishSignIn(location.href);
button.addEventListener("click", () => void startSignIn());
button.disabled = false;
