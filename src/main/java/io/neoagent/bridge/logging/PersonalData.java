package io.neoagent.bridge.logging;

import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone numbers in text bound for a log, such as an error message a
 * destination returned about a lead: {@code david@example.com} becomes {@code d***@example.com},
 * {@code +1 415 555 0100} becomes {@code ***0100}.
 */
public final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]*@([A-Za-z0-9.\\-]+)");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().\\-]{5,}(\\d{4})");

    private PersonalData() {
    }

    /** One address, masked: {@code d***@example.com}; null stays null. */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
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
        return PHONE.matcher(masked).replaceAll("***$1");
    }
}
