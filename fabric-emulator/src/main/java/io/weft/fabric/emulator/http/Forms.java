package io.weft.fabric.emulator.http;

import java.util.Map;

/** application/x-www-form-urlencoded bodies. */
public final class Forms {

    private Forms() {
    }

    public static Map<String, String> parse(String body) {
        return HttpCall.parseQuery(body.trim());
    }
}
