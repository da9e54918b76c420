// A hand-written stand-in for the small part of the `vscode` API that openrouter-oauth/vscode uses, behaving as
// VS Code does where it matters: Uri.parse decodes, Uri.toString() escapes the query's `=` and `&`, one URI handler
// per extension, a cancellable progress, and asExternalUri as on the desktop (unchanged) or on the web (code-server's
// callback form). Each test drives it through `fakeVscode` and waits for its events, never for time.
import type { ExtensionContext, UriHandler } from "vscode";

export class FakeUri {
  constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
  ) {}

  /** As VS Code's Uri.parse: the components percent-decoded. */
  static parse(text: string): FakeUri {
    const url = new URL(text);
    return new FakeUri(url.protocol.slice(0, -1), url.host, decodeURIComponent(url.pathname), decodeURIComponent(url.search.slice(1)));
  }

  with(change: { query?: string }): FakeUri {
    return new FakeUri(this.scheme, this.authority, this.path, change.query ?? this.query);
  }

  /** As VS Code's: the query escaped whole (its `=` and `&` too) unless `skipEncoding`. */
  toString(skipEncoding = false): string {
    const query = this.query ? `?${skipEncoding ? this.query : encodeURIComponent(this.query)}` : "";
    return `${this.scheme}://${this.authority}${this.path}${query}`;
  }
}

/** Where code-server serves the callback page that hands the URI to the workbench. */
export const WEB_ORIGIN = "http://127.0.0.1:8080";

/** As code-server's asExternalUri: the URI carried in the query of its callback page. */
function webExternalUri(uri: FakeUri): FakeUri {
  const params = new URLSearchParams({
    "vscode-reqid": "1",
    "vscode-scheme": uri.scheme,
    "vscode-authority": uri.authority,
    "vscode-path": uri.path,
    "vscode-query": uri.query,
  });
  return FakeUri.parse(`${WEB_ORIGIN}/callback?${params}`);
}

/** As code-server's callback page: the URI it hands the handler, with the page's other parameters merged in. */
export function webCallbackToUri(pageUrl: string): FakeUri {
  const params = new URL(pageUrl).searchParams;
  const uri = { scheme: params.get("vscode-scheme")!, authority: params.get("vscode-authority")!, path: params.get("vscode-path")! };
  const query = params.get("vscode-query");
  for (const name of [...params.keys()].filter((key) => key.startsWith("vscode-"))) params.delete(name);
  if (query) new URLSearchParams(query).forEach((value, key) => params.set(key, value));
  return new FakeUri(uri.scheme, uri.authority, uri.path, params.toString());
}

/** A promise and what settles it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Values as they come, each taken once by the next `take()`, whether it asks before or after. */
function queue<T>() {
  const values: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  return {
    put(value: T) {
      const waiter = waiting.shift();
      if (waiter) waiter(value);
      else values.push(value);
    },
    take(): Promise<T> {
      if (values.length) return Promise.resolve(values.shift()!);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

interface InputBox {
  options: { validateInput: (value: string) => string | undefined };
  answer: (text: string | undefined) => void;
}

/** The fake's state, fresh for each test by reset(). */
function createState() {
  return {
    uriScheme: "vscode",
    web: false,
    opensBrowser: true,
    handler: undefined as UriHandler | undefined,
    opened: queue<string>(),
    cancel: undefined as (() => void) | undefined,
    offered: queue<(choice: string | undefined) => void>(),
    /** How many paste offers were shown. */
    offers: 0,
    inputBox: queue<InputBox>(),
    /** Every string shown to the user: titles, messages, prompts. */
    shown: [] as string[],
  };
}

let state = createState();

export const fakeVscode = {
  get state() {
    return state;
  },
  reset() {
    state = createState();
  },
  /** The next authorization URL a sign-in opened, once it has. */
  opened: () => state.opened.take(),
  /** The next paste offer, once it is shown: call the result with the button the user presses. */
  offered: () => state.offered.take(),
  /** The next input box, once it is shown. */
  inputBox: () => state.inputBox.take(),
};

/** The module the tests give in place of "vscode". */
export const vscode = {
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  Uri: FakeUri,
  env: {
    get uriScheme() {
      return state.uriScheme;
    },
    async asExternalUri(uri: FakeUri) {
      return state.web ? webExternalUri(uri) : uri;
    },
    async openExternal(target: unknown) {
      state.opened.put(String(target));
      return state.opensBrowser;
    },
  },
  window: {
    registerUriHandler(handler: UriHandler) {
      // VS Code allows one per extension, and throws on a second.
      if (state.handler) throw new Error("Protocol handler already registered");
      state.handler = handler;
      return { dispose: () => (state.handler = undefined) };
    },
    async withProgress<T>(
      options: { title?: string; cancellable?: boolean },
      task: (progress: { report(value: { message?: string }): void }, token: unknown) => Promise<T>,
    ): Promise<T> {
      state.shown.push(options.title ?? "");
      const listeners: (() => void)[] = [];
      state.cancel = options.cancellable ? () => listeners.forEach((listener) => listener()) : undefined;
      const token = {
        isCancellationRequested: false,
        onCancellationRequested(listener: () => void) {
          listeners.push(listener);
          return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
        },
      };
      return task({ report: ({ message }) => state.shown.push(message ?? "") }, token);
    },
    showInformationMessage(message: string, ...items: string[]) {
      state.shown.push(message, ...items);
      state.offers++;
      const choice = deferred<string | undefined>();
      state.offered.put(choice.resolve);
      return choice.promise;
    },
    showInputBox(options: InputBox["options"] & { title?: string; prompt?: string }) {
      state.shown.push(options.title ?? "", options.prompt ?? "");
      const answer = deferred<string | undefined>();
      state.inputBox.put({ options, answer: answer.resolve });
      return answer.promise;
    },
  },
};

/** An extension's context: its id, its subscriptions and its SecretStorage (a Map, to look into). */
export function fakeContext(id = "example-publisher.openrouter-sign-in") {
  const secrets = new Map<string, string>();
  const context = {
    extension: { id },
    subscriptions: [] as { dispose(): unknown }[],
    secrets: {
      get: async (name: string) => secrets.get(name),
      store: async (name: string, value: string) => void secrets.set(name, value),
      delete: async (name: string) => void secrets.delete(name),
    },
  };
  return { context: context as unknown as ExtensionContext, secrets, subscriptions: context.subscriptions };
}
