// Kitchen display: sign in, show the kitchen queue live over Socket.IO, bump tickets.
// Plain browser JavaScript, no build step. Nothing here logs tokens or passwords.
'use strict';
(() => {
  // The page lives at <root>/kds/; the API and Socket.IO live at <root>.
  const ROOT = new URL('../', location.href);
  const apiUrl = (path) => new URL(path, ROOT).toString();

  const OPEN = new Set(['CONFIRMED', 'PREPARING', 'READY']);
  const NEXT = { CONFIRMED: 'PREPARING', PREPARING: 'READY', READY: 'SERVED' };
  const LABEL = { CONFIRMED: 'Start', PREPARING: 'Mark ready', READY: 'Served' };
  // Who may press which button (the order policy); only shows or hides buttons, the server checks again.
  const COOKS = ['kitchen', 'manager', 'owner'];
  const MAY_BUMP = { CONFIRMED: COOKS, PREPARING: COOKS, READY: ['waiter', 'cashier', 'manager', 'owner'] };
  const AMBER_AFTER_S = 10 * 60;
  const RED_AFTER_S = 20 * 60;
  const TOKENS_KEY = 'kds.tokens'; // sessionStorage: a reload stays signed in, closing the tab does not
  const STATION_KEY = 'kds.station'; // localStorage
  const STATIONS_KEY = 'kds.stations';
  const SUBDOMAIN_KEY = 'kds.subdomain';

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- session

  let tokens = readJson(sessionStorage, TOKENS_KEY); // { accessToken, refreshToken, expiresAt }
  let refreshTimer;
  let refreshing;

  function readJson(storage, key) {
    try { return JSON.parse(storage.getItem(key)); } catch { return null; }
  }

  function keepTokens(pair) {
    // expiresIn is trusted over the token's exp claim: the tablet's clock may be wrong.
    const ttl = pair.expiresIn * 1000;
    tokens = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + ttl, ttl: pair.ttl || ttl };
    sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
    clearTimeout(refreshTimer);
    // Refresh a minute before expiry (sooner for short-lived tokens); a 401 refreshes too.
    const early = Math.min(60000, tokens.ttl / 5);
    refreshTimer = setTimeout(() => refresh().catch(() => retryRefreshSoon()), Math.max(1000, tokens.expiresAt - Date.now() - early));
  }

  function retryRefreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => refresh().catch(() => retryRefreshSoon()), 10000);
  }

  /** The access token's claims, for showing buttons only (the server checks everything). */
  function claims() {
    try {
      const part = tokens.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch { return {}; }
  }

  /** One refresh at a time: a refresh token works once. Resolves false when the sign-in has ended. */
  function refresh() {
    refreshing ??= (async () => {
      if (!tokens) return false;
      const res = await fetch(apiUrl('api/auth/refresh'), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (res.ok) { keepTokens(await res.json()); return true; }
      if (res.status === 400 || res.status === 401) { signOut('Your sign-in has ended. Please sign in again.'); return false; }
      throw new Error(`refresh failed (${res.status})`);
    })().finally(() => { refreshing = undefined; });
    return refreshing;
  }

  async function freshAccessToken() {
    if (tokens && Date.now() > tokens.expiresAt - Math.min(10000, tokens.ttl / 10)) await refresh();
    return tokens ? tokens.accessToken : '';
  }

  /** JSON over fetch with the access token; refreshes once on 401. Throws only when the network fails. */
  async function api(method, path, body) {
    const send = async () => fetch(apiUrl(path), {
      method,
      headers: { authorization: `Bearer ${await freshAccessToken()}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    let res = await send();
    if (res.status === 401 && tokens && (await refresh())) res = await send();
    const text = await res.text();
    let data;
    try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
    return { ok: res.ok, status: res.status, body: data, headers: res.headers };
  }

  const problemText = (answer, fallback) => (answer.body && (answer.body.detail || answer.body.title)) || `${fallback} (${answer.status})`;

  async function signIn(form) {
    const body = { subdomain: form.subdomain.value.trim().toLowerCase(), email: form.email.value.trim(), password: form.password.value };
    const error = $('login-error');
    error.textContent = '';
    form.querySelector('button').disabled = true;
    try {
      const res = await fetch(apiUrl('api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.ok) {
        localStorage.setItem(SUBDOMAIN_KEY, body.subdomain);
        form.password.value = '';
        keepTokens(await res.json());
        start();
      } else if (res.status === 401) {
        error.textContent = 'Wrong restaurant, email or password.';
      } else if (res.status === 429) {
        error.textContent = `Too many attempts. Try again in ${res.headers.get('retry-after') || 'a few'} seconds.`;
      } else {
        error.textContent = problemText({ status: res.status, body: await res.json().catch(() => undefined) }, 'Sign-in failed');
      }
    } catch {
      error.textContent = 'Cannot reach the server.';
    } finally {
      form.querySelector('button').disabled = false;
    }
  }

  function signOut(message) {
    const spent = tokens;
    tokens = null;
    sessionStorage.removeItem(TOKENS_KEY);
    clearTimeout(refreshTimer);
    if (socket) { socket.disconnect(); socket = undefined; }
    clearTimeout(board.retry);
    board.generation += 1;
    board.tickets.clear();
    board.last.clear();
    document.body.className = 'signed-out';
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    if (spent) {
      fetch(apiUrl('api/auth/logout'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${spent.accessToken}` },
        body: JSON.stringify({ refreshToken: spent.refreshToken }),
      }).catch(() => {});
    }
  }

  // ---------------------------------------------------------------- the queue

  // last: the position of the last kitchen.updated applied per station (the gap rule's memory).
  const board = {
    station: localStorage.getItem(STATION_KEY) || 'all', tickets: new Map(), last: new Map(),
    loading: false, again: false, againMin: undefined, queued: [], generation: 0, retry: undefined,
  };
  const knownStations = new Set(readJson(localStorage, STATIONS_KEY) || []);

  const bigint = (value) => { try { return BigInt(value); } catch { return -1n; } };

  /** Fetches the snapshot; pushes arriving meanwhile wait and are replayed on top of it. */
  async function loadSnapshot(minPosition) {
    if (board.loading) {
      board.again = true;
      if (minPosition && bigint(minPosition) > bigint(board.againMin || '0')) board.againMin = minPosition;
      return;
    }
    board.loading = true;
    board.queued = [];
    clearTimeout(board.retry);
    const generation = board.generation;
    const query = new URLSearchParams();
    if (board.station !== 'all') query.set('station', board.station);
    if (minPosition) query.set('minPosition', minPosition); // a gap: wait until the read model has the missed push
    let answer;
    try {
      answer = await api('GET', `api/restaurant/kitchen-queue${query.toString() ? `?${query}` : ''}`);
    } catch {
      answer = undefined;
    }
    const queued = board.queued;
    board.loading = false;
    board.queued = [];
    if (!tokens) return;
    if (board.again || generation !== board.generation) {
      // Asked again meanwhile (another station, a conflict): this answer may be stale already.
      const again = board.againMin;
      board.again = false;
      board.againMin = undefined;
      loadSnapshot(again);
      return;
    }
    if (!answer || !answer.ok) {
      toast(answer ? problemText(answer, 'Cannot load the kitchen queue') : 'Cannot reach the server.');
      board.retry = setTimeout(() => loadSnapshot(minPosition), 3000);
      return;
    }
    const { stationPositions = {}, orders = [] } = answer.body;
    board.tickets = new Map(orders.filter((t) => t.items.length > 0).map((ticket) => [ticket.orderId, withClock(ticket)]));
    board.last = new Map(Object.entries(stationPositions));
    learnStations([...Object.keys(stationPositions), ...orders.flatMap((t) => t.items.map((i) => i.station))]);
    render();
    for (const push of queued) applyPush(push);
  }

  function onKitchenUpdated(push) {
    if (!push || typeof push.station !== 'string' || !Array.isArray(push.orders)) return;
    if (board.station !== 'all' && push.station !== board.station) return; // from before the subscription took effect
    if (board.loading) board.queued.push(push);
    else applyPush(push);
  }

  /** The gap rule: old pushes are ignored; a push that does not follow the last one means one was missed. */
  function applyPush(push) {
    const last = board.last.get(push.station) || '0';
    if (bigint(push.position) <= bigint(last)) return;
    if (bigint(push.previousPosition) !== bigint(last)) { loadSnapshot(push.position); return; }
    board.last.set(push.station, push.position);
    for (const ticket of push.orders) mergeTicket(ticket, push.station);
    learnStations([push.station]);
    render();
  }

  /** A push carries only its station's lines: with every station shown, the other stations' lines stay. */
  function mergeTicket(ticket, station) {
    if (!OPEN.has(ticket.status)) { board.tickets.delete(ticket.orderId); return; }
    const old = board.tickets.get(ticket.orderId);
    let items = ticket.items;
    if (old) {
      const fresh = new Map(ticket.items.map((item) => [item.lineId, item]));
      items = [];
      for (const item of old.items) {
        if (item.station !== station) items.push(item);
        else if (fresh.has(item.lineId)) { items.push(fresh.get(item.lineId)); fresh.delete(item.lineId); }
      }
      items.push(...fresh.values());
    }
    // A station whose lines all left the ticket gets it with no items: the ticket goes.
    if (items.length === 0) board.tickets.delete(ticket.orderId);
    else board.tickets.set(ticket.orderId, withClock({ ...ticket, items }));
  }

  /** Ages count from the server's ageSeconds, so a tablet with a wrong clock still shows the right age. */
  function withClock(ticket) {
    const since = Number.isFinite(ticket.ageSeconds) ? Date.now() - ticket.ageSeconds * 1000 : Date.parse(ticket.placedAt);
    return { ...ticket, since: Number.isFinite(since) ? since : Date.now() };
  }

  function learnStations(stations) {
    const before = knownStations.size;
    for (const station of stations) if (station && station !== 'all') knownStations.add(station);
    if (knownStations.size !== before) {
      localStorage.setItem(STATIONS_KEY, JSON.stringify([...knownStations]));
      renderStations();
    }
  }

  function chooseStation(station) {
    station = station.trim() || 'all';
    board.station = station;
    board.generation += 1;
    board.tickets.clear();
    board.last.clear();
    localStorage.setItem(STATION_KEY, station);
    learnStations([station]);
    renderStations();
    render();
    if (socket && socket.connected) subscribeAndLoad();
  }

  async function bump(ticket, button) {
    const next = NEXT[ticket.status];
    button.disabled = true;
    try {
      const answer = await api('POST', `api/restaurant/orders/${encodeURIComponent(ticket.orderId)}/status`, { status: next, expectedRevision: ticket.revision });
      if (answer.ok) {
        // Show the move at once (the push that follows carries the same state), unless a push was quicker.
        const current = board.tickets.get(ticket.orderId);
        if (current && bigint(answer.body.revision) > bigint(current.revision)) {
          if (OPEN.has(answer.body.status)) board.tickets.set(ticket.orderId, { ...current, status: answer.body.status, revision: answer.body.revision });
          else board.tickets.delete(ticket.orderId);
        }
        render();
        return;
      }
      toast(problemText(answer, 'Could not update the order'));
      if (answer.status === 409 || answer.status === 404) loadSnapshot();
    } catch {
      toast('Cannot reach the server.');
    }
    button.disabled = false;
  }

  // ---------------------------------------------------------------- realtime

  let socket;
  let refusals = 0;

  function connect() {
    // auth as a function: every (re)connect presents the newest access token.
    // WebSocket only: long-polling needs sticky sessions across several API processes.
    socket = io(`${ROOT.origin}/restaurant`, {
      path: `${ROOT.pathname}socket.io`,
      transports: ['websocket'],
      forceNew: true,
      auth: (give) => { freshAccessToken().then((token) => give({ token }), () => give({ token: tokens ? tokens.accessToken : '' })); },
    });
    socket.on('connect', () => { refusals = 0; showConnection(); subscribeAndLoad(); });
    socket.on('disconnect', (reason) => {
      showConnection();
      // The server hung up on purpose; socket.io will not retry by itself.
      if (reason === 'io server disconnect') setTimeout(() => socket && socket.connect(), 2000);
    });
    socket.on('connect_error', (error) => {
      showConnection();
      if (socket.active) return; // network trouble: socket.io retries with backoff
      // Refused at the handshake (token expired or revoked): new token, then try again.
      refusals += 1;
      const again = () => setTimeout(() => socket && socket.connect(), Math.min(30000, 1000 * 2 ** (refusals - 1)));
      if (error.data && error.data.code === 'UNAUTHENTICATED') refresh().then((ok) => ok && again(), again);
      else again();
    });
    socket.on('kitchen.updated', onKitchenUpdated);
    socket.io.on('reconnect_attempt', showConnection);
  }

  function subscribeAndLoad() {
    const station = board.station;
    socket.emit('kitchen:subscribe', { station }, (answer) => {
      if (answer && answer.ok === false) toast(answer.error ? answer.error.message : 'Cannot choose that station');
    });
    loadSnapshot();
  }

  function showConnection() {
    const state = socket && socket.connected ? 'live' : navigator.onLine && socket && socket.active ? 'reconnecting' : 'offline';
    const el = $('conn');
    el.className = `conn ${state}`;
    el.textContent = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' }[state];
    if (document.body.dataset.conn !== state) document.body.dataset.conn = state;
  }

  // ---------------------------------------------------------------- rendering

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    Object.assign(el, props);
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child);
    return el;
  }

  const mmss = (seconds) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  const ageOf = (ticket) => Math.max(0, Math.floor((Date.now() - ticket.since) / 1000));
  const ageClass = (seconds) => (seconds >= RED_AFTER_S ? 'age-red' : seconds >= AMBER_AFTER_S ? 'age-amber' : 'age-ok');

  function renderStations() {
    const choices = ['all', ...[...knownStations].sort()];
    $('stations').replaceChildren(...choices.map((station) => h('button', {
      type: 'button', className: `station${station === board.station ? ' chosen' : ''}`, textContent: station === 'all' ? 'All' : station,
      onclick: () => chooseStation(station),
    })));
  }

  function renderTicket(ticket, role) {
    const age = ageOf(ticket);
    const next = NEXT[ticket.status];
    const button = MAY_BUMP[ticket.status] && MAY_BUMP[ticket.status].includes(role)
      ? h('button', { type: 'button', className: `bump to-${next}`, textContent: LABEL[ticket.status] })
      : ticket.status === 'READY' && h('p', { className: 'waiting', textContent: 'Waiting for pickup' });
    if (button && button.tagName === 'BUTTON') button.onclick = () => bump(board.tickets.get(ticket.orderId) || ticket, button);
    const card = h('article', { className: `ticket status-${ticket.status} ${ageClass(age)}` },
      h('header', { className: 'ticket-head' },
        h('span', { className: 'table', textContent: ticket.table ? `Table ${ticket.table}` : 'Takeaway' }),
        h('span', { className: 'age', textContent: mmss(age) })),
      h('div', { className: 'status', textContent: ticket.status }),
      h('ul', { className: 'items' }, ticket.items.map((item) => h('li', { className: `item${item.voided ? ' voided' : ''}` },
        h('span', { className: 'qty', textContent: `${item.quantity}×` }),
        h('span', { className: 'name', textContent: item.name }),
        item.voided && h('span', { className: 'void-tag', textContent: 'VOID' }),
        board.station === 'all' && item.station && h('span', { className: 'item-station', textContent: item.station }),
        item.note && h('div', { className: 'item-note', textContent: item.note })))),
      ticket.note && h('p', { className: 'order-note', textContent: ticket.note }),
      button);
    card.dataset.orderId = ticket.orderId;
    card.dataset.status = ticket.status;
    return card;
  }

  function render() {
    const role = claims().role;
    const placed = (t) => Date.parse(t.placedAt) || t.since;
    const tickets = [...board.tickets.values()].sort((a, b) => placed(a) - placed(b) || (a.orderId < b.orderId ? -1 : 1));
    $('board').replaceChildren(...tickets.map((ticket) => renderTicket(ticket, role)));
    $('empty').hidden = tickets.length > 0;
    $('count').textContent = `${tickets.length} open`;
  }

  /** Once a second: ages and their colours, without rebuilding the cards. */
  function tick() {
    for (const card of $('board').children) {
      const ticket = board.tickets.get(card.dataset.orderId);
      if (!ticket) continue;
      const age = ageOf(ticket);
      card.querySelector('.age').textContent = mmss(age);
      card.classList.remove('age-ok', 'age-amber', 'age-red');
      card.classList.add(ageClass(age));
    }
  }

  let toastTimer;
  function toast(message) {
    const el = $('toast');
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
  }

  // ---------------------------------------------------------------- start

  function start() {
    document.body.className = 'signed-in';
    $('login').hidden = true;
    $('app').hidden = false;
    const c = claims();
    $('who').textContent = c.role || '';
    renderStations();
    render();
    connect();
    showConnection();
  }

  $('login-form').addEventListener('submit', (event) => { event.preventDefault(); signIn(event.target); });
  $('login-form').subdomain.value = localStorage.getItem(SUBDOMAIN_KEY) || '';
  $('logout').addEventListener('click', () => signOut());
  $('station-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = event.target.station;
    if (input.value.trim()) chooseStation(input.value);
    input.value = '';
  });
  $('toast').addEventListener('click', () => { $('toast').hidden = true; });
  window.addEventListener('online', () => { showConnection(); if (socket && !socket.active) socket.connect(); });
  window.addEventListener('offline', showConnection);
  // A tablet waking up may have slept through pushes; the snapshot puts it right.
  document.addEventListener('visibilitychange', () => { if (!document.hidden && socket && socket.connected) loadSnapshot(); });
  setInterval(tick, 1000);

  // A tiny handle for tests and for poking at a display from the console (no tokens in it).
  window.__kds = { get socket() { return socket; }, get station() { return board.station; }, reload: () => loadSnapshot() };

  if (tokens) {
    keepTokens({ ...tokens, expiresIn: Math.max(0, (tokens.expiresAt - Date.now()) / 1000) });
    start();
  }
})();
