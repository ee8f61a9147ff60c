package dev.eventlane.query.control.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import dev.eventlane.query.control.model.SigningKey;
import dev.eventlane.query.control.model.SigningKeyRepository;

/**
 * The RS256 key pair of dashboard JWTs. The first query-api to start generates it and stores it in PostgreSQL, so
 * every replica signs and verifies with the same pair, and the pair is never part of the build or the repository.
 */
@ApplicationScoped
public class SigningKeys {

    static final String KEY_ID = "eventlane-rs256-1";
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final SigningKeyRepository repository;
    private volatile KeyPair pair;

    public SigningKeys(SigningKeyRepository repository) {
        this.repository = repository;
    }

    /** Loads (or creates) the pair at start-up, so no request ever waits for PostgreSQL on an I/O thread for it. */
    void load(@Observes StartupEvent startup) {
        pair();
    }

    public PrivateKey privateKey() {
        return pair().getPrivate();
    }

    public PublicKey publicKey() {
        return pair().getPublic();
    }

    private KeyPair pair() {
        KeyPair local = pair;
        if (local == null) {
            synchronized (this) {
                if (pair == null) {
                    pair = QuarkusTransaction.requiringNew().call(this::loadOrCreate);
                }
                local = pair;
            }
        }
        return local;
    }

    private KeyPair loadOrCreate() {
        // Two replicas starting together: the advisory lock makes the second wait and then load the first's pair.
        repository.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(4242001)").getSingleResult();
        SigningKey stored = repository.findById(KEY_ID);
        if (stored != null) {
            return decode(stored);
        }
        KeyPair generated = generate();
        SigningKey key = new SigningKey();
        key.id = KEY_ID;
        key.privateKey = Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded());
        key.publicKey = Base64.getEncoder().encodeToString(generated.getPublic().getEncoded());
        key.createdAt = Instant.now();
        repository.persist(key);
        LOG.info("Generated the JWT signing key pair");
        return generated;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair decode(SigningKey stored) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(stored.publicKey)));
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(stored.privateKey)));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored JWT signing key cannot be read", e);
        }
    }
}
