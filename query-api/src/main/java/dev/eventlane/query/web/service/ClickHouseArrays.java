package dev.eventlane.query.web.service;

import java.util.ArrayList;
import java.util.List;

/** Reads an {@code Array(String)} as ClickHouse writes it in a result field: {@code ['a','b\'c']}. */
final class ClickHouseArrays {

    private ClickHouseArrays() {
    }

    static List<String> strings(String text) {
        List<String> values = new ArrayList<>();
        int i = 1;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            if (c != '\'') {
                i++;
                continue;
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (i < text.length() && text.charAt(i) != '\'') {
                char d = text.charAt(i++);
                if (d == '\\' && i < text.length()) {
                    char e = text.charAt(i++);
                    switch (e) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case '0' -> value.append('\0');
                        case 'b' -> value.append('\b');
                        case 'f' -> value.append('\f');
                        default -> value.append(e);
                    }
                } else {
                    value.append(d);
                }
            }
            values.add(value.toString());
            i++;
        }
        return values;
    }
}
