package io.neoagent.bridge.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone numbers in text bound for a log, such as an error message a
 * destination returned about a lead: {@code david@example.com} becomes {@code d***@example.com},
 * {@code +1 415 555 0100} becomes {@code ***0100}.
 */
public final class PersonalData {

    /** Any letters, digits and the punctuation RFC 5322 allows in a local part, in any script (RFC 6531). */
    private static final String LOCAL_CHAR = "[\\p{L}\\p{M}\\p{N}._%+\\-!#$&'*/=?^`{|}~]";

    private static final Pattern EMAIL =
            Pattern.compile("(" + LOCAL_CHAR + ")" + LOCAL_CHAR + "*@([\\p{L}\\p{M}\\p{N}.\\-]+)");
    /** A run of digits and the usual separators; masked when it holds nine digits or more (any national number). */
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().\\-]*\\d");

    private static final int PHONE_MIN_DIGITS = 9;

    private PersonalData() {}

    /** One address, masked: {@code d***@example.com}; null stays null. */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
    }

    /** One phone number, masked to its last four digits: {@code ***0100}; null stays null. */
    public static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        return digits.length() <= 4 ? "***" : "***" + digits.substring(digits.length() - 4);
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(masked).replaceAll(run -> {
            String digits = run.group().replaceAll("\\D", "");
            return digits.length() < PHONE_MIN_DIGITS
                    ? Matcher.quoteReplacement(run.group())
                    : "***" + digits.substring(digits.length() - 4);
        });
    }
}
