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
        names: new Map(),         // user id -> display name, from participants and sender_name
        namesAskedAt: new Map(),  // conversation id -> when its participants were last fetched for names
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
        // GET /api/auth/ answers 200 without a token: {"authentication", "dev_mode", "detail"}
        try {
            const auth = await api("GET", "api/auth/");
            if (auth.dev_mode) {
                $("dev-login").hidden = false;
                $("token-hint").textContent = "Or paste a JWT the server accepts.";
            } else if (auth.detail) {
                // the server cannot authenticate anyone (no key configured, or its keys not fetched yet)
                showLoginError(auth.detail);
            }
        } catch (e) {
            raw("note", "could not ask the server how it signs in: " + e.message);
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
        learnName(state.me.id, state.me.name || state.me.username);
        $("me").textContent = "signed in as " + (state.me.name || state.me.username || "") + " (user " + state.me.id + ")";
        $("login").hidden = true;
        $("app").hidden = false;
        await loadConversations();
        connect();
    }

    // ------------------------------------------------------------------ conversations

    async function loadConversations() {
        const page = await api("GET", "api/conversations/");
        page.results.forEach(c => {
            state.conversations.set(c.id, c);
            learnParticipants(c);
        });
        renderConversations();
    }

    function title(c) {
        if (c.title) {
            return c.title;
        }
        const others = c.participant_ids.filter(id => id !== state.me.id);
        return "with " + (others.length ? others.map(nameOf).join(", ") : "myself");
    }

    // ------------------------------------------------------------------ names

    /** A person's display name; "user N" only while the server has not told us one. */
    function nameOf(id) {
        return state.names.get(id) || ("user " + id);
    }

    function learnName(id, name) {
        if (!name || state.names.get(id) === name) {
            return false;
        }
        state.names.set(id, name);
        return true;
    }

    /** REST conversation objects carry participants: [{id, username, name, avatar}]. */
    function learnParticipants(c) {
        let learned = false;
        (c.participants || []).forEach(p => {
            learned = learnName(p.id, p.name || p.username) || learned;
        });
        return learned;
    }

    /**
     * Someone without a known name showed up (typing, a receipt, presence, a new conversation): ask for the
     * conversation again, whose participants carry names. A participant first created bare, by id, has a name
     * once they signed in. At most once per conversation every 5 s.
     */
    async function resolveNames(conversationId, userIds) {
        if (!userIds.some(id => !state.names.has(id)) || !state.conversations.has(conversationId)) {
            return;
        }
        const askedAt = state.namesAskedAt.get(conversationId) || 0;
        if (Date.now() - askedAt < 5000) {
            return;
        }
        state.namesAskedAt.set(conversationId, Date.now());
        try {
            const c = await api("GET", "api/conversations/" + conversationId + "/");
            const known = state.conversations.get(conversationId);
            if (known) {
                known.participant_ids = c.participant_ids;
                known.participants = c.participants;
            }
            if (learnParticipants(c)) {
                renderNames();
            }
        } catch (e) {
            raw("note", "could not look up the names in conversation " + conversationId + ": " + e.message);
        }
    }

    /** A conversation the user shares with someone, to look their name up in. */
    function conversationWith(userId) {
        for (const c of state.conversations.values()) {
            if (c.participant_ids && c.participant_ids.includes(userId)) {
                return c.id;
            }
        }
        return null;
    }

    function resolvePresenceNames(userIds) {
        const byConversation = new Map();
        userIds.filter(id => !state.names.has(id)).forEach(id => {
            const c = conversationWith(id);
            if (c !== null) {
                byConversation.set(c, (byConversation.get(c) || []).concat(id));
            }
        });
        byConversation.forEach((ids, c) => resolveNames(c, ids));
    }

    function renderNames() {
        renderConversations();
        if (state.current !== null) {
            $("conversation-title").textContent = "#" + state.current + " " + title(state.conversations.get(state.current));
            renderMessages();
        }
        renderTyping();
        renderReads();
        renderPresence();
    }

    function renderConversations() {
        const list = $("conversations");
        list.replaceChildren();
        const unread = [...state.conversations.values()].reduce((sum, c) => sum + (c.unread_count || 0), 0);
        $("unread-total").dataset.count = unread;
        $("unread-total").textContent = unread;
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
        showView("conversation");
        resolveNames(id, c.participant_ids);
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
            learnParticipants(c);
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
        learnName(m.sender_id, m.sender_name);
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
            who.textContent = m.sender_name || nameOf(m.sender_id);
            const text = document.createElement("span");
            text.className = "text";
            text.textContent = m.message;
            const when = document.createElement("span");
            when.className = "when";
            when.textContent = (m.created_at || "").substring(11, 19) + (m.edited_at ? " (edited)" : "");
            li.append(who, text, when);
            list.append(li);
        });
        list.scrollTop = list.scrollHeight;
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

    /** "Bob", "Bob and Carol", "Bob, Carol and Dave". */
    function listOfNames(ids) {
        const names = ids.map(nameOf);
        return names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : names.join("");
    }

    function renderTyping() {
        const who = state.typing.get(state.current);
        const ids = who ? [...who.keys()] : [];
        $("typing").textContent = ids.length ? listOfNames(ids) + (ids.length > 1 ? " are" : " is") + " typing…" : "";
    }

    /** "seen by Bob" for those who read the newest message; "Carol read up to #12" for the others. */
    function renderReads() {
        const reads = state.reads.get(state.current);
        const known = state.messages.get(state.current);
        const newest = known && known.size ? Math.max(...known.keys()) : 0;
        const others = reads ? [...reads.entries()].filter(([id]) => id !== state.me.id) : [];
        const seen = others.filter(([, messageId]) => messageId >= newest).map(([id]) => id);
        const parts = seen.length ? ["seen by " + listOfNames(seen)] : [];
        others.filter(([, messageId]) => messageId < newest)
            .forEach(([id, messageId]) => parts.push(nameOf(id) + " read up to #" + messageId));
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
            li.textContent = nameOf(id) + ": " + p.status + (p.status === "offline" && p.last_seen_at
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
                resolvePresenceNames(frame.users.map(u => u.user_id));
                break;
            case "presence":
                state.presence.set(frame.user_id, frame);
                renderPresence();
                resolvePresenceNames([frame.user_id]);
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
                resolveNames(frame.conversation_id, [frame.user_id]);
                break;
            case "conversation_created":
                if (!state.conversations.has(frame.conversation.id)) {
                    state.conversations.set(frame.conversation.id, Object.assign({unread_count: 0}, frame.conversation));
                    renderConversations();
                }
                resolveNames(frame.conversation.id, frame.conversation.participant_ids);
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
            renderReads();
        }
        if (m.conversation_id === state.current && messagesVisible()) {
            markRead();
        } else if (isNew && m.sender_id !== state.me.id && m.message_id > (c.readUpTo || 0)) {
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
        resolveNames(frame.conversation_id, [frame.user_id]);
    }

    // ------------------------------------------------------------------ views (one at a time on a phone)

    const phone = window.matchMedia("(max-width: 760px)");

    /** Whether the open conversation's messages are on screen: the page is visible and, on a phone, its pane is shown. */
    function messagesVisible() {
        return document.visibilityState !== "hidden" && (!phone.matches || $("app").dataset.view === "conversation");
    }

    function showView(name) {
        $("app").dataset.view = name;
        document.querySelectorAll("#views button").forEach(b => b.setAttribute("aria-pressed", String(b.dataset.view === name)));
        if (name === "conversation") {
            const list = $("messages");
            list.scrollTop = list.scrollHeight;
            if (messagesVisible()) {
                markRead();
            }
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
        document.querySelectorAll("#views button").forEach(b => b.addEventListener("click", () => showView(b.dataset.view)));
        document.addEventListener("visibilitychange", () => messagesVisible() && markRead());
        phone.addEventListener("change", () => messagesVisible() && markRead());
        detectDevMode();
    });

    // for the end-to-end test and for poking at it from the browser's console
    return {state, connect, drop};
})();
