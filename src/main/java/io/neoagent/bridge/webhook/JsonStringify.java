package io.neoagent.bridge.webhook;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed JSON value exactly as JavaScript's {@code JSON.stringify(JSON.parse(text))} would.
 *
 * <p>neoagent's documented reference receiver hashes this form rather than the raw request bytes, so a
 * receiver that wants to accept every request the reference accepts must be able to rebuild it:
 * compact, only {@code "}, {@code \} and control characters escaped, {@code /} and non-ASCII literal,
 * lone surrogates escaped, numbers as JavaScript prints doubles, and object keys in JavaScript's
 * property order (array-index keys ascending first, then the rest in arrival order).
 */
public final class JsonStringify {

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStringify() {}

    /** The {@code JSON.stringify} form of {@code node}. */
    public static String stringify(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(number(node.doubleValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            default -> out.append("null");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> indexKeys = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> otherKeys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            (isArrayIndex(field.getKey()) ? indexKeys : otherKeys).add(field);
        }
        indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        out.append('{');
        boolean first = true;
        for (List<Map.Entry<String, JsonNode>> group : List.of(indexKeys, otherKeys)) {
            for (Map.Entry<String, JsonNode> field : group) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(field.getKey(), out);
                out.append(':');
                write(field.getValue(), out);
            }
        }
        out.append('}');
    }

    /** A canonical decimal integer below 2^32 - 1: JavaScript orders such keys first. */
    private static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(++i));
                        } else {
                            unicodeEscape(c, out);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** ECMAScript Number::toString for a finite double; {@code null} for the infinities, as JSON.stringify does. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == 0) {
            return "0";
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        BigDecimal shortest = shortestRoundTrip(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code value}, the closest one
     * when several have that many: what JavaScript prints.
     *
     * <p>Java 17's {@code Double.toString} is not always the shortest, and working from the exact binary value costs
     * microseconds a number (a 100 kB body of tiny doubles took 60 ms), so this starts from Jackson's port of the
     * Schubfach algorithm (the one {@code Double.toString} uses from Java 19): the shortest and closest decimal of at
     * least two digits, which is JavaScript's whenever JavaScript's has two digits or more. Only a one-digit
     * neighbour of a two-digit result can be shorter still (5e-324, where Java says 4.9E-324).
     */
    static BigDecimal shortestRoundTrip(double value) {
        BigDecimal closest = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros();
        if (closest.precision() != 2) {
            return closest;
        }
        BigDecimal down = closest.round(new MathContext(1, RoundingMode.FLOOR));
        BigDecimal up = closest.round(new MathContext(1, RoundingMode.CEILING));
        boolean downReadsBack = Double.parseDouble(down.toString()) == value;
        boolean upReadsBack = Double.parseDouble(up.toString()) == value;
        if (downReadsBack && upReadsBack) {
            // the two-digit decimal lies within half a unit of its last digit from the exact value, so unless that
            // digit is 5 it tells which one-digit neighbour is the closer
            int last = closest.unscaledValue().mod(BigInteger.TEN).intValue();
            if (last != 5) {
                return (last < 5 ? down : up).stripTrailingZeros();
            }
            BigDecimal exact = new BigDecimal(value);
            int nearer = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
            boolean downIsEven = !down.unscaledValue().testBit(0);
            return (nearer < 0 || (nearer == 0 && downIsEven) ? down : up).stripTrailingZeros();
        }
        if (downReadsBack) {
            return down.stripTrailingZeros();
        }
        return upReadsBack ? up.stripTrailingZeros() : closest;
    }
}
