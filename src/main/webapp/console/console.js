// inbox console: one /ws/inbox/ socket, like the legacy frontend; REST for lists and history.
// Plain JavaScript, no build step, nothing fetched from elsewhere.
"use strict";

const inbox = (() => {
    const $ = (id) => document.getElementById(id);
    const state = {
        token: null,
        me: null,
        ws: null,
        attempt: 0,
        reconnectTimer: null,
        lastMessageId: 0,        // highest message id seen: the sync cursor after a reconnect
        hadConnection: false,
        conversations: new Map(), // id -> {id, title, participant_ids, unread_count}
        messages: new Map(),      // conversation id -> Map(message id -> message)
        current: null,
        presence: new Map(),      // user id -> {status, last_seen_at}
        typing: new Map(),        // conversation id -> Map(user id -> timer)
        reads: new Map(),         // conversation id -> Map(user id -> message id)
        typingSentAt: 0,
        typingStopTimer: null,
    };

    // ------------------------------------------------------------------ raw view

    function raw(direction, text) {
        const li = document.createElement("li");
        li.className = direction;
        const time = document.createElement("time");
        time.textContent = new Date().toISOString().substring(11, 23);
        li.append(time, document.createTextNode(text));
        const list = $("raw");
        list.append(li);
        while (list.children.length > 500) {
            list.firstChild.remove();
        }
        const view = $("raw-view");
        view.scrollTop = view.scrollHeight;
    }

    function setState(name, label) {
        const badge = $("state");
        badge.dataset.state = name;
        badge.className = "state state-" + name;
        badge.textContent = label;
    }

    // ------------------------------------------------------------------ REST

    async function api(method, path, body) {
        const response = await fetch(path, {
            method,
            headers: Object.assign({"Accept": "application/json"},
                state.token ? {"Authorization": "Bearer " + state.token} : {},
                body ? {"Content-Type": "application/json"} : {}),
            body: body ? JSON.stringify(body) : undefined,
        });
        const text = await response.text();
        const json = text ? JSON.parse(text) : null;
        if (!response.ok) {
            throw new Error((json && json.detail) || ("HTTP " + response.status));
        }
        return json;
    }

    // ------------------------------------------------------------------ login

    async function detectDevMode() {
        // dev mode answers 400 to a token request without a user id; a configured server answers 404
        try {
            const response = await fetch("api/dev/token/");
            if (response.status === 400) {
                $("dev-login").hidden = false;
                $("token-hint").textContent = "Or paste a JWT the server accepts.";
                return;
            }
            // a server that cannot authenticate anyone (no key configured) answers every API call 503 and says why
            const me = await fetch("api/me/");
            if (me.status === 503) {
                const body = await me.json();
                showLoginError(body.detail || "The server is unavailable.");
            }
        } catch (e) {
            // no dev mode
        }
    }

    async function loginDev() {
        const id = $("login-user-id").value;
        const name = $("login-name").value.trim();
        try {
            const reply = await api("GET", "api/dev/token/?user_id=" + encodeURIComponent(id)
                + (name ? "&name=" + encodeURIComponent(name) : ""));
            await start(reply.token);
        } catch (e) {
            showLoginError(e.message);
        }
    }

    async function loginToken() {
        try {
            await start($("token-input").value.trim());
        } catch (e) {
            showLoginError(e.message);
        }
    }

    function showLoginError(message) {
        $("login-error").textContent = message;
        $("login-error").hidden = false;
    }

    async function start(token) {
        state.token = token;
        state.me = await api("GET", "api/me/");
        $("me").textContent = "signed in as " + (state.me.name || state.me.username || "") + " (user " + state.me.id + ")";
        $("login").hidden = true;
        $("app").hidden = false;
        await loadConversations();
        connect();
    }

    // ------------------------------------------------------------------ conversations

    async function loadConversations() {
        const page = await api("GET", "api/conversations/");
        page.results.forEach(c => state.conversations.set(c.id, c));
        renderConversations();
    }

    function title(c) {
        if (c.title) {
            return c.title;
        }
        const others = c.participant_ids.filter(id => id !== state.me.id);
        return "with " + (others.length ? others.join(", ") : "myself");
    }

    function renderConversations() {
        const list = $("conversations");
        list.replaceChildren();
        for (const c of state.conversations.values()) {
            const li = document.createElement("li");
            li.dataset.id = c.id;
            li.className = c.id === state.current ? "current" : "";
            const name = document.createElement("span");
            name.textContent = "#" + c.id + " " + title(c);
            const unread = document.createElement("span");
            unread.className = "unread";
            unread.dataset.count = c.unread_count || 0;
            unread.textContent = c.unread_count || 0;
            li.append(name, unread);
            li.addEventListener("click", () => openConversation(c.id));
            list.append(li);
        }
    }

    async function openConversation(id) {
        state.current = id;
        const c = state.conversations.get(id);
        $("conversation-title").textContent = "#" + id + " " + title(c);
        $("message-input").disabled = false;
        $("send").disabled = false;
        const history = await api("GET", "api/conversations/" + id + "/messages/?limit=50");
        history.results.forEach(m => remember(m));
        renderConversations();
        renderMessages();
        markRead();
        renderTyping();
        renderReads();
    }

    async function createConversation(event) {
        event.preventDefault();
        const ids = $("new-participants").value.split(/[\s,]+/).filter(Boolean).map(Number);
        const body = {participant_ids: ids};
        const titleText = $("new-title").value.trim();
        if (titleText) {
            body.title = titleText;
        }
        try {
            const c = await api("POST", "api/conversations/", body);
            if (!state.conversations.has(c.id)) {
                state.conversations.set(c.id, Object.assign({unread_count: 0}, c));
            }
            $("new-participants").value = "";
            $("new-title").value = "";
            renderConversations();
            openConversation(c.id);
        } catch (e) {
            raw("note", "create failed: " + e.message);
        }
    }

    // ------------------------------------------------------------------ messages

    function remember(m) {
        if (!state.messages.has(m.conversation_id)) {
            state.messages.set(m.conversation_id, new Map());
        }
        const known = state.messages.get(m.conversation_id);
        const isNew = !known.has(m.message_id);
        known.set(m.message_id, m);
        state.lastMessageId = Math.max(state.lastMessageId, m.message_id);
        return isNew;
    }

    function renderMessages() {
        const list = $("messages");
        list.replaceChildren();
        const known = state.messages.get(state.current);
        if (!known) {
            return;
        }
        [...known.values()].sort((a, b) => a.message_id - b.message_id).forEach(m => {
            const li = document.createElement("li");
            li.className = "message" + (m.sender_id === state.me.id ? " mine" : "") + (m.pending ? " pending" : "");
            li.dataset.id = m.message_id;
            const who = document.createElement("span");
            who.className = "who";
            who.textContent = m.sender_name || ("user " + m.sender_id);
            const text = document.createElement("span");
            text.className = "text";
            text.textContent = m.message;
            const when = document.createElement("span");
            when.className = "when";
            when.textContent = (m.created_at || "").substring(11, 19) + (m.edited_at ? " (edited)" : "");
            li.append(who, text, when);
            list.append(li);
        });
        const pane = $("conversation");
        pane.scrollTop = pane.scrollHeight;
    }

    function send(event) {
        event.preventDefault();
        const input = $("message-input");
        const text = input.value.trim();
        if (!text || state.current === null) {
            return;
        }
        const clientId = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).substring(2, 8);
        if (!sendFrame({type: "TEXT", conversation_id: state.current, message: text, client_id: clientId})) {
            raw("note", "not connected: the message was not sent");
            return;
        }
        input.value = "";
        stopTyping();
    }

    function markRead() {
        const known = state.messages.get(state.current);
        const c = state.conversations.get(state.current);
        if (!known || !known.size || !c) {
            return;
        }
        const last = Math.max(...known.keys());
        if (c.readUpTo === last) {
            return;
        }
        if (sendFrame({type: "read", conversation_id: state.current, message_id: last})) {
            c.readUpTo = last;
            c.unread_count = 0;
            renderConversations();
        }
    }

    // ------------------------------------------------------------------ typing, reads, presence

    function onInput() {
        if (state.current === null) {
            return;
        }
        const now = Date.now();
        if (now - state.typingSentAt > 2000) {
            state.typingSentAt = now;
            sendFrame({type: "typing", conversation_id: state.current, is_typing: true});
        }
        clearTimeout(state.typingStopTimer);
        state.typingStopTimer = setTimeout(stopTyping, 3000);
    }

    function stopTyping() {
        clearTimeout(state.typingStopTimer);
        if (state.typingSentAt && state.current !== null) {
            sendFrame({type: "typing", conversation_id: state.current, is_typing: false});
        }
        state.typingSentAt = 0;
    }

    function renderTyping() {
        const who = state.typing.get(state.current);
        const names = who ? [...who.keys()].map(id => "user " + id) : [];
        $("typing").textContent = names.length ? names.join(", ") + (names.length > 1 ? " are" : " is") + " typing…" : "";
    }

    function renderReads() {
        const reads = state.reads.get(state.current);
        const parts = reads ? [...reads.entries()].filter(([id]) => id !== state.me.id)
            .map(([id, messageId]) => "user " + id + " read up to #" + messageId) : [];
        $("read-receipts").textContent = parts.join(" · ");
    }

    function renderPresence() {
        const list = $("presence");
        list.replaceChildren();
        [...state.presence.entries()].sort((a, b) => a[0] - b[0]).forEach(([id, p]) => {
            const li = document.createElement("li");
            li.dataset.user = id;
            li.dataset.status = p.status;
            li.className = p.status;
            li.textContent = "user " + id + ": " + p.status + (p.status === "offline" && p.last_seen_at
                ? " (seen " + p.last_seen_at.substring(11, 19) + ")" : "");
            list.append(li);
        });
    }

    // ------------------------------------------------------------------ the socket

    function sendFrame(frame) {
        if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
            return false;
        }
        const text = JSON.stringify(frame);
        state.ws.send(text);
        raw("out", text);
        return true;
    }

    function connect() {
        clearTimeout(state.reconnectTimer);
        const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host
            + location.pathname.replace(/[^/]*$/, "") + "ws/inbox/?token=" + encodeURIComponent(state.token);
        setState(state.hadConnection ? "reconnecting" : "connecting", state.hadConnection ? "reconnecting…" : "connecting…");
        raw("note", "connecting (attempt " + (state.attempt + 1) + ")");
        const ws = new WebSocket(url);
        state.ws = ws;
        ws.onmessage = (event) => {
            if (state.ws !== ws) {
                return; // a dropped socket whose close has not completed
            }
            raw("in", event.data);
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch (e) {
                return;
            }
            handle(frame);
        };
        ws.onclose = (event) => closed(ws, event.code, event.reason);
    }

    /** The socket is gone: reconnect, unless the token was refused. Only the current socket counts. */
    function closed(ws, code, reason) {
        if (state.ws !== ws) {
            return;
        }
        state.ws = null;
        raw("note", "closed: " + code + (reason ? " " + reason : ""));
        if (code === 4401) {
            setState("disconnected", "token refused (4401): sign in again");
            return;
        }
        scheduleReconnect();
    }

    /**
     * Closes the socket as a network failure would, and gives up on it at once: a closing handshake that cannot
     * reach the server (the network is down) would otherwise hold the page in "connected" until it times out.
     */
    function drop() {
        const ws = state.ws;
        if (ws) {
            ws.close(4000, "dropped from the console");
            closed(ws, 4000, "dropped from the console");
        }
    }

    /** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s ... up to 30 s, each times a random 0.5–1. */
    function scheduleReconnect() {
        const base = Math.min(30000, 500 * Math.pow(2, state.attempt));
        const delay = Math.round(base * (0.5 + Math.random() / 2));
        state.attempt++;
        setState("reconnecting", "reconnecting in " + (delay / 1000).toFixed(1) + " s");
        state.reconnectTimer = setTimeout(connect, delay);
    }

    function handle(frame) {
        switch (frame.type) {
            case "connection_established":
                state.attempt = 0;
                if (state.hadConnection) {
                    setState("syncing", "syncing…");
                    sendFrame({type: "sync", last_message_id: state.lastMessageId});
                } else {
                    setState("connected", "connected");
                }
                state.hadConnection = true;
                break;
            case "sync_complete":
                setState("connected", "connected");
                break;
            case "presence_list":
                frame.users.forEach(u => state.presence.set(u.user_id, u));
                renderPresence();
                break;
            case "presence":
                state.presence.set(frame.user_id, frame);
                renderPresence();
                break;
            case "TEXT":
                onMessage(frame);
                break;
            case "typing":
                onTyping(frame);
                break;
            case "read":
                if (!state.reads.has(frame.conversation_id)) {
                    state.reads.set(frame.conversation_id, new Map());
                }
                state.reads.get(frame.conversation_id).set(frame.user_id, frame.message_id);
                if (frame.conversation_id === state.current) {
                    renderReads();
                }
                break;
            case "conversation_created":
                if (!state.conversations.has(frame.conversation.id)) {
                    state.conversations.set(frame.conversation.id, Object.assign({unread_count: 0}, frame.conversation));
                    renderConversations();
                }
                break;
            case "message_updated": {
                const m = (state.messages.get(frame.conversation_id) || new Map()).get(frame.message_id);
                if (m) {
                    m.message = frame.message;
                    m.edited_at = frame.edited_at;
                    renderMessages();
                }
                break;
            }
            case "message_deleted":
                if (state.messages.has(frame.conversation_id)) {
                    state.messages.get(frame.conversation_id).delete(frame.message_id);
                    renderMessages();
                }
                break;
            default:
                break; // errors and custom events: in the raw view
        }
    }

    function onMessage(m) {
        const isNew = remember(m);
        if (!state.conversations.has(m.conversation_id)) {
            state.conversations.set(m.conversation_id, {id: m.conversation_id, title: null,
                participant_ids: [m.sender_id], unread_count: 0});
        }
        const c = state.conversations.get(m.conversation_id);
        const typers = state.typing.get(m.conversation_id);
        if (typers && typers.has(m.sender_id)) {
            clearTimeout(typers.get(m.sender_id));
            typers.delete(m.sender_id);
        }
        if (m.conversation_id === state.current) {
            renderMessages();
            renderTyping();
            if (document.visibilityState !== "hidden") {
                markRead();
            }
        } else if (isNew && m.sender_id !== state.me.id) {
            c.unread_count = (c.unread_count || 0) + 1;
        }
        renderConversations();
    }

    function onTyping(frame) {
        if (!state.typing.has(frame.conversation_id)) {
            state.typing.set(frame.conversation_id, new Map());
        }
        const typers = state.typing.get(frame.conversation_id);
        clearTimeout(typers.get(frame.user_id));
        if (frame.is_typing) {
            // the server sends is_typing false itself after 6 s without a refresh; this is a safety net
            typers.set(frame.user_id, setTimeout(() => {
                typers.delete(frame.user_id);
                renderTyping();
            }, 10000));
        } else {
            typers.delete(frame.user_id);
        }
        if (frame.conversation_id === state.current) {
            renderTyping();
        }
    }

    // ------------------------------------------------------------------ wiring

    document.addEventListener("DOMContentLoaded", () => {
        $("login-dev").addEventListener("click", loginDev);
        $("use-token").addEventListener("click", loginToken);
        $("create-form").addEventListener("submit", createConversation);
        $("send-form").addEventListener("submit", send);
        $("message-input").addEventListener("input", onInput);
        $("clear-raw").addEventListener("click", () => $("raw").replaceChildren());
        document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && markRead());
        detectDevMode();
    });

    // for the end-to-end test and for poking at it from the browser's console
    return {state, connect, drop};
})();
