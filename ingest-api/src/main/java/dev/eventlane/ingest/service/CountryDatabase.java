package dev.eventlane.ingest.service;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip.Country;
import com.maxmind.geoip.LookupService;

/**
 * A country database in one of the two formats there are: MaxMind DB ({@code .mmdb}: GeoLite2/GeoIP2 Country or
 * City, DB-IP Lite) or the legacy GeoIP Country format ({@code .dat}), which Debian ships in {@code geoip-database}
 * ({@code /usr/share/GeoIP/GeoIP.dat}, with {@code GeoIPv6.dat} beside it for IPv6 addresses).
 */
interface CountryDatabase extends Closeable {

    /** The ISO 3166 code of the address's country, or null when the database has none for it. */
    String country(InetAddress address) throws IOException;

    String describe();

    static CountryDatabase open(String path) throws IOException {
        return path.endsWith(".dat") ? new Legacy(path) : new MaxMindDb(new Reader(new File(path), new CHMCache()));
    }

    record MaxMindDb(Reader reader) implements CountryDatabase {

        @Override
        public String country(InetAddress address) throws IOException {
            Map<?, ?> record = reader.get(address, Map.class);
            Object country = record == null ? null : record.get("country");
            Object code = country instanceof Map<?, ?> fields ? fields.get("iso_code") : null;
            return code instanceof String iso ? iso : null;
        }

        @Override
        public String describe() {
            return reader.getMetadata().getDatabaseType();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** The legacy format; its lookups are synchronized but in memory (well under a microsecond). */
    final class Legacy implements CountryDatabase {

        /** What the legacy format answers for an address it has no country for. */
        private static final String UNKNOWN = "--";

        private final LookupService v4;
        private final LookupService v6;

        Legacy(String path) throws IOException {
            v4 = new LookupService(new File(path), LookupService.GEOIP_MEMORY_CACHE);
            File sibling = Path.of(path).resolveSibling("GeoIPv6.dat").toFile();
            v6 = sibling.isFile() ? new LookupService(sibling, LookupService.GEOIP_MEMORY_CACHE) : null;
        }

        @Override
        public String country(InetAddress address) {
            Country country = address.getAddress().length == 4 ? v4.getCountry(address)
                    : v6 == null ? null : v6.getCountryV6(address);
            String code = country == null ? null : country.getCode();
            return code == null || UNKNOWN.equals(code) || code.length() != 2 ? null : code;
        }

        @Override
        public String describe() {
            return "legacy GeoIP Country" + (v6 == null ? " (IPv4 only)" : "");
        }

        @Override
        public void close() {
            v4.close();
            if (v6 != null) {
                v6.close();
            }
        }
    }
}
