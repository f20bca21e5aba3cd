package io.weft.fabric.emulator.entra;

import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTML the authorization and logout endpoints show a person: the sign-in form, an error that cannot go back to
 * the app, the signed-out page. Every value from a request is escaped; a password is never written back.
 */
final class SignInPage {

    private SignInPage() {
    }

    /** The sign-in form, posting to the authorization endpoint with the request's parameters carried over. */
    static void form(HttpCall call, String action, AuthorizationRequest request, String error, String login) throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            hidden.append("<input type=\"hidden\" name=\"").append(escape(p.getKey())).append("\" value=\"")
                    .append(escape(p.getValue())).append("\">\n");
        }
        String message = error == null ? "" : "<p id=\"error\" class=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
        respond(call, 200, "Sign in to your account", """
                <h1>Sign in</h1>
                <p class="app">to continue to <strong>%s</strong></p>
                %s<form method="post" action="%s">
                %s<label for="login">User name</label>
                <input id="login" name="login" autocomplete="username" required value="%s">
                <label for="passwd">Password</label>
                <input id="passwd" name="passwd" type="password" autocomplete="current-password" required>
                <button id="sign-in" type="submit">Sign in</button>
                </form>
                """.formatted(escape(request.clientId()), message, escape(action), hidden, escape(login == null ? "" : login)));
    }

    /** A refusal shown to the person, never sent to a redirect URI that is not the app's. */
    static void error(HttpCall call, int status, String message) throws IOException {
        respond(call, status, "Sign in to your account", """
                <h1>Sorry, but we're having trouble signing you in.</h1>
                <p id="error" class="error" role="alert">%s</p>
                """.formatted(escape(message)));
    }

    static void signedOut(HttpCall call) throws IOException {
        respond(call, 200, "Sign out", """
                <h1>You signed out of your account</h1>
                <p>It's a good idea to close all browser windows.</p>
                """);
    }

    private static void respond(HttpCall call, int status, String title, String body) throws IOException {
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                body { font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; }
                main { background: #fff; max-width: 440px; margin: 64px auto; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
                h1 { font-size: 24px; font-weight: 600; margin: 0 0 12px; }
                label { display: block; margin-top: 16px; font-size: 15px; }
                input { display: block; width: 100%%; box-sizing: border-box; font-size: 15px; padding: 6px 0; border: 0;
                        border-bottom: 1px solid #666; }
                button { display: block; margin: 24px 0 0 auto; background: #0067b8; color: #fff; border: 0; font-size: 15px;
                         padding: 8px 32px; }
                .error { color: #e81123; }
                .app { color: #1b1b1b; }
                </style></head>
                <body><main>
                %s</main></body></html>
                """.formatted(escape(title), body);
        call.header("Content-Type", "text/html; charset=utf-8");
        call.header("Cache-Control", "no-store, no-cache");
        call.header("X-Frame-Options", "DENY");
        call.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        call.respondBytes(status, page.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
