package dev.leakaudit.agent.report;

import java.time.Instant;

/**
 * A millisecond instant as {@code Instant.toString()} writes it ({@code 2026-12-03T01:31:55.120Z},
 * no fraction when the millisecond is zero), without java.time's formatter, whose first use costs
 * every JVM about 9 ms of its start for the report's start marker.
 */
final class UtcTime {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long YEAR_1 = -62_135_596_800_000L;      // 0001-01-01T00:00:00Z
    private static final long YEAR_10000 = 253_402_300_800_000L;  // 10000-01-01T00:00:00Z

    private UtcTime() {
    }

    static String iso(long epochMillis) {
        if (epochMillis < YEAR_1 || epochMillis >= YEAR_10000) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        long ofDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // days since 1970-01-01 to a civil date (proleptic Gregorian), as in Howard Hinnant's civil_from_days
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        StringBuilder text = new StringBuilder(24);
        pad(text, year, 4).append('-');
        pad(text, month, 2).append('-');
        pad(text, day, 2).append('T');
        pad(text, ofDay / 3_600_000, 2).append(':');
        pad(text, ofDay / 60_000 % 60, 2).append(':');
        pad(text, ofDay / 1000 % 60, 2);
        long millis = ofDay % 1000;
        if (millis != 0) {
            pad(text.append('.'), millis, 3);
        }
        return text.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
