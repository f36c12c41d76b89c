package imagehub.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Query strings as Scalr APIv2 reads, signs and links them. */
final class QueryStrings {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private QueryStrings() {
    }

    record Param(String key, String value) {
    }

    /** The pairs of a raw query in the order sent, decoded with '+' as a space (as clients encode them). */
    static List<Param> decode(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                params.add(new Param(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiError.BAD_REQUEST, "Malformed query string: " + pair);
            }
        }
        return params;
    }

    /** Sorted by key, then value, RFC 3986 encoded: what the client signed, whatever order it sent. */
    static String canonical(String rawQuery) {
        return decode(rawQuery).stream()
                .sorted(Comparator.comparing(Param::key).thenComparing(Param::value))
                .map(param -> encode(param.key()) + "=" + encode(param.value()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding of UTF-8: only A-Z a-z 0-9 - _ . ~ stay as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }
}
