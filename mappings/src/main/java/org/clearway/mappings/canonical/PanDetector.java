package org.clearway.mappings.canonical;

/**
 * Finds payment card numbers (PANs) in free text (PARTNER-APIS §2 {@code PAN_DETECTED}, §9 open
 * point 4): a run of 13-19 digits, optionally grouped by single spaces or hyphens as cards are
 * printed, whose Luhn check sum is valid. Card data must never enter a customs declaration or the
 * gateway's archive beyond the rejected request. False positives are possible (a 1-in-10 chance for
 * any long digit run), which is why only free-text fields are checked, not identifiers.
 */
public final class PanDetector {
    private static final int MIN = 13;
    private static final int MAX = 19;

    private PanDetector() {
    }

    /** True when {@code text} holds a Luhn-valid run of 13-19 digits (spaces or hyphens between them allowed). */
    public static boolean containsPan(String text) {
        if (text == null || text.length() < MIN) {
            return false;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!Character.isDigit(text.charAt(i)) || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            // collect one run: digits with single separators between digits
            int[] digits = new int[MAX + 1];
            int count = 0;
            int j = i;
            while (j < n) {
                char c = text.charAt(j);
                if (c >= '0' && c <= '9') {
                    if (count == MAX + 1) {
                        break;
                    }
                    digits[count++] = c - '0';
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < n && Character.isDigit(text.charAt(j + 1)) && count > 0) {
                    j++;
                } else {
                    break;
                }
            }
            boolean endsClean = j >= n || !Character.isLetterOrDigit(text.charAt(j));
            if (count >= MIN && count <= MAX && endsClean && luhn(digits, count)) {
                return true;
            }
            i = Math.max(j, i + 1);
        }
        return false;
    }

    static boolean luhn(int[] digits, int count) {
        int sum = 0;
        boolean doubleIt = false;
        for (int k = count - 1; k >= 0; k--) {
            int d = digits[k];
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
