package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's gate over plain HTTP (no browser): partner API keys never open it, a wrong
 * password or a POST without the session's CSRF token is refused, a viewer cannot replay, and the
 * partner APIs next to it behave as before (bearer keys, problem+json, no session cookie).
 */
class ConsoleAccessIT extends GatewayIT {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void partnerApiKeysNeverOpenTheConsole() {
        for (String key : new String[] {"demo-post-key", "demo-express-key", "it-admin-key-0123"}) {
            HttpResponse<String> r = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(uri("/console/search"))
                    .header("Authorization", "Bearer " + key).GET());
            assertThat(r.statusCode()).as(key).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));
        }
        HttpResponse<String> api = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(uri("/console/api/throughput"))
                .header("Authorization", "Bearer it-admin-key-0123").GET());
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void wrongPasswordAndMissingCsrfAreRefused() {
        HttpClient browser = cookieClient();
        String csrf = csrf(send(browser, HttpRequest.newBuilder(uri("/console/login")).GET()).body());
        HttpResponse<String> wrong = send(browser, form("/console/login", "_csrf=" + csrf + "&username=operator&password=nope"));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("Wrong user name or password");
        HttpResponse<String> unknown = send(browser, form("/console/login", "_csrf=" + csrf + "&username=nobody&password=operator-dev-only"));
        assertThat(unknown.body()).contains("Wrong user name or password");
        HttpResponse<String> noCsrf = send(browser, form("/console/login", "username=operator&password=operator-dev-only"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);

        HttpResponse<String> ok = send(browser, form("/console/login", "_csrf=" + csrf + "&username=operator&password=operator-dev-only"));
        assertThat(ok.statusCode()).isEqualTo(302);
        HttpResponse<String> overview = send(browser, HttpRequest.newBuilder(uri("/console")).GET());
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Throughput", "operator");
        // the login rotated the token: the pre-login one no longer works for a replay
        HttpResponse<String> stale = send(browser, form("/console/dead-letters/gw.sign/replay", "_csrf=" + csrf));
        assertThat(stale.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerCannotReplayEvenWithAValidToken() {
        HttpClient browser = cookieClient();
        String csrf = login(browser, "viewer", "viewer-dev-only");
        HttpResponse<String> replay = send(browser, form("/console/dead-letters/gw.sign/replay", "_csrf=" + csrf));
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(replay.body()).contains("viewer (VIEWER) may not do this");
        HttpResponse<String> unknownQueue = send(cookieClientLoggedIn("operator", "operator-dev-only"),
                HttpRequest.newBuilder(uri("/console/dead-letters/nope/inspect?id=ID:1")).GET());
        assertThat(unknownQueue.statusCode()).isEqualTo(404);
    }

    @Test
    void theRawArchiveRefusesPathTricksAndUnknownIds() {
        HttpClient browser = cookieClientLoggedIn("viewer", "viewer-dev-only");
        assertThat(send(browser, HttpRequest.newBuilder(uri("/console/raw/..%2F..%2Fkeys")).GET()).statusCode()).isIn(400, 404);
        assertThat(send(browser, HttpRequest.newBuilder(uri("/console/raw/0190a5b2-0000-7000-8000-000000000000")).GET())
                .statusCode()).isEqualTo(404);
        assertThat(send(browser, HttpRequest.newBuilder(uri("/console/search?from=yesterday")).GET()).statusCode()).isEqualTo(400);
        assertThat(send(browser, HttpRequest.newBuilder(uri("/console/consignments/nope")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void thePartnerApisAreUnchangedNextToTheConsole() {
        HttpResponse<String> r = Http.get(port, "/v1/admin/dead-letters/gw.sign", "demo-post-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        HttpResponse<String> ok = Http.get(port, "/v1/admin/dead-letters/gw.sign", "it-admin-key-0123");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private HttpClient cookieClientLoggedIn(String user, String password) {
        HttpClient browser = cookieClient();
        login(browser, user, password);
        return browser;
    }

    /** Logs in; returns the session's CSRF token as the pages carry it. */
    private String login(HttpClient browser, String user, String password) {
        String csrf = csrf(send(browser, HttpRequest.newBuilder(uri("/console/login")).GET()).body());
        HttpResponse<String> r = send(browser, form("/console/login", "_csrf=" + csrf + "&username=" + user + "&password=" + password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return csrf(send(browser, HttpRequest.newBuilder(uri("/console/decisions")).GET()).body());
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF field in " + page).isTrue();
        return m.group(1);
    }

    private HttpRequest.Builder form(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpClient cookieClient() {
        return HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
