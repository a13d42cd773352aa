// docs/SECURITY.md's section on local-cloud as a dev server left running while its developer
// browses the web: who may reach it, and why a page from elsewhere gets nothing.

export const LOCAL_CLOUD_ACCESS = `## local-cloud in the developer's browser

\`npm start\` keeps Auth, Firestore and Storage across runs and, as the Emulator Suite does, honours
\`Bearer owner\` and unsigned ID tokens. Every web page the developer opens while it runs can send
requests to 127.0.0.1, so every local-cloud HTTP server (Firestore's REST, WebChannel and emulator
endpoints, Auth, Storage's APIs, downloads and emulator endpoints, the functions, the control API
and the console) refuses, before any route runs (\`local-cloud/src/net/access-policy.ts\`):

| request | answer |
| --- | --- |
| from a page of another origin: an \`Origin\` that is neither loopback nor allowed (\`null\` included), preflights too | 403, with no CORS header, so the page cannot read even the refusal |
| addressed to another name: a \`Host\` that is neither loopback nor allowed, as from a page that rebound its own name to 127.0.0.1 (DNS rebinding), the console's proxy included | 403 |
| to the control API, a POST, PUT, PATCH or DELETE without \`Content-Type: application/json\` (what a page may send cross-site without asking first: \`text/plain\`, a form, no type) | 415 |

Allowed are \`localhost\`, \`127.0.0.1\` and \`[::1]\` on any port, as a \`Host\` and as a page's origin
(http or https), the address the servers listen on, and what the developer adds: host names
(\`allowedHosts\`; pages served from them on any port are allowed too) and exact origins
(\`allowedOrigins\`); under \`npm start\`, \`--allow-host\` and \`--allow-origin\`, or
\`LOCAL_CLOUD_ALLOWED_HOSTS\` and \`LOCAL_CLOUD_ALLOWED_ORIGINS\` (comma-separated). Allowed pages get
the Emulator Suite's CORS: their origin echoed with credentials, and every preflight answered for
what it asks. A request without \`Origin\` is a program's (firebase-admin, the Cloud SDKs, curl,
the scripts), not a page's, and is served. The gRPC side of Firestore and Cloud Scheduler needs no
check: a browser cannot speak HTTP/2 without TLS.

A refused page gets nothing at all, not merely no \`Bearer owner\`: the emulators take unsigned ID
tokens, so any token a page forges is as good as an admin's, and the web SDK's WebChannel carries
its \`Authorization\` in the request body, which a page can post as a form without a preflight.
\`local-cloud/test/host/access.test.ts\` sends each refused request to each server;
\`test/browser/allowed-origins.test.ts\` runs the web SDK in Chromium from a configured origin on
another port, and the same page from an origin nobody configured.
`;
