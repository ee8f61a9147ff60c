package dev.eventlane.ingest.logsh;

/**
 * Whether a string is exactly one emoji, as Unicode's emoji sequences build them: a pictographic character, with an
 * optional presentation selector (U+FE0F) and skin tone; several of those joined by U+200D (family, profession);
 * a flag of two regional indicators; a subdivision flag (black flag and tag characters); a keycap ({@code 0-9 # *},
 * U+FE0F, U+20E3). Java 17 has no emoji property, so the pictographic ranges are Unicode 15's
 * {@code Extended_Pictographic} blocks.
 */
final class Emoji {

    private static final int VS16 = 0xFE0F;
    private static final int ZWJ = 0x200D;
    private static final int KEYCAP = 0x20E3;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    private Emoji() {
    }

    static boolean isSingle(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        int[] cps = text.codePoints().toArray();
        if (isKeycap(cps)) {
            return true;
        }
        if (cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1])) {
            return true;
        }
        if (cps[0] == BLACK_FLAG && cps.length > 2 && cps[cps.length - 1] == CANCEL_TAG) {
            for (int i = 1; i < cps.length - 1; i++) {
                if (cps[i] < 0xE0020 || cps[i] > 0xE007E) {
                    return false;
                }
            }
            return true;
        }
        int i = 0;
        while (true) {
            i = element(cps, i);
            if (i < 0) {
                return false;
            }
            if (i == cps.length) {
                return true;
            }
            if (cps[i] != ZWJ || i + 1 == cps.length) {
                return false;
            }
            i++;
        }
    }

    /** Reads one pictograph with its modifiers from {@code i}; the index after it, or -1. */
    private static int element(int[] cps, int i) {
        if (!isPictographic(cps[i])) {
            return -1;
        }
        i++;
        if (i < cps.length && cps[i] == VS16) {
            i++;
        }
        if (i < cps.length && isSkinTone(cps[i])) {
            i++;
        }
        return i;
    }

    private static boolean isKeycap(int[] cps) {
        boolean base = cps.length >= 2 && (cps[0] == '#' || cps[0] == '*' || (cps[0] >= '0' && cps[0] <= '9'));
        return base && (cps.length == 2 ? cps[1] == KEYCAP : cps.length == 3 && cps[1] == VS16 && cps[2] == KEYCAP);
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isSkinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    private static boolean isPictographic(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF && !isRegionalIndicator(cp) && !isSkinTone(cp))
                || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x2300 && cp <= 0x23FF)
                || (cp >= 0x2B00 && cp <= 0x2BFF)
                || (cp >= 0x2190 && cp <= 0x21FF)
                || (cp >= 0x25A0 && cp <= 0x25FF)
                || (cp >= 0x2900 && cp <= 0x297F)
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }
}
