package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Django ALLOWED_HOSTS semantics applied to the Origin header. */
class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("app.test", ".example.com", "[::1]", "127.0.0.1"), true);

    @ParameterizedTest
    @ValueSource(strings = {"https://app.test", "http://app.test:8000", "https://APP.test", "https://example.com",
            "https://www.example.com", "https://a.b.example.com:444", "http://[::1]:8000", "http://127.0.0.1:8000"})
    void allows(String origin) {
        assertTrue(policy.allows(origin), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.test", "https://sub.app.test", "https://example.com.evil.test",
            "https://notexample.com", "null", "not a url", "app.test", "file:///etc/passwd", "http://127.0.0.2"})
    void refuses(String origin) {
        assertFalse(policy.allows(origin), origin);
    }

    @Test
    void missingOriginFollowsConfiguration() {
        assertTrue(policy.allows(null));
        assertTrue(policy.allows(""));
        OriginPolicy strict = new OriginPolicy(List.of("app.test"), false);
        assertFalse(strict.allows(null));
        assertTrue(strict.allows("https://app.test"));
    }

    @Test
    void starAllowsEveryHost() {
        OriginPolicy any = new OriginPolicy(List.of("*"), true);
        assertTrue(any.allows("https://anything.example.org"));
        assertFalse(any.allows("null"), "the opaque null origin has no host");
    }

    @org.junit.jupiter.api.Test
    void aPageOfThisServerItselfIsSameOriginAndAllowed() {
        OriginPolicy strict = new OriginPolicy(java.util.List.of("app.test"), false);
        assertTrue(strict.allows("http://192.0.2.2:8200", "192.0.2.2:8200"));
        assertTrue(strict.allows("https://inbox.example.org", "inbox.example.org"));
        assertTrue(strict.allows("https://inbox.example.org", "inbox.example.org:443"));
        assertFalse(strict.allows("http://192.0.2.2:8201", "192.0.2.2:8200"), "another port is another origin");
        assertFalse(strict.allows("https://evil.test", "192.0.2.2:8200"));
        assertFalse(strict.allows("http://evil.test", null));
        assertFalse(strict.allows("null", "192.0.2.2:8200"));
    }
}
