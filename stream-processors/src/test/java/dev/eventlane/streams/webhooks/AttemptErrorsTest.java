package dev.eventlane.streams.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/** The delivery log names what went wrong in a fixed phrase, never an address of ours or a Java class. */
class AttemptErrorsTest {

    @Test
    void failuresBecomeFixedPhrasesWithoutAddressesOrClassNames() {
        assertThat(AttemptErrors.of(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(AttemptErrors.of(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("timeout");
        assertThat(AttemptErrors.of(new CompletionException(new SSLHandshakeException(
                "No subject alternative names matching IP address 10.0.0.8 found")))).isEqualTo("TLS error");
        assertThat(AttemptErrors.of(new UnknownHostException("internal-db.cluster.local"))).isEqualTo(
                "host not found");
        assertThat(AttemptErrors.of(new IOException("Connection reset by 192.168.1.20:5432")))
                .isEqualTo("connection failed");
        assertThat(AttemptErrors.of(new IllegalStateException("java.lang.NullPointerException at 10.1.2.3")))
                .isEqualTo("delivery failed");
        for (String phrase : List.of(AttemptErrors.TIMEOUT, AttemptErrors.CONNECTION_REFUSED, AttemptErrors.TLS,
                AttemptErrors.HOST_NOT_FOUND, AttemptErrors.CONNECTION_FAILED, AttemptErrors.NOT_ALLOWED,
                AttemptErrors.FAILED)) {
            assertThat(phrase).doesNotContainPattern("[0-9]|Exception|\\.");
        }
    }

    @Test
    void anInternalTargetIsRefusedWithoutNamingItsAddress() {
        String refusal = new TargetGuard(false).refusal(URI.create("http://localhost:9/hook"));
        assertThat(refusal).isEqualTo("address not allowed");
        assertThat(new TargetGuard(true).refusal(URI.create("http://localhost:9/hook"))).isNull();
    }
}
