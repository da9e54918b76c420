// The callback URLs an app may hand the authorization page, and those it may not: one table for the rule's tests
// (buildAuthorizationUrl, createSignIn, the fake's consent page, simulateUser).

/** Callbacks the rule takes: https, http on a loopback host, and the schemes apps register. */
export const ALLOWED_CALLBACKS = [
  "https://app.example/callback",
  "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
  "http://localhost:3000/callback",
  "http://127.0.0.1:51234/callback",
  "http://[::1]:8080/callback",
  "vscode://publisher.extension/callback",
  "vscode-insiders://publisher.extension/callback",
  "cursor://publisher.extension/callback",
  "windsurf://publisher.extension/callback",
  "code-oss://publisher.extension/callback",
  "chrome-extension://abcdefghijklmnopabcdefghijklmnop/callback.html",
  "com.example.app:/oauth2redirect",
  "com.example.app:/oauth2redirect?app=1",
];

/** Callbacks the rule refuses, each with why. */
export const REFUSED_CALLBACKS: [string, unknown][] = [
  ["a javascript: URL", "javascript:alert(1)"],
  ["a javascript: URL in capitals", "JavaScript:alert(1)"],
  ["a javascript: URL behind a space", " javascript:alert(1)"],
  ["a javascript: URL split by a tab", "java\tscript:alert(1)"],
  ["a vbscript: URL", "vbscript:msgbox(1)"],
  ["a data: URL", "data:text/html,<p>hi</p>"],
  ["a file: URL", "file:///etc/passwd"],
  ["a blob: URL", "blob:https://app.example/0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b"],
  ["an about: URL", "about:blank"],
  ["a ws: URL", "ws://127.0.0.1:8080/callback"],
  ["a wss: URL", "wss://app.example/callback"],
  ["http off loopback", "http://app.example/callback"],
  ["http on another 127.x address", "http://127.0.0.2/callback"],
  ["an https URL with a user", "https://openrouter.ai@evil.example/callback"],
  ["an https URL with a user and password", "https://user:pass@app.example/callback"],
  ["an app scheme with a user", "vscode://user@publisher.extension/callback"],
  ["a fragment", "https://app.example/callback#done"],
  ["an empty fragment", "https://app.example/callback#"],
  ["an app scheme with a fragment", "com.example.app:/oauth2redirect#x"],
  ["a relative URL", "/callback"],
  ["no URL at all", "not a url"],
  ["an empty string", ""],
  ["a number", 42],
];
