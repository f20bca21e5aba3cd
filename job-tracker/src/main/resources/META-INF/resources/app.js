// Weft jobs dashboard: a live table over SSE and a job view. No framework, no build step.
(() => {
  "use strict";

  const API = "api/v1/jobs";
  const jobs = new Map();          // id -> job (list form)
  const rows = new Map();          // id -> <tr>
  let listStream = null;
  let jobStream = null;
  let selected = null;
  let shown = null;                // the job in the job view, as last received

  const $ = (id) => document.getElementById(id);
  const tbody = document.querySelector("#jobs tbody");

  // ---- signing in -------------------------------------------------------------------------------------------
  // Every API call carries an Entra ID access token for Weft's API with Weft.Read (Weft.Cancel to cancel), kept for
  // this tab only (sessionStorage). The dashboard gets one by signing the person in: the authorization-code flow
  // with PKCE of a single-page app (what /dashboard/sign-in names), the code redeemed by this page at the token
  // endpoint. For automation an access token can still be pasted in, or handed over in a link's fragment
  // (#access_token=...), which is removed from the address at once. Sign-out forgets the token.
  const TOKEN_KEY = "weft.accessToken";
  const USER_KEY = "weft.user";           // who signed in, from the ID token: shown, never sent
  const VIA_KEY = "weft.signedInWith";    // "sign-in" (an Entra session to end at sign-out) or "token"
  const PENDING_KEY = "weft.pendingSignIn";
  const handedOver = location.hash.match(/^#access_token=([^&]+)/);
  if (handedOver) {
    useToken(decodeURIComponent(handedOver[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const authorized = (headers = {}) => Object.assign({}, headers, token() ? { Authorization: "Bearer " + token() } : {});
  const api = (url, init = {}) => fetch(url, Object.assign({}, init, { headers: authorized(init.headers) }));

  function useToken(accessToken) {
    const claims = claimsOf(accessToken) || {};
    sessionStorage.setItem(TOKEN_KEY, accessToken);
    sessionStorage.setItem(USER_KEY, claims.name || claims.preferred_username || claims.azp || claims.appid || "");
    sessionStorage.setItem(VIA_KEY, "token");
  }

  function forgetToken() {
    [TOKEN_KEY, USER_KEY, VIA_KEY].forEach((key) => sessionStorage.removeItem(key));
  }

  /** A JWT's claims, or null for anything else; read for display and expiry only, the tracker checks the token. */
  function claimsOf(jwt) {
    try {
      const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
    } catch (e) {
      return null;
    }
  }

  const expired = () => {
    const claims = token() && claimsOf(token());
    return !!claims && typeof claims.exp === "number" && claims.exp * 1000 <= Date.now();
  };

  // The sign-in app (client id, scope) and its authority's endpoints, read once: the tracker's settings, then the
  // authority's discovery document, as MSAL.js reads it. null when the tracker has no sign-in app.
  let signInSettings;
  async function signInApp() {
    if (signInSettings !== undefined) return signInSettings;
    const config = await (await fetch("dashboard/sign-in")).json();
    if (!config.enabled) return (signInSettings = null);
    const discovery = await (await fetch(config.authority.replace(/\/$/, "") + "/.well-known/openid-configuration")).json();
    return (signInSettings = Object.assign({}, config, {
      authorize: discovery.authorization_endpoint,
      tokenEndpoint: discovery.token_endpoint,
      logout: discovery.end_session_endpoint,
    }));
  }

  const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const randomValue = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
  // The dashboard's own address, without query or fragment: what the sign-in app has as its redirect URI.
  const redirectUri = () => location.origin + location.pathname;

  // Off to the authority's sign-in page; the verifier and state stay in this tab until it sends the person back.
  async function signIn() {
    const app = await signInApp();
    const verifier = randomValue();
    const pending = { verifier, state: randomValue(), nonce: randomValue(), hash: location.hash };
    const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    location.assign(app.authorize + "?" + new URLSearchParams({
      client_id: app.clientId, response_type: "code", redirect_uri: redirectUri(), response_mode: "query",
      scope: app.scope, state: pending.state, nonce: pending.nonce,
      code_challenge: challenge, code_challenge_method: "S256",
    }));
  }

  // Back from the sign-in page with ?code=&state= (or ?error=): the code is redeemed for the tokens, once, and the
  // address cleaned so that a reload or a bookmark never carries it.
  async function completeSignIn() {
    const answer = new URLSearchParams(location.search);
    if (!answer.has("code") && !answer.has("error")) return;
    const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "null");
    sessionStorage.removeItem(PENDING_KEY);
    history.replaceState(null, "", location.pathname + ((pending && pending.hash) || ""));
    if (!pending || answer.get("state") !== pending.state) {
      return signInFailed("the answer is not for the sign-in this tab started");
    }
    if (answer.has("error")) return signInFailed(firstLine(answer.get("error_description") || answer.get("error")));
    try {
      const app = await signInApp();
      const response = await fetch(app.tokenEndpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: app.clientId, grant_type: "authorization_code", code: answer.get("code"),
          redirect_uri: redirectUri(), code_verifier: pending.verifier, scope: app.scope,
        }),
      });
      const tokens = await response.json().catch(() => ({}));
      if (!response.ok || !tokens.access_token) return signInFailed(firstLine(tokens.error_description || response.statusText));
      const id = claimsOf(tokens.id_token || "") || {};
      if (tokens.id_token && id.nonce !== pending.nonce) return signInFailed("the ID token is not for this sign-in");
      useToken(tokens.access_token);
      if (id.name || id.preferred_username) sessionStorage.setItem(USER_KEY, id.name || id.preferred_username);
      sessionStorage.setItem(VIA_KEY, "sign-in");
    } catch (e) {
      signInFailed(e.message);
    }
  }

  const firstLine = (text) => String(text).split(/\r?\n/)[0];

  function signInFailed(why) {
    $("connection").textContent = "Signed out: sign-in failed (" + why + ")";
    $("connection").className = "connection down";
  }

  async function showSignedIn() {
    const signedIn = !!token();
    $("signed-out").hidden = signedIn;
    $("signed-in").hidden = !signedIn;
    $("user").textContent = signedIn ? "Signed in as " + (sessionStorage.getItem(USER_KEY) || "an unnamed principal") : "";
    if (signedIn) return;
    let app = null;
    try {
      app = await signInApp();
    } catch (e) {
      signInSettings = undefined; // asked again at the next chance
    }
    $("sign-in-button").hidden = !app;
    // Without a sign-in app a token is the only way in: the box is open.
    $("paste-token").open = $("paste-token").open || !app;
  }

  // Sign-out forgets the token here, then ends the Entra session too when there is one; Entra sends the browser back.
  async function signOut() {
    const via = sessionStorage.getItem(VIA_KEY);
    forgetToken();
    clearJobs();
    const app = via === "sign-in" ? await signInApp().catch(() => null) : null;
    if (app && app.logout) {
      location.assign(app.logout + "?" + new URLSearchParams({ client_id: app.clientId, post_logout_redirect_uri: redirectUri() }));
      return;
    }
    refused(401);
  }

  // A server-sent event stream read with fetch, since EventSource cannot send an Authorization header. Like
  // EventSource it reconnects after a dropped connection, sending Last-Event-ID so that the server resumes without
  // gaps; unlike it, a refusal (401, 403, 404) is reported with its status and ends the stream.
  function openStream(url, handlers) {
    const controller = new AbortController();
    let lastEventId = null;
    let closed = false;
    const dispatch = (block) => {
      let name = "message", data = [], id = null;
      block.split("\n").forEach((line) => {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
        else if (field === "id") id = value;
      });
      if (id !== null) lastEventId = id;
      if (data.length && handlers[name]) handlers[name]({ data: data.join("\n") });
    };
    const connect = async () => {
      try {
        const headers = authorized({ Accept: "text/event-stream" });
        if (lastEventId) headers["Last-Event-ID"] = lastEventId;
        const response = await fetch(url, { headers, signal: controller.signal });
        if (!response.ok) {
          closed = true;
          if (handlers.refused) handlers.refused(response.status);
          return;
        }
        if (handlers.open) handlers.open();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, "\n");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (closed) return;
      }
      if (!closed) {
        if (handlers.error) handlers.error();
        setTimeout(connect, 3000);
      }
    };
    connect();
    return { close: () => { closed = true; controller.abort(); } };
  }

  // A refused token (expired, or signed out elsewhere) asks for a new one: the signed-out state, with Sign in.
  function refused(status) {
    if (status === 401) {
      forgetToken();
      clearJobs();
      showSignedIn();
      $("connection").textContent = "Signed out";
      $("connection").className = "connection down";
    } else if (status === 403) {
      $("connection").textContent = "Not allowed: the token has no Weft.Read role";
      $("connection").className = "connection down";
    }
  }

  // Signed out: no stream stays open and nothing of what the token could see stays on the page.
  function clearJobs() {
    if (listStream) listStream.close();
    if (jobStream) jobStream.close();
    jobs.clear(); rows.clear(); tbody.replaceChildren();
    $("job-count").textContent = "";
    closeJob();
  }

  // An expired token is dropped before the API has to refuse it.
  function checkExpiry() {
    if (!expired()) return;
    refused(401);
    $("connection").textContent = "Signed out: the session expired";
  }

  // ---- formatting -------------------------------------------------------------------------------------------
  const time = (iso) => iso ? new Date(iso).toLocaleString() : "—";
  // In the table: today's times without the date, so that every column fits.
  const shortTime = (iso) => {
    if (!iso) return "—";
    const at = new Date(iso);
    return at.toDateString() === new Date().toDateString() ? at.toLocaleTimeString()
      : at.toLocaleDateString(undefined, { month: "short", day: "numeric" }) + " " + at.toLocaleTimeString();
  };
  const timeCell = (iso) => {
    const cell = text("td", shortTime(iso));
    if (iso) cell.title = time(iso);
    return cell;
  };
  // Under a minute with a tenth of a second (a 2 s job must not read "0s"), then whole units.
  const seconds = (total) => {
    if (total < 60) return (total < 10 ? Math.round(total * 10) / 10 : Math.floor(total)) + "s";
    let s = Math.floor(total);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return h ? h + "h " + m + "m" : m + "m" + (s ? " " + s + "s" : "");
  };
  const span = (from, to) => {
    const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
    return Number.isFinite(ms) ? seconds(Math.max(0, ms) / 1000) : "—";
  };
  const duration = (from, to) => from ? span(from, to) + (to ? "" : " (running)") : "—";
  // From the request to the end, and how much of it was waiting for a worker: a job that ran 0.4 s after
  // waiting 1.6 s took 2 s for whoever submitted it.
  const jobDuration = (job) => {
    if (!job.createdAt) return "—";
    const soFar = job.finishedAt ? "" : " so far";
    if (!job.startedAt) return span(job.createdAt, job.finishedAt) + soFar + (job.finishedAt ? "" : ", waiting for a worker");
    return span(job.createdAt, job.finishedAt) + soFar + " (queued " + span(job.createdAt, job.startedAt)
      + ", ran " + span(job.startedAt, job.finishedAt) + ")";
  };
  // How long a job has been silent now: the server's figure at the time it was sent, plus the time since, so
  // that the browser's clock does not matter. A job is stalled once that exceeds its kind's threshold.
  const silentFor = (job) => job.silentForSeconds == null ? null
    : job.silentForSeconds + Math.max(0, Date.now() - job.receivedAt) / 1000;
  const isStalled = (job) => {
    const silent = silentFor(job);
    return job.lifecycle !== "COMPLETED" && silent != null && job.stalledAfterSeconds != null
      && (job.stalled || silent > job.stalledAfterSeconds);
  };
  const stallBadge = (job) => {
    const el = text("span", "STALLED · silent " + seconds(silentFor(job)), "badge STALLED");
    el.title = "No event for " + seconds(silentFor(job)) + "; a " + (job.kind || "job") + " that is "
      + job.lifecycle + " counts as stalled after " + seconds(job.stalledAfterSeconds)
      + ". A lost command or a worker that stopped looks like this.";
    return el;
  };
  const text = (tag, value, cls) => {
    const el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (cls) el.className = cls;
    return el;
  };
  const badge = (value) => value ? text("span", value.replace("_", " "), "badge " + value) : text("span", "—");
  const bar = (percent, outcome, label) => {
    const wrap = document.createElement("span");
    wrap.className = "bar " + (outcome || "");
    wrap.setAttribute("role", "progressbar");
    wrap.setAttribute("aria-valuemin", "0");
    wrap.setAttribute("aria-valuemax", "100");
    wrap.setAttribute("aria-valuenow", String(percent));
    wrap.setAttribute("aria-label", label);
    const track = text("span", "", "track");
    const fill = text("span", "", "fill");
    fill.style.width = percent + "%";
    track.appendChild(fill);
    wrap.append(track, text("span", percent + "%", "pct"));
    return wrap;
  };
  const announce = (message) => { $("announcer").textContent = message; };

  // ---- the list -----------------------------------------------------------------------------------------------
  function filterQuery() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData($("filters"))) {
      if (String(value).trim()) params.set(name, String(value).trim());
    }
    return params.toString();
  }

  function matchesFilters(job) {
    const form = new FormData($("filters"));
    const want = (name) => String(form.get(name) || "").trim();
    return (!want("lifecycle") || job.lifecycle === want("lifecycle"))
      && (!want("outcome") || job.outcome === want("outcome"))
      && (!want("kind") || job.kind === want("kind"))
      && (!want("workspace") || job.workspace === want("workspace"))
      && (!want("requestedBy") || requesterMatches(requester(job), want("requestedBy")));
  }

  /** Who asked for the job ({id, name, type}), from its request or, in lists, its request summary. */
  function requester(job) {
    return (job.request && job.request.requestedBy) || (job.requestSummary && job.requestSummary.requestedBy) || null;
  }

  function requesterMatches(who, wanted) {
    return !!who && (who.id === wanted || String(who.name || "").toLowerCase() === wanted.toLowerCase());
  }

  function renderRow(job, tr) {
    tr.replaceChildren();
    tr.dataset.jobId = job.id;
    tr.dataset.lifecycle = job.lifecycle;
    tr.dataset.outcome = job.outcome || "";
    const idCell = document.createElement("th");
    idCell.scope = "row";
    const link = text("a", job.id.length > 13 ? job.id.slice(0, 8) + "…" : job.id, "job-link");
    link.href = "#/jobs/" + encodeURIComponent(job.id);
    link.title = job.id;
    link.setAttribute("aria-label", "Job " + job.id);
    idCell.appendChild(link);
    const lifecycle = document.createElement("td"); lifecycle.className = "lifecycle"; lifecycle.appendChild(badge(job.lifecycle));
    tr.dataset.stalled = String(isStalled(job));
    if (isStalled(job)) lifecycle.appendChild(stallBadge(job));
    const outcome = document.createElement("td"); outcome.className = "outcome"; outcome.appendChild(badge(job.outcome));
    if (job.error && job.error.code && (job.outcome === "FAILED" || job.outcome === "TIMED_OUT")) {
      const code = text("code", job.error.code, "error-code");
      code.title = job.error.message || "";
      outcome.appendChild(code);
    }
    const progress = document.createElement("td"); progress.className = "progress";
    progress.appendChild(bar(job.progressPercent || 0, job.outcome, "Progress of job " + job.id));
    const workspace = text("td", where(job), "workspace");
    workspace.title = job.workspace || "";
    tr.append(idCell, text("td", job.kind || "—"), workspace, lifecycle, outcome, progress,
      text("td", job.currentStep || "—"), timeCell(job.createdAt), timeCell(job.updatedAt));
    tr.classList.toggle("selected", job.id === selected);
  }

  function placeRows() {
    const ordered = [...jobs.values()].sort((a, b) =>
      (b.createdAt || "").localeCompare(a.createdAt || "") || b.id.localeCompare(a.id));
    ordered.forEach((job, i) => {
      const tr = rows.get(job.id);
      if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
    });
    $("job-count").textContent = "(" + jobs.size + ")";
    $("empty").hidden = jobs.size > 0;
  }

  function upsert(job, flash) {
    job.receivedAt = Date.now();
    addKind(job.kind);
    if (!matchesFilters(job)) { remove(job.id); return; }
    const previous = jobs.get(job.id);
    if (previous && previous.changeSeq > job.changeSeq) return;
    jobs.set(job.id, job);
    let tr = rows.get(job.id);
    const isNew = !tr;
    if (isNew) { tr = document.createElement("tr"); rows.set(job.id, tr); }
    renderRow(job, tr);
    if (flash) { tr.classList.remove("flash"); void tr.offsetWidth; tr.classList.add("flash"); }
    if (isNew) placeRows();
    if (previous && (previous.lifecycle !== job.lifecycle || previous.outcome !== job.outcome)) {
      announce("Job " + job.id + " is " + job.lifecycle + (job.outcome ? ", " + job.outcome : ""));
    }
  }

  function remove(id) {
    const tr = rows.get(id);
    if (tr) tr.remove();
    rows.delete(id);
    jobs.delete(id);
    placeRows();
  }

  // ---- kinds: the server's list, and any new kind a job brings --------------------------------------------------
  function addKind(kind) {
    const select = $("f-kind");
    if (!kind || [...select.options].some((o) => o.value === kind)) return;
    const options = [...select.options].slice(1).map((o) => o.value).concat(kind).sort();
    const option = text("option", kind);
    option.value = kind;
    select.insertBefore(option, select.options[1 + options.indexOf(kind)] || null);
  }

  async function loadKinds() {
    try {
      const response = await api("api/v1/job-kinds");
      if (response.ok) (await response.json()).forEach((k) => addKind(k.kind));
    } catch (e) {
      // The kinds of the jobs shown still appear; the list is a convenience.
    }
  }

  // Stalls and running durations move with time, not only with events.
  function tick() {
    checkExpiry();
    jobs.forEach((job) => {
      const tr = rows.get(job.id);
      if (tr && job.lifecycle !== "COMPLETED") renderRow(job, tr);
    });
    if (shown && shown.lifecycle !== "COMPLETED") renderJob(shown);
  }

  function connectList() {
    if (listStream) listStream.close();
    const query = filterQuery();
    if (!token()) {
      refused(401);
      return;
    }
    listStream = openStream(API + "/stream" + (query ? "?" + query : ""), {
      snapshot: (e) => {
        const data = JSON.parse(e.data);
        jobs.clear(); rows.clear(); tbody.replaceChildren();
        data.jobs.forEach((job) => upsert(job, false));
        placeRows();
      },
      job: (e) => upsert(JSON.parse(e.data), true),
      "job-removed": (e) => remove(JSON.parse(e.data).id),
      open: () => setConnection(true),
      error: () => setConnection(false),
      refused,
    });
  }

  function setConnection(live) {
    const el = $("connection");
    el.textContent = live ? "Live" : "Reconnecting…";
    el.className = "connection " + (live ? "live" : "down");
  }

  // ---- the job view -------------------------------------------------------------------------------------------
  function openJob(id) {
    selected = id;
    rows.forEach((tr, rowId) => tr.classList.toggle("selected", rowId === id));
    if (jobStream) jobStream.close();
    $("job-view").hidden = false;
    $("jv-id").textContent = id;
    $("jv-message").textContent = "";
    jobStream = openStream(API + "/" + encodeURIComponent(id) + "/stream", {
      snapshot: (e) => {
        const data = JSON.parse(e.data);
        if (data.jobs.length) renderJob(received(data.jobs[0]));
      },
      job: (e) => renderJob(received(JSON.parse(e.data))),
      refused: (status) => {
        // nothing to cancel in a job that cannot be shown
        $("jv-cancel").disabled = status === 404 || status === 403;
        if (status === 404) $("jv-message").textContent = "This job is unknown or was purged.";
        else if (status === 403) $("jv-message").textContent = "Not allowed to see this job.";
        else refused(status);
      },
    });
  }

  function received(job) {
    job.receivedAt = Date.now();
    return job;
  }

  function closeJob() {
    selected = null;
    shown = null;
    if (jobStream) jobStream.close();
    jobStream = null;
    $("job-view").hidden = true;
    rows.forEach((tr) => tr.classList.remove("selected"));
  }

  function renderJob(job) {
    shown = job;
    $("jv-kind").textContent = job.kind || "—";
    $("jv-workspace").textContent = where(job);
    const who = requester(job);
    $("jv-requested-by").textContent = who ? (who.name || who.id) + " (" + (who.type === "ServicePrincipal" ? "app" : "user") + ")" : "—";
    $("jv-requested-by").title = who ? who.id : "";
    $("jv-lifecycle").replaceChildren(badge(job.lifecycle), ...(isStalled(job) ? [stallBadge(job)] : []));
    renderAttempts($("jv-attempt"), job.attempts || []);
    $("jv-last-event").textContent = job.lastEventAt
      ? time(job.lastEventAt) + (silentFor(job) != null ? " (" + seconds(silentFor(job)) + " ago)" : "") : "—";
    const stall = $("jv-stall");
    stall.hidden = !isStalled(job);
    if (isStalled(job)) {
      const p = document.createElement("p");
      p.append(text("strong", "Stalled: "), document.createTextNode("no event for " + seconds(silentFor(job))
        + "; a " + (job.kind || "job") + " that is " + job.lifecycle + " counts as stalled after "
        + seconds(job.stalledAfterSeconds) + "."));
      stall.replaceChildren(p, text("p", job.lifecycle === "QUEUED"
        ? "No worker has started it: its command may be lost, or no worker is consuming its topic."
        : "Its worker may have stopped; a redelivered command would start attempt " + ((job.attempt || 0) + 1) + "."));
    }
    $("jv-outcome").replaceChildren(badge(job.outcome));
    $("jv-progress").replaceChildren(bar(job.progressPercent || 0, job.outcome, "Progress of the selected job"));
    $("jv-created").textContent = time(job.createdAt);
    $("jv-duration").textContent = jobDuration(job);
    $("jv-cancel-requested").textContent = job.cancelRequest
      ? time(job.cancelRequest.requestedAt) + (job.cancelRequest.reason ? " — " + job.cancelRequest.reason : "")
        + (job.cancelRequest.requestedBy ? " (by " + (job.cancelRequest.requestedBy.name || job.cancelRequest.requestedBy.id) + ")" : "")
      : "no";
    $("jv-cancel").disabled = job.lifecycle === "COMPLETED";
    renderError($("jv-error"), job.error, job.failedStep ? "Failed in step " + job.failedStep : "Error");
    renderResources(job.resources);
    renderPlan(job.result);
    const steps = $("jv-steps");
    steps.replaceChildren(...(job.steps || []).map(renderStep));
    if (!(job.steps || []).length) steps.appendChild(text("li", "No steps reported yet."));
  }

  /**
   * Where a job ran: its workspace, or for a deployment to an environment (keyed environment:<name>, its workspace known
   * only to the deployer) the environment and, once the job has resolved it, the workspace it took from the file.
   */
  function where(job) {
    const key = job.workspace || "";
    if (!key.startsWith("environment:")) return key || "—";
    const environment = key.substring("environment:".length);
    const resolved = job.result && job.result.workspaceName;
    return resolved ? resolved + " (" + environment + ")" : "environment " + environment;
  }

  /** What the job created in Fabric and what its rollback removed (workspace jobs report them). */
  function renderResources(resources) {
    const section = $("jv-resources");
    section.hidden = !resources;
    if (!resources) return;
    const item = (r) => text("li", r.kind + " " + r.name + (r.id ? " (" + r.id + ")" : ""));
    const created = $("jv-resources-created");
    created.replaceChildren(...(resources.created || []).map(item));
    if (!(resources.created || []).length) created.appendChild(text("li", "Nothing."));
    const rolledBack = $("jv-resources-rolled-back");
    rolledBack.replaceChildren(...(resources.rolledBack || []).map(item));
    if (!(resources.rolledBack || []).length) rolledBack.appendChild(text("li", "Nothing."));
  }

  /** A plan (a job run with plan: true): one row per item or role assignment, and the count per action. */
  function renderPlan(result) {
    const section = $("jv-plan");
    const plan = result && result.planned && Array.isArray(result.plan) ? result.plan : null;
    section.hidden = !plan;
    if (!plan) return;
    const summary = result.summary || {};
    $("jv-plan-summary").textContent = Object.keys(summary).filter((a) => summary[a] > 0)
      .map((a) => summary[a] + " " + a).join(", ") || "nothing to do";
    const rows = plan.map((entry) => {
      const tr = document.createElement("tr");
      const action = text("span", entry.action || "—", "action " + (entry.action || ""));
      const actionCell = document.createElement("td");
      actionCell.appendChild(action);
      tr.append(text("td", entry.itemType || "—"), text("td", entry.name || "—"), actionCell,
        text("td", (entry.changedParts || []).join(", ") || "—", "parts"), text("td", entry.reason || "", "reason"));
      return tr;
    });
    $("jv-plan-table").tBodies[0].replaceChildren(...rows);
  }

  function renderAttempts(dd, attempts) {
    if (!attempts.length) { dd.textContent = "—"; return; }
    const latest = attempts[attempts.length - 1];
    dd.replaceChildren(text("span", latest.number + ", started " + time(latest.startedAt)));
    if (attempts.length > 1) {
      const list = text("ul", "", "attempts");
      attempts.slice(0, -1).forEach((a) => list.appendChild(text("li", "attempt " + a.number + " started " + time(a.startedAt))));
      dd.appendChild(list);
    }
  }

  function renderStep(step) {
    const li = document.createElement("li");
    li.className = step.state;
    li.dataset.step = step.name;
    const head = text("div", "", "step-head");
    head.append(text("span", step.name, "step-name"), badge(step.state));
    const meta = [];
    if (step.attempts > 1) meta.push(step.attempts + " attempts");
    if (step.startedAt) meta.push(duration(step.startedAt, step.finishedAt));
    if (step.detail && step.state === "RUNNING") meta.push(step.detail);
    head.appendChild(text("span", meta.join(" · "), "step-meta"));
    li.appendChild(head);
    const percent = step.state === "SUCCEEDED" ? 100
      : step.total > 0 ? Math.floor(100 * step.done / step.total)
      : step.percentComplete != null ? step.percentComplete : null;
    if (percent != null) {
      const counts = step.total > 0 ? " (" + step.done + " of " + step.total + " " + (step.unit || "") + ")" : "";
      const row = text("div", "", "step-progress");
      row.append(bar(percent, step.state === "SUCCEEDED" ? "SUCCEEDED" : step.state === "FAILED" ? "FAILED" : "",
        "Progress of step " + step.name), text("span", counts, "step-meta"));
      li.appendChild(row);
    }
    if (step.lastError) {
      const box = text("div", "", "error-box");
      renderError(box, step.lastError, "Last error");
      li.appendChild(box);
    }
    return li;
  }

  function renderError(box, error, title) {
    box.hidden = !error;
    box.replaceChildren();
    if (!error) return;
    const p = document.createElement("p");
    p.append(text("strong", title + ": "), text("code", "[" + (error.code || "error") + "]"), document.createTextNode(" " + (error.message || "")));
    box.appendChild(p);
    if (error.requestId) {
      const id = document.createElement("p");
      id.append(text("span", "Fabric request id: "), text("code", error.requestId, "request-id"));
      box.appendChild(id);
    }
    if (error.resource) box.appendChild(text("p", "Resource: " + error.resource));
  }

  async function cancelSelected() {
    if (!selected) return;
    const button = $("jv-cancel");
    button.disabled = true;
    try {
      const response = await api(API + "/" + encodeURIComponent(selected) + "/cancel", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reason: "cancelled from the dashboard" }),
      });
      if (response.status === 202) {
        $("jv-message").textContent = "Cancel requested; the worker stops the job between steps.";
      } else {
        const problem = await response.json().catch(() => ({}));
        $("jv-message").textContent = "Could not cancel: " + (problem.detail || response.statusText);
        button.disabled = false;
      }
    } catch (e) {
      $("jv-message").textContent = "Could not cancel: " + e.message;
      button.disabled = false;
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------------------------
  function route() {
    const match = location.hash.match(/^#\/jobs\/(.+)$/);
    if (match) openJob(decodeURIComponent(match[1])); else closeJob();
  }

  $("sign-in").addEventListener("submit", (e) => {
    e.preventDefault();
    const pasted = $("token").value.trim().replace(/^Bearer\s+/i, "");
    if (!pasted) return;
    useToken(pasted);
    $("token").value = "";
    showSignedIn();
    loadKinds();
    connectList();
    route();
  });
  $("sign-in-button").addEventListener("click", () => signIn().catch((e) => signInFailed(e.message)));
  $("sign-out").addEventListener("click", signOut);
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); connectList(); });
  $("filters").addEventListener("reset", () => setTimeout(connectList, 0));
  $("jv-cancel").addEventListener("click", cancelSelected);
  $("jv-close").addEventListener("click", (e) => { e.preventDefault(); history.pushState(null, "", location.pathname); closeJob(); });
  window.addEventListener("hashchange", route);

  (async () => {
    await completeSignIn();
    checkExpiry();
    await showSignedIn();
    if (!token()) {
      if (!$("connection").textContent.startsWith("Signed out")) refused(401);
      return;
    }
    loadKinds();
    connectList();
    route();
  })();
  setInterval(tick, 5000);
})();
