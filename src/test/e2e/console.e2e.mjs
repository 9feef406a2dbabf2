// End-to-end test of the browser console (src/main/webapp): two users in two browser contexts of a real
// headless Chromium chat, see each other's typing, presence and read receipts, by name; one goes offline,
// misses messages, comes back and gets them through its reconnect + sync, each exactly once. Then a third
// user chats from a phone-sized page (420 x 800). No request may answer 4xx/5xx and no page may log an error.
// Usage: node console.e2e.mjs <base url of a dev-mode server> [screenshot.png]
//        (also writes screenshot-phone.png: the phone's page)
//        node console.e2e.mjs <base url of a server with a verification key> --token <a valid JWT>
//        (production: the page must ask for a token and never offer dev users)
// Exit code 0 when every check passed; the first failed check is printed and exits 1.
import {chromium} from "playwright-core";

const base = process.argv[2];
const token = process.argv[3] === "--token" ? process.argv[4] : null;
const screenshot = token ? null : process.argv[3];
if (!base || (process.argv[3] === "--token" && !token)) {
    console.error("usage: node console.e2e.mjs <base url> [screenshot.png | --token <jwt>]");
    process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 15000;
const run = Date.now() % 1000000;
const ALICE = 7000000 + run;
const BOB = 8000000 + run;
const CAROL = 9000000 + run;
const PHONE = {width: 420, height: 800};
/** Every request that answered 4xx/5xx, every console error and page error, on any page. */
const problems = [];
/** Pages whose socket is cut on purpose: Chromium logs each failed reconnect attempt as an error. */
const offline = new Set();

function check(condition, message) {
    if (!condition) {
        throw new Error("check failed: " + message);
    }
    console.log("ok - " + message);
}

async function signIn(page, userId, name) {
    await page.goto(base);
    await page.waitForSelector("#dev-login:not([hidden])", {timeout: TIMEOUT});
    check(await page.isVisible("#dev-login"), name + " is offered dev users (dev mode)");
    await page.fill("#login-user-id", String(userId));
    await page.fill("#login-name", name);
    await page.click("#login-dev");
    await page.waitForSelector("#state[data-state=connected]", {timeout: TIMEOUT});
    check((await page.textContent("#me")).includes(String(userId)), name + " is signed in and connected");
}

/** Records what a page must never do: a request answered 4xx/5xx, an error in its console, an uncaught error. */
function watch(page, who) {
    page.on("response", response => {
        if (response.status() >= 400) {
            problems.push(who + ": " + response.request().method() + " " + response.url() + " answered " + response.status());
        }
    });
    page.on("console", message => {
        if (message.type() === "error"
            && !(offline.has(page) && /WebSocket connection to .* failed/.test(message.text()))) {
            problems.push(who + ": console error: " + message.text());
        }
    });
    page.on("pageerror", e => problems.push(who + ": page error: " + e.message));
}

/** The page fits its viewport: nothing sticks out sideways. */
async function checkNoHorizontalOverflow(page, where) {
    const {scrollWidth, innerWidth} = await page.evaluate(() => ({
        scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        innerWidth: window.innerWidth}));
    check(scrollWidth <= innerWidth && innerWidth === PHONE.width,
        `no horizontal overflow ${where} (scroll width ${scrollWidth}, window ${innerWidth})`);
}

async function widthOf(page, selector) {
    return page.$eval(selector, e => e.getBoundingClientRect().width);
}

async function checkFavicon(page) {
    const href = await page.$eval("link[rel=icon]", link => link.href);
    const icon = await page.request.get(href);
    check(icon.status() === 200 && icon.headers()["content-type"].startsWith("image/svg+xml"),
        "the page's icon (" + href + ") is served");
}

async function messagesIn(page) {
    return page.$$eval("#messages .message", items => items.map(li => ({
        id: Number(li.dataset.id), text: li.querySelector(".text").textContent})));
}

async function waitForText(page, text) {
    await page.waitForFunction(t => [...document.querySelectorAll("#messages .message .text")]
        .some(e => e.textContent === t), text, {timeout: TIMEOUT});
}

/** With a verification key configured: a token is asked for, dev users are never offered. */
async function production(page) {
    await page.goto(base);
    await page.waitForSelector("#token-input", {timeout: TIMEOUT});
    await page.waitForLoadState("networkidle");
    check(!(await page.isVisible("#dev-login")), "no dev users are offered when a key is configured");
    check(!(await page.isVisible("#login-error")), "no error is shown before signing in");
    await checkFavicon(page);
    await page.fill("#token-input", token);
    await page.click("#use-token");
    await page.waitForSelector("#state[data-state=connected]", {timeout: TIMEOUT});
    check(await page.isVisible("#app"), "the pasted token signs in and the socket connects");
}

const browser = await chromium.launch({executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"]});
let failed = false;
try {
    const aliceContext = await browser.newContext({viewport: {width: 1400, height: 800}});
    const bobContext = await browser.newContext({viewport: {width: 1400, height: 800}});
    const alice = await aliceContext.newPage();
    const bob = await bobContext.newPage();
    watch(alice, "Alice");
    watch(bob, "Bob");

    if (token) {
        await production(alice);
    } else {
        await chat(alice, bob, bobContext);
        const carolContext = await browser.newContext({viewport: PHONE, isMobile: true, hasTouch: true});
        const carol = await carolContext.newPage();
        watch(carol, "Carol");
        await phone(alice, carol);
    }
    problems.forEach(p => console.error(p));
    check(problems.length === 0, "no request answered 4xx/5xx and no page logged an error");
} catch (e) {
    console.error(e.stack || String(e));
    failed = true;
} finally {
    await browser.close();
}
process.exit(failed ? 1 : 0);

async function chat(alice, bob, bobContext) {
    await signIn(alice, ALICE, "Alice");
    check(await alice.evaluate(() => document.querySelectorAll("#raw li.in").length > 0),
        "the raw view shows the frames received");
    await checkFavicon(alice);

    // Alice creates a conversation with Bob, then Bob signs in
    await alice.fill("#new-participants", String(BOB));
    await alice.fill("#new-title", "e2e " + run);
    await alice.click("#create");
    await alice.waitForSelector("#conversation-title:has-text('e2e " + run + "')", {timeout: TIMEOUT});
    const conversationId = Number(await alice.getAttribute("#conversations li.current", "data-id"));
    check(conversationId > 0, "Alice created conversation " + conversationId + " and opened it");
    await signIn(bob, BOB, "Bob");
    await bob.waitForSelector(`#conversations li[data-id="${conversationId}"]`, {timeout: TIMEOUT});
    check(true, "Bob's list shows the conversation");

    // a second conversation created by Bob reaches Alice's open console (conversation_created)
    await bob.fill("#new-participants", String(ALICE));
    await bob.fill("#new-title", "second " + run);
    await bob.click("#create");
    await alice.waitForSelector(`#conversations li:has-text("second ${run}")`, {timeout: TIMEOUT});
    check(true, "Alice sees Bob's new conversation without reloading");
    await bob.click(`#conversations li[data-id="${conversationId}"]`);
    await alice.click(`#conversations li[data-id="${conversationId}"]`);

    // presence: each sees the other online
    await alice.waitForSelector(`#presence li[data-user="${BOB}"][data-status=online]`, {timeout: TIMEOUT});
    await bob.waitForSelector(`#presence li[data-user="${ALICE}"][data-status=online]`, {timeout: TIMEOUT});
    check(true, "each sees the other online");
    await alice.waitForSelector(`#presence li[data-user="${BOB}"]:text-is("Bob: online")`, {timeout: TIMEOUT});
    check(true, "Alice's presence list names Bob");

    // Alice writes while Bob looks at the other conversation: an unread count
    const second = Number(await bob.getAttribute(`#conversations li:has-text("second ${run}")`, "data-id"));
    await bob.click(`#conversations li[data-id="${second}"]`);
    await alice.fill("#message-input", "hello Bob");
    await alice.click("#send");
    await waitForText(alice, "hello Bob");
    await bob.waitForSelector(`#conversations li[data-id="${conversationId}"] .unread[data-count="1"]`, {timeout: TIMEOUT});
    check(true, "Bob's list counts one unread message");

    // Bob opens it: history, and Alice gets his read receipt
    await bob.click(`#conversations li[data-id="${conversationId}"]`);
    await waitForText(bob, "hello Bob");
    await alice.waitForSelector(`#read-receipts:text-is("seen by Bob")`, {timeout: TIMEOUT});
    check(true, "Bob sees the history and Alice sees his read receipt: seen by Bob");

    // typing: Bob types, Alice sees it; then Bob sends
    await bob.click("#message-input");
    await bob.keyboard.type("hi Ali", {delay: 30});
    await alice.waitForSelector(`#typing:text-is("Bob is typing…")`, {timeout: TIMEOUT});
    check(true, "Alice sees that Bob is typing");
    await bob.keyboard.type("ce");
    await bob.click("#send");
    await waitForText(alice, "hi Alice");
    await alice.waitForFunction(() => document.getElementById("typing").textContent === "", null, {timeout: TIMEOUT});
    check(true, "Alice gets Bob's message and the typing indicator stops");

    // Bob goes offline: his socket drops and cannot come back for a while
    offline.add(bob);
    await bobContext.setOffline(true);
    await bob.evaluate(() => inbox.drop());
    await bob.waitForSelector("#state[data-state=reconnecting]", {timeout: TIMEOUT});
    check(true, "Bob's console shows that it is reconnecting");
    await alice.waitForSelector(`#presence li[data-user="${BOB}"][data-status=offline]`, {timeout: TIMEOUT});
    check(true, "Alice sees Bob go offline");
    const missed = ["while you were away 1", "while you were away 2", "while you were away 3"];
    for (const text of missed) {
        await alice.fill("#message-input", text);
        await alice.click("#send");
        await waitForText(alice, text);
    }

    // Bob comes back: reconnect with backoff, then sync: everything once, in order
    await bobContext.setOffline(false);
    await bob.waitForSelector("#state[data-state=connected]", {timeout: 45000});
    offline.delete(bob);
    for (const text of missed) {
        await waitForText(bob, text);
    }
    const bobs = await messagesIn(bob);
    const alices = await messagesIn(alice);
    check(JSON.stringify(bobs) === JSON.stringify(alices),
        "after the reconnect Bob has exactly Alice's messages (" + bobs.length + "), in order, none twice");
    check(await bob.evaluate(() => [...document.querySelectorAll("#raw li.out")].some(li => li.textContent.includes('"type":"sync"'))),
        "Bob's console sent sync after reconnecting");
    await alice.waitForSelector(`#presence li[data-user="${BOB}"][data-status=online]`, {timeout: TIMEOUT});
    check(true, "Alice sees Bob online again");

    if (screenshot) {
        await alice.screenshot({path: screenshot});
        console.log("screenshot: " + screenshot);
    }
}

/** Carol, on a phone-sized page, chats with Alice: one pane at a time, nothing wider than the screen. */
async function phone(alice, carol) {
    await carol.goto(base);
    await carol.waitForSelector("#dev-login:not([hidden])", {timeout: TIMEOUT});
    await checkNoHorizontalOverflow(carol, "on the phone's sign-in page");
    await signIn(carol, CAROL, "Carol");
    await checkNoHorizontalOverflow(carol, "on the phone's conversation list");
    check(await carol.isVisible("#views") && await carol.isVisible("#sidebar") && !(await carol.isVisible("#conversation")),
        "the phone shows the tabs and the conversation list, not the messages beside it");

    await alice.fill("#new-participants", String(CAROL));
    await alice.fill("#new-title", "phone " + run);
    await alice.click("#create");
    await alice.waitForSelector(`#conversation-title:has-text("phone ${run}")`, {timeout: TIMEOUT});
    const conversationId = Number(await alice.getAttribute(`#conversations li:has-text("phone ${run}")`, "data-id"));
    await carol.waitForSelector(`#conversations li[data-id="${conversationId}"]`, {timeout: TIMEOUT});
    await carol.tap(`#conversations li[data-id="${conversationId}"]`);
    await carol.waitForSelector("#messages", {state: "visible", timeout: TIMEOUT});
    const column = await widthOf(carol, "#messages");
    const input = await widthOf(carol, "#message-input");
    check(column >= 300 && input >= 200, `the phone's message column is ${Math.round(column)} px wide, its input ${Math.round(input)} px`);
    check(!(await carol.isVisible("#sidebar")), "the phone shows the open conversation instead of the list");
    await checkNoHorizontalOverflow(carol, "in the phone's conversation");

    await alice.click("#message-input");
    await alice.keyboard.type("hello Car", {delay: 30});
    await carol.waitForSelector(`#typing:text-is("Alice is typing…")`, {timeout: TIMEOUT});
    check(true, "Carol's phone shows that Alice is typing");
    await alice.keyboard.type("ol");
    await alice.click("#send");
    await waitForText(carol, "hello Carol");
    check(true, "Carol's phone receives Alice's message");
    await alice.waitForSelector(`#read-receipts:text-is("seen by Carol")`, {timeout: TIMEOUT});
    check(true, "Alice sees that Carol read it: seen by Carol");

    await carol.tap("#message-input");
    await carol.keyboard.type("hi from my phone", {delay: 30});
    await alice.waitForSelector(`#typing:text-is("Carol is typing…")`, {timeout: TIMEOUT});
    check(true, "Alice sees that Carol is typing");
    await carol.tap("#send");
    await waitForText(alice, "hi from my phone");
    await waitForText(carol, "hi from my phone");
    check(true, "Carol sends from the phone and Alice receives it");

    const long = "a-very-long-word-".repeat(30);
    await alice.fill("#message-input", long);
    await alice.click("#send");
    await waitForText(carol, long);
    await checkNoHorizontalOverflow(carol, "with a long unbroken message");

    await carol.tap("#views button[data-view=list]");
    check(await carol.isVisible(`#conversations li[data-id="${conversationId}"]`), "the Conversations tab shows the list again");
    await checkNoHorizontalOverflow(carol, "on the phone's list after chatting");
    await carol.tap("#views button[data-view=raw]");
    check(await carol.isVisible("#raw"), "the Frames tab shows the raw view");
    await checkNoHorizontalOverflow(carol, "in the phone's raw view");
    await carol.tap("#views button[data-view=conversation]");
    await carol.waitForSelector("#messages", {state: "visible", timeout: TIMEOUT});

    if (screenshot) {
        const path = screenshot.replace(/\.png$/, "") + "-phone.png";
        await carol.screenshot({path});
        console.log("screenshot: " + path);
    }
}
