package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every expected value was printed by node: JSON.stringify(JSON.parse(input)). */
class JsonStringifyTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static String stringify(String json) throws Exception {
        return JsonStringify.stringify(JSON.readTree(json));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.0                        | 1
            1e21                       | 1e+21
            1e20                       | 100000000000000000000
            -0                         | 0
            -1.5                       | -1.5
            1e-7                       | 1e-7
            0.000001                   | 0.000001
            123456789012345678901234   | 1.2345678901234569e+23
            1.5e300                    | 1.5e+300
            5e-324                     | 5e-324
            0.1                        | 0.1
            1E2                        | 100
            2.5e-5                     | 0.000025
            1e400                      | null
            12345678901234567890       | 12345678901234567000
            31305                      | 31305
            0.30000000000000004        | 0.30000000000000004
            9007199254740993           | 9007199254740992
            """)
    void shouldFormatNumbersAsJavaScript(String input, String expected) throws Exception {
        assertThat(stringify("[" + input + "]")).isEqualTo("[" + expected + "]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"s":"café \\u00e9 / \\/"}`                          | `{"s":"café é / /"}`
            `{"s":"\\u2028 \\ud83d\\ude00 \\ud800 \\udc00x"}`     | `{"s":"\u2028 😀 \\ud800 \\udc00x"}`
            `{"s":"\\u001f \\u007f \\b\\f\\n\\r\\t \\"q\\" \\\\"}` | `{"s":"\\u001f \u007f \\b\\f\\n\\r\\t \\"q\\" \\\\"}`
            `{"s":"\\u0000\\u0001"}`                               | `{"s":"\\u0000\\u0001"}`
            """)
    void shouldEscapeStringsAsJavaScript(String input, String expected) throws Exception {
        assertThat(stringify(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"b":1,"2":2,"a":3,"1":4,"01":5,"4294967295":6,"4294967294":7,"-1":8}` | `{"1":4,"2":2,"4294967294":7,"b":1,"a":3,"01":5,"4294967295":6,"-1":8}`
            `{"a":1,"b":2,"a":3}`                                                    | `{"a":3,"b":2}`
            `  [ {"x" : true , "y":null, "z" : {}, "w":[]} ]  `                        | `[{"x":true,"y":null,"z":{},"w":[]}]`
            """)
    void shouldWriteCompactWithJavaScriptKeyOrder(String input, String expected) throws Exception {
        assertThat(stringify(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4.9E-324, 5e-324",
        "9.9E-324, 1e-323",
        "1.5E-323, 1.5e-323",
        "2.5E-323, 2.5e-323",
        "2.2250738585072014E-308, 2.2250738585072014e-308",
        "1.7976931348623157E308, 1.7976931348623157e+308",
        "9.999999999999999E22, 1e+23",
        "5.0E-7, 5e-7",
        "0.000001, 0.000001",
        "1.0E21, 1e+21",
        "123456789012345680000, 123456789012345680000"
    })
    void shouldFormatTheSmallestAndLargestDoublesAsJavaScript(double value, String expected) {
        assertThat(JsonStringify.number(value)).isEqualTo(expected);
    }

    /** The definition itself, on the exact binary value: slow, and the oracle for the fast path. */
    private static java.math.BigDecimal shortestFromTheExactValue(double value) {
        java.math.BigDecimal exact = new java.math.BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            java.math.BigDecimal candidate =
                    exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
    }

    @Test
    void shouldPickTheShortestClosestDecimalForEveryKindOfDouble() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 100_000; i++) {
            double value = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
                case 1 -> Double.MIN_VALUE * (1 + random.nextInt(5000));
                case 2 -> Math.round(random.nextDouble() * 1e9) / Math.pow(10, random.nextInt(12));
                default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            assertThat(JsonStringify.shortestRoundTrip(value))
                    .as("%s", value)
                    .isEqualByComparingTo(shortestFromTheExactValue(value));
        }
    }
}
